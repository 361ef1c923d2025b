import CoachLabSystem

/// Which part of a whole-rep split holds a rep. For `coachlab split`, the SipHash-2-4 of its
/// id (the id's UTF-8 bytes, surrounding spaces and tabs trimmed, as the loader compares
/// ids) under a fixed key, modulo the number of parts. Nothing else enters it — not the row
/// order, the file, the machine or the other reps — so a later export of the same reps
/// splits the same way. For `run --blocks`, the rep's row in reps.csv (``Placement``).
public struct RepPartition: Sendable, Hashable {
    /// How a rep's part is chosen.
    public enum Placement: Sendable, Hashable {
        /// By the hash of the rep's id: stable across exports.
        case idHash
        /// By the rep's row in reps.csv: part k holds the contiguous rows
        /// ``RepPartition/reps(ofPart:reps:)`` gives, so that a part's reps are a range
        /// of codes and what a plugin sizes by its reps grows with the part.
        case rowRanges
    }

    /// The key: the 16 ASCII bytes `CoachLabRepSplit` (k0 = `CoachLab`, k1 = `RepSplit`,
    /// each read as a little-endian word, as the reference implementation reads its key).
    public static let key: (UInt64, UInt64) = (0x6261_4C68_6361_6F43, 0x7469_6C70_5370_6552)
    /// The most parts a split writes (folder names have five digits).
    public static let maximumParts = 100_000

    public let parts: Int
    public let placement: Placement

    /// Nil unless `parts` is within 1…``maximumParts``.
    public init?(parts: Int, placement: Placement = .idHash) {
        guard (1...Self.maximumParts).contains(parts) else { return nil }
        self.parts = parts
        self.placement = placement
    }

    /// The part (0-based) of the rep of row `rep` of `reps` in reps.csv, whose id hashes
    /// to `hash`.
    public func part(ofRep rep: Int32, of reps: Int, hash: UInt64) -> Int {
        switch placement {
        case .idHash: part(ofHash: hash)
        // The k with reps·k/parts ≤ rep < reps·(k+1)/parts (floors), in exact integers.
        case .rowRanges: Int((Int64(rep) + 1) * Int64(parts) - 1) / reps
        }
    }

    /// The rows of reps.csv (codes) that part `part` holds under ``Placement/rowRanges``,
    /// of `reps` reps.
    public func reps(ofPart part: Int, reps: Int) -> Range<Int> {
        (reps * part / parts)..<(reps * (part + 1) / parts)
    }

    /// The hash that places a rep, of its id's bytes (trimmed, UTF-8).
    public static func hash(_ id: UnsafeRawBufferPointer) -> UInt64 {
        SipHash.hash(id.assumingMemoryBound(to: UInt8.self), key: key)
    }

    /// The part (0-based) of a rep whose id hashes to `hash`.
    public func part(ofHash hash: UInt64) -> Int { Int(hash % UInt64(parts)) }

    /// The part (0-based) of the rep `id` (trimmed as the loader trims ids).
    public func part(of id: String) -> Int {
        var bytes = Array(id.utf8)
        while let last = bytes.last, last == 0x20 || last == 0x09 { bytes.removeLast() }
        let start = bytes.firstIndex { $0 != 0x20 && $0 != 0x09 } ?? bytes.endIndex
        return bytes[start...].withUnsafeBytes { part(ofHash: Self.hash($0)) }
    }

    /// The name of part `index`'s folder: `part-00000` to `part-99999`.
    public static func folderName(_ index: Int) -> String {
        let digits = String(index)
        return "part-" + String(repeating: "0", count: max(0, 5 - digits.count)) + digits
    }
}
