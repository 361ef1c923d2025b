import CoachLabData

/// What identifies the dimension tables (managers, reps) a state was computed against:
/// states hold dense row codes of these tables, so they only merge when the tables match.
public struct DimensionFingerprint: Sendable, Hashable, CustomStringConvertible {
    /// FNV-1a (64-bit) over the tables' content in a canonical form: ids, tiers, scores,
    /// each rep's manager, hire date, region and segment. Detects a different or
    /// reordered table; not a defence against a deliberate collision.
    public var hash: UInt64
    public var managers: Int
    public var reps: Int

    public init(hash: UInt64, managers: Int, reps: Int) {
        self.hash = hash
        self.managers = managers
        self.reps = reps
    }

    public init(managers: Managers, reps: Reps) {
        var hasher = FNV1a()
        for (row, id) in managers.ids.enumerated() {
            hasher.add(id)
            hasher.add(UInt64(managers.tiers[row].rawValue))
            hasher.add(managers.coachingScores.map { $0[row].bitPattern } ?? 0)
        }
        for (row, id) in reps.ids.enumerated() {
            hasher.add(id)
            hasher.add(UInt64(UInt32(bitPattern: reps.managers[row])))
            hasher.add(UInt64(UInt32(bitPattern: reps.hireDates?[row] ?? -1)))
            hasher.add(reps.regions?[row] ?? "")
            hasher.add(reps.segments?[row] ?? "")
        }
        self.init(hash: hasher.value, managers: managers.count, reps: reps.count)
    }

    public var hexHash: String {
        let digits = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }

    public var description: String { "\(hexHash) (\(managers) managers, \(reps) reps)" }
}

/// 64-bit FNV-1a over length-prefixed fields.
struct FNV1a {
    private(set) var value: UInt64 = 0xCBF2_9CE4_8422_2325

    mutating func add(_ byte: UInt8) {
        value = (value ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
    }

    mutating func add(_ word: UInt64) {
        for shift in stride(from: 0, to: 64, by: 8) { add(UInt8(truncatingIfNeeded: word >> UInt64(shift))) }
    }

    mutating func add(_ text: String) {
        add(UInt64(text.utf8.count))
        for byte in text.utf8 { add(byte) }
    }
}
