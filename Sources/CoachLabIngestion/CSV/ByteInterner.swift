import CoachLabData
import CoachLabSystem
/// Interns byte strings to dense codes through an open-addressing table keyed by bytes,
/// with no allocation per lookup. Each distinct value is validated as UTF-8 once, when it
/// is first seen.
///
/// Exports list ids in a repeating order (every rep each month, or each rep's months
/// together), so the code after the previous one, and the previous one itself, are tried
/// before hashing: one comparison of a few bytes in the common case.
///
/// A table's own ids usually come sorted (reps.csv lists R0000001, R0000002, …). While
/// every new value sorts after the last one it cannot be a repeat, so it is appended with
/// no lookup at all, and the rare lookup of an earlier value is a binary search: the hash
/// table, whose every insert is a cache miss in a table of a quarter of a million ids, is
/// only built once a value arrives out of order or lookups become frequent.
struct ByteInterner {
    /// Returned for bytes that are not valid UTF-8.
    static let invalidUTF8: Int32 = -2
    /// Binary searches a sorted interner answers before it builds its hash table.
    static let searchesBeforeHashing = 64

    /// One slot of the open-addressing table: enough to decide a match for keys of up to
    /// eight bytes (most ids) without touching the arena, so a lookup costs one cache miss.
    struct Slot {
        /// The first eight bytes of the key, zero-padded.
        var prefix: UInt64
        /// 24 bits of hash, and the key's length (capped at 255) in the top byte.
        var tag: UInt32
        /// code + 1; 0 marks an empty slot.
        var entry: Int32
    }

    private var slots: [Slot] = []
    private var starts: [Int] = []
    private var arena: [UInt8] = []
    private(set) var strings: [String] = []
    private var lastCode = -1
    /// Every value sorts strictly after the one before it in code order, and the slot
    /// table is not built; lookups are binary searches.
    private var sorted = true
    private var searches = 0

    var count: Int { strings.count }

    init() {}

    /// The code of `bytes`, assigning the next one on first sight; ``invalidUTF8`` if the
    /// bytes are not UTF-8.
    @inline(__always)
    mutating func code(for bytes: UnsafeRawBufferPointer) -> Int32 {
        let next = lastCode + 1
        if next < strings.count && equals(code: next, bytes) {
            lastCode = next
            return Int32(next)
        }
        if lastCode >= 0 && equals(code: lastCode, bytes) { return Int32(lastCode) }
        let code = codeOrInsert(bytes)
        if code >= 0 { lastCode = Int(code) }
        return code
    }

    /// Builds the hash table now, for a dictionary that many parsers are about to start
    /// from (the pieces of a large file): each piece would otherwise build its own once its
    /// lookups go out of order (ids of sessions that not every row refers to), a table of
    /// millions of entries per piece. Copies share the table until one inserts a value.
    mutating func prepareForSharedLookups() {
        guard sorted && count > Self.searchesBeforeHashing else { return }
        sorted = false
        rebuildSlots(count: Self.slotCount(holding: count))
    }

    /// The codes in this interner of every value of `other`, in `other`'s code order,
    /// adding the values it lacks (how the dictionaries of two pieces of a file merge).
    /// The first `shared` codes are known to be the same in both (a common seed).
    mutating func codes(of other: ByteInterner, shared: Int = 0) -> [Int32] {
        other.arena.withUnsafeBytes { arena in
            // Two sorted runs, the second after the first (a sorted file cut in two): its
            // values are all new and stay in order: appended whole, arena and all.
            if sorted && other.sorted && shared == 0 && other.count > 0
                && (count == 0 || compare(other.key(0, in: arena), code: count - 1) > 0) {
                let first = count
                let base = self.arena.count
                self.arena.append(contentsOf: arena)
                starts.append(contentsOf: other.starts.lazy.map { $0 + base })
                strings.append(contentsOf: other.strings)
                return (first..<count).map { Int32($0) }
            }
            return (0..<other.count).map { code in
                if code < shared { return Int32(code) }
                return codeOrInsert(other.key(code, in: arena), string: other.strings[code])
            }
        }
    }

    /// The code of `string`, assigning the next one on first sight.
    mutating func code(for string: String) -> Int32 {
        var bytes = Array(string.utf8)
        return bytes.withUnsafeMutableBytes { codeOrInsert(UnsafeRawBufferPointer($0)) }
    }

