import CoachLabPluginAPI

/// The partial state of performance-gaps: every rep's exact funnel totals, and what the
/// result needs of the dimension tables (each rep's id, manager, segment and region).
public struct GapsState: PartialState, Equatable {
    var repIDs: [String]
    var managerIDs: [String]
    /// Nil where the rep has none; the whole array nil when reps.csv lacks the column.
    var segments: [String?]?
    var regions: [String?]?
    /// Whether performance.csv had calls, meetings, opportunities_created, pipeline_value.
    var columnsPresent: [Bool]
    var totals: TotalsByRep

    public mutating func merge(_ other: GapsState) {
        precondition(other.repIDs == repIDs, "states of different dimension tables")
        for index in columnsPresent.indices { columnsPresent[index] = columnsPresent[index] || other.columnsPresent[index] }
        totals.merge(other.totals)
    }

    public func mergeProblem(with other: GapsState) -> String? {
        guard other.repIDs == repIDs, other.managerIDs == managerIDs, other.segments == segments, other.regions == regions,
              other.columnsPresent.count == columnsPresent.count else {
            return "the states were computed against different reps"
        }
        return nil
    }

    public func encode(to writer: inout Partial.Writer) {
        writer.record("columns", columnsPresent.map { $0 ? 1 : 0 } as [any Partial.Field])
        writer.record("dimensions", repIDs.count, segments == nil ? 0 : 1, regions == nil ? 0 : 1)
        for rep in repIDs.indices {
            writer.record("rep", rep, repIDs[rep], managerIDs[rep], Self.optional(segments?[rep]), Self.optional(regions?[rep]))
        }
        for (rep, total) in totals.withMonths {
            writer.record("totals", [rep, total.months, total.callMonths, total.meetingMonths] + total.sums.array.map { $0 as any Partial.Field })
        }
    }

    public init(decoding reader: inout Partial.Reader) throws(Partial.FormatError) {
        let columns = try reader.expect("columns")
        try columns.expectFields(4)
        columnsPresent = try (0..<4).map { index throws(Partial.FormatError) in try columns.field(index, as: Int.self) == 1 }
        let dimensions = try reader.expect("dimensions")
        try dimensions.expectFields(3)
        let count: Int = try dimensions.field(0)
        if let reps = reader.bounds.reps, count != reps {
            throw Partial.FormatError(line: dimensions.line, "\(count) reps, but the state's dimension tables have \(reps)")
        }
        guard count >= 0 && count <= 100_000_000 else { throw Partial.FormatError(line: dimensions.line, "impossible number of reps") }
        let hasSegments = try dimensions.field(1, as: Int.self) == 1
        let hasRegions = try dimensions.field(2, as: Int.self) == 1
        repIDs = []
        managerIDs = []
        var segments: [String?] = [], regions: [String?] = []
        for rep in 0..<count {
            let record = try reader.expect("rep")
            try record.expectFields(5)
            guard try record.field(0, as: Int.self) == rep else { throw Partial.FormatError(line: record.line, "reps out of order") }
            repIDs.append(try record.field(1))
            managerIDs.append(try record.field(2))
            segments.append(Self.decodeOptional(try record.field(3)))
            regions.append(Self.decodeOptional(try record.field(4)))
        }
        self.segments = hasSegments ? segments : nil
        self.regions = hasRegions ? regions : nil
        var totals = TotalsByRep()
        let rows = reader.bounds.rows
        // Counts are at most 2⁴⁸ (Partial.Bounds.maximumRows): a sum of two cannot overflow.
        var months = 0
        while let record = reader.next() {
            guard record.name == "totals" else { throw Partial.FormatError(line: record.line, "unexpected '\(record.shownName)' record") }
            try record.expectFields(4 + FunnelSums.count)
            let rep = try record.code(0, below: count)
            var total = FunnelTotals()
            total.months = try record.count(1, atMost: rows)
            total.callMonths = try record.count(2, atMost: total.months)
            total.meetingMonths = try record.count(3, atMost: total.months)
            guard total.months > 0, rep >= totals.reps.upperBound else {
                throw Partial.FormatError(line: record.line, "rep \(rep) is empty, out of order or listed twice")
            }
            months += total.months
            guard months <= rows else {
                throw Partial.FormatError(line: record.line, "the reps' months add up to more than the \(rows) row(s) the state covers")
            }
            total.sums = FunnelSums(try (0..<FunnelSums.count).map { index throws(Partial.FormatError) in try record.field(4 + index) })
            totals[rep] = total
        }
        self.totals = totals
    }

    init(repIDs: [String], managerIDs: [String], segments: [String?]?, regions: [String?]?, columnsPresent: [Bool], totals: TotalsByRep) {
        self.repIDs = repIDs
        self.managerIDs = managerIDs
        self.segments = segments
        self.regions = regions
        self.columnsPresent = columnsPresent
        self.totals = totals
    }

    /// `-` for none, `=value` for a value.
    private static func optional(_ text: String?) -> String { text.map { "=" + $0 } ?? "-" }

    private static func decodeOptional(_ text: String) -> String? { text.hasPrefix("=") ? String(text.dropFirst()) : nil }
}
