/// The sessions of coaching_sessions.csv as hashes of (session id, rep), to check that an
/// assignment names a session of its own rep: collected in file order, then laid out once
/// in buckets by their top bits (a counting sort; the hashes are uniform), so that a lookup
/// reads one bucket of about four keys.
struct SessionKeys {
    private var keys: [UInt64] = []
    /// Bucket `b` holds `keys[starts[b]..<starts[b + 1]]`, once laid out.
    private var starts: [Int] = []
    private var shift: UInt64 = 63
    private var laidOut = false

    mutating func insert(_ key: UInt64) {
        precondition(!laidOut, "a session added after the lookups began")
        keys.append(key)
    }

    mutating func contains(_ key: UInt64) -> Bool {
        if !laidOut { layOut() }
        let bucket = Int(key >> shift)
        var index = starts[bucket]
        let end = starts[bucket + 1]
        while index < end {
            if keys[index] == key { return true }
            index += 1
        }
        return false
    }

    private mutating func layOut() {
        laidOut = true
        let wanted = max(2, keys.count / 4)
        let bits = min(30, Int.bitWidth - wanted.leadingZeroBitCount)
        shift = UInt64(64 - bits)
        var counts = [Int](repeating: 0, count: (1 << bits) + 1)
        for key in keys { counts[Int(key >> shift) + 1] += 1 }
        for bucket in 1..<counts.count { counts[bucket] += counts[bucket - 1] }
        starts = counts
        var placed = [UInt64](repeating: 0, count: keys.count)
        for key in keys {
            let bucket = Int(key >> shift)
            placed[counts[bucket]] = key
            counts[bucket] += 1
        }
        keys = placed
    }
}