    /// The bytes of `code`, from `arena` (this interner's arena, already opened).
    private func key(_ code: Int, in arena: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer {
        let end = code + 1 < starts.count ? starts[code + 1] : arena.count
        return UnsafeRawBufferPointer(rebasing: arena[starts[code]..<end])
    }

    private mutating func codeOrInsert(_ bytes: UnsafeRawBufferPointer, string known: String? = nil) -> Int32 {
        guard sorted else { return lookUpOrInsert(bytes, string: known) }
        if count == 0 || compare(bytes, code: count - 1) > 0 {
            return append(bytes, string: known)
        }
        searches += 1
        if searches <= Self.searchesBeforeHashing, let found = binarySearch(bytes) { return Int32(found) }
        // A new value out of order, or lookups too frequent for binary search.
        sorted = false
        rebuildSlots(count: Self.slotCount(holding: count))
        return lookUpOrInsert(bytes, string: known)
    }

    /// Adds a value known to be new; ``invalidUTF8`` (and nothing added) if it is not text.
    private mutating func append(_ bytes: UnsafeRawBufferPointer, string known: String?) -> Int32 {
        guard let string = known ?? Self.string(bytes) else { return Self.invalidUTF8 }
        let code = strings.count
        strings.append(string)
        starts.append(arena.count)
        arena.append(contentsOf: bytes)
        return Int32(code)
    }

    /// The code holding `bytes` in a sorted interner.
    private func binarySearch(_ bytes: UnsafeRawBufferPointer) -> Int? {
        var low = 0
        var high = count
        while low < high {
            let middle = (low + high) / 2
            let order = compare(bytes, code: middle)
            if order == 0 { return middle }
            if order > 0 { low = middle + 1 } else { high = middle }
        }
        return nil
    }

    /// The byte order of `bytes` against the value of `code`: negative, zero or positive.
    private func compare(_ bytes: UnsafeRawBufferPointer, code: Int) -> Int {
        arena.withUnsafeBytes { arena in
            let stored = key(code, in: arena)
            for index in 0..<min(bytes.count, stored.count) where bytes[index] != stored[index] {
                return Int(bytes[index]) - Int(stored[index])
            }
            return bytes.count - stored.count
        }
    }

    private mutating func lookUpOrInsert(_ bytes: UnsafeRawBufferPointer, string known: String? = nil) -> Int32 {
        if slots.isEmpty { slots = [Slot](repeating: Slot(prefix: 0, tag: 0, entry: 0), count: 64) }
        let hash = Self.hash(bytes)
        let tag = UInt32(truncatingIfNeeded: hash >> 40) | UInt32(min(bytes.count, 255)) << 24
        let prefix = Self.prefix(bytes)
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        let found: Int32? = slots.withUnsafeBufferPointer { slots in
            while true {
                let candidate = slots[slot]
                if candidate.entry == 0 { return nil }
                if candidate.tag == tag && candidate.prefix == prefix
                    && (bytes.count <= 8 || equals(code: Int(candidate.entry - 1), bytes)) {
                    return candidate.entry - 1
                }
                slot = (slot + 1) & mask
            }
        }
        if let found { return found }
        let code = append(bytes, string: known)
        guard code >= 0 else { return code }
        slots[slot] = Slot(prefix: prefix, tag: tag, entry: code + 1)
        if strings.count * 2 > slots.count { rebuildSlots(count: slots.count * 2) }
        return code
    }

    /// The text of `bytes` if they are valid UTF-8. ASCII (most ids) is checked a word at
    /// a time and decoded without the generic validator.
    static func string(_ bytes: UnsafeRawBufferPointer) -> String? {
        var high: UInt64 = 0
        var index = 0
        while index + 8 <= bytes.count {
            high |= bytes.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            index += 8
        }
        while index < bytes.count {
            high |= UInt64(bytes[index])
            index += 1
        }
        // A NUL byte is valid UTF-8 but never text in an export: refuse it with the rest.
        if bytes.contains(0) { return nil }
        if high & 0x8080_8080_8080_8080 == 0 {
            return String(decoding: bytes.assumingMemoryBound(to: UInt8.self), as: UTF8.self)
        }
        return String(validating: bytes, as: UTF8.self)
    }

    /// The first eight bytes of `bytes`, zero-padded, as one word.
    @inline(__always)
    static func prefix(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        if bytes.count >= 8 { return bytes.loadUnaligned(as: UInt64.self) }
        var word: UInt64 = 0
        for index in 0..<bytes.count { word |= UInt64(bytes[index]) << (8 * UInt64(index)) }
        return word
    }

    @inline(__always)
    private func equals(code: Int, _ bytes: UnsafeRawBufferPointer) -> Bool {
        starts.withUnsafeBufferPointer { starts in
            let start = starts[code]
            let end = code + 1 < starts.count ? starts[code + 1] : arena.count
            guard end - start == bytes.count else { return false }
            return arena.withUnsafeBytes { stored in
                bytes.count == 0 || memcmpEqual(stored.baseAddress! + start, bytes.baseAddress!, bytes.count)
            }
        }
    }

    /// Slots for `count` values: the power of two at least twice as many, at least 64.
    private static func slotCount(holding count: Int) -> Int {
        max(64, 1 << (Int.bitWidth - max(1, 2 * count - 1).leadingZeroBitCount))
    }

    /// A slot table of `count` slots (a power of two) holding every value.
    ///
    /// Values go in by the region of the table their first slot lies in (a counting sort
    /// of the codes), not by code: the writes then sweep the table once instead of each
    /// missing the cache at random, in a serial step before the pieces of performance.csv
    /// start. Linear probing finds a value whatever order the values went in; the codes are
    /// the same.
    private mutating func rebuildSlots(count: Int) {
        // A table of millions of ids is probed at random: 2 MiB pages spare a TLB miss a probe.
        var larger = [Slot](unsafeUninitializedCapacity: count) { buffer, initialized in
            HugePages.advise(UnsafeMutableRawPointer(buffer.baseAddress!), byteCount: count * MemoryLayout<Slot>.stride)
            buffer.baseAddress!.initialize(repeating: Slot(prefix: 0, tag: 0, entry: 0), count: count)
            initialized = count
        }
        let mask = count - 1
        let values = strings.count
        // Each value's slot contents and first slot, then the codes by region of 64 slots.
        var filled = [Slot](repeating: Slot(prefix: 0, tag: 0, entry: 0), count: values)
        var homes = [Int](repeating: 0, count: values)
        arena.withUnsafeBytes { arena in
            for code in 0..<values {
                let key = self.key(code, in: arena)
                let hash = Self.hash(key)
                homes[code] = Int(truncatingIfNeeded: hash) & mask
                filled[code] = Slot(
                    prefix: Self.prefix(key),
                    tag: UInt32(truncatingIfNeeded: hash >> 40) | UInt32(min(key.count, 255)) << 24,
                    entry: Int32(code + 1))
            }
        }
        let shift = 6
        var regionStarts = [Int](repeating: 0, count: (count >> shift) + 1)
        for home in homes { regionStarts[(home >> shift) + 1] += 1 }
        for region in 1..<regionStarts.count { regionStarts[region] += regionStarts[region - 1] }
        var order = [Int32](repeating: 0, count: values)
        for code in 0..<values {
            let region = homes[code] >> shift
            order[regionStarts[region]] = Int32(code)
            regionStarts[region] += 1
        }
        larger.withUnsafeMutableBufferPointer { table in
            for code in order {
                var slot = homes[Int(code)]
                while table[slot].entry != 0 { slot = (slot + 1) & mask }
                table[slot] = filled[Int(code)]
            }
        }
        slots = larger
    }

    /// A fast 64-bit hash of a short byte string, word at a time (murmur3's finaliser).
    @inline(__always)
    static func hash(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(bytes.count)
        var index = 0
        while index + 8 <= bytes.count {
            let word = bytes.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            h = (h ^ word) &* 0xFF51_AFD7_ED55_8CCD
            h ^= h >> 29
            index += 8
        }
        if index < bytes.count {
            var tail: UInt64 = 0
            var shift: UInt64 = 0
            while index < bytes.count {
                tail |= UInt64(bytes[index]) << shift
                shift += 8
                index += 1
            }
            h = (h ^ tail) &* 0xC4CE_B9FE_1A85_EC53
        }
        h ^= h >> 33
        h &*= 0xFF51_AFD7_ED55_8CCD
        h ^= h >> 33
        return h
    }
}

@inline(__always)
func memcmpEqual(_ a: UnsafeRawPointer, _ b: UnsafeRawPointer, _ count: Int) -> Bool {
    var index = 0
    while index + 8 <= count {
        if a.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            != b.loadUnaligned(fromByteOffset: index, as: UInt64.self) { return false }
        index += 8
    }
    while index < count {
        if a.load(fromByteOffset: index, as: UInt8.self) != b.load(fromByteOffset: index, as: UInt8.self) {
            return false
        }
        index += 1
    }
    return true
}
