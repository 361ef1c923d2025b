/// 64-bit keys that are already uniform hashes, each with a value, looked up with one probe
/// or a few: an open-addressing table indexed by the key's low bits, for the row-by-row
/// lookups of a split (a Swift dictionary would hash the hash again).
struct HashedKeys: Sendable {
    private var keys: [UInt64]
    private var values: [Int32]
    private var used: [Bool]
    private let mask: Int
    private(set) var count = 0

    /// A table with room for `capacity` keys at most half full.
    init(capacity: Int) {
        var size = 16
        while size < 2 * capacity { size *= 2 }
        keys = [UInt64](repeating: 0, count: size)
        values = [Int32](repeating: 0, count: size)
        used = [Bool](repeating: false, count: size)
        mask = size - 1
    }

    /// The value of `key`, or nil.
    func value(of key: UInt64) -> Int32? {
        var slot = Int(truncatingIfNeeded: key) & mask
        while used[slot] {
            if keys[slot] == key { return values[slot] }
            slot = (slot + 1) & mask
        }
        return nil
    }

    /// Sets the value of `key`; the table must have room (see ``init(capacity:)``).
    mutating func set(_ key: UInt64, to value: Int32) {
        var slot = Int(truncatingIfNeeded: key) & mask
        while used[slot] && keys[slot] != key { slot = (slot + 1) & mask }
        if !used[slot] { count += 1 }
        used[slot] = true
        keys[slot] = key
        values[slot] = value
    }
}
