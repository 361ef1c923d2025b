import CoachLabPluginAPI

/// The second pass of activity-to-pipeline over some rows, given the groups of calls that
/// the merged first pass fixes: per rep, the groups of the activity curve it has rows in, as
/// bits joined with OR — a rep whose rows lie in several shards counts once per group.
public struct CurveRepsState: PartialState, Equatable {
    /// Per rep, bit d set when the rep has a rep-month in group d (0-based).
    var repGroups: [UInt16]

    /// No rows, for `repCount` reps.
    init(repCount: Int) {
        repGroups = Array(repeating: 0, count: repCount)
    }

    /// The distinct reps of each group.
    var repsPerGroup: [Int] {
        var counts = [Int](repeating: 0, count: CallsGroups.count)
        for bits in repGroups where bits != 0 {
            for group in 0..<CallsGroups.count where bits & (1 << group) != 0 { counts[group] += 1 }
        }
        return counts
    }

    public mutating func merge(_ other: CurveRepsState) {
        precondition(other.repGroups.count == repGroups.count, "states of the same reps")
        for rep in repGroups.indices { repGroups[rep] |= other.repGroups[rep] }
    }

    public func mergeProblem(with other: CurveRepsState) -> String? {
        other.repGroups.count == repGroups.count ? nil : "the states were computed against different reps"
    }

    /// `curvereps` (reps in reps.csv, reps with rows), then a `rep` record each (code, bits).
    public func encode(to writer: inout Partial.Writer) {
        let reps = repGroups.indices.filter { repGroups[$0] != 0 }
        writer.record("curvereps", repGroups.count, reps.count)
        for rep in reps { writer.record("rep", rep, Int(repGroups[rep])) }
    }

    /// Reads what ``encode(to:)`` wrote, reps in order, each once, in groups that exist.
    public init(decoding reader: inout Partial.Reader) throws(Partial.FormatError) {
        let header = try reader.expect("curvereps")
        try header.expectFields(2)
        let repCount = try header.count(0, atMost: Partial.Bounds.maximumDimensionRows)
        if let reps = reader.bounds.reps, repCount != reps {
            throw Partial.FormatError(line: header.line, "\(repCount) reps, but the state's dimension tables have \(reps)")
        }
        self.init(repCount: repCount)
        var last = -1
        for _ in 0..<(try header.count(1, atMost: repCount)) {
            let record = try reader.expect("rep")
            try record.expectFields(2)
            let rep = try record.code(0, below: repCount)
            let bits = try record.count(1, atMost: (1 << CallsGroups.count) - 1)
            guard rep > last, bits != 0 else {
                throw Partial.FormatError(line: record.line, "rep \(rep) is out of order, listed twice or in no group")
            }
            last = rep
            repGroups[rep] = UInt16(bits)
        }
    }
}
