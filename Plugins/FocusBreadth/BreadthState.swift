import CoachLabPluginAPI
import CoachLabKernels

/// The first pass of focus-breadth over some reps (each with all its rows and sessions):
/// per tier, counts of sessions, areas, focused sessions, areas in 30-day windows and
/// distinct reps; each rep's before/after changes per breadth; and the event study's sums.
/// Reps are disjoint between parts, so every count adds and the reps' records union.
public struct BreadthState: PartialState, Equatable {
    /// Whether coaching_sessions.csv has focus_areas.
    var hasAreas = true
    /// Per tier (``CoachingTier`` raw value).
    var sessionsWithAreas = [Int](repeating: 0, count: CoachingTier.allCases.count)
    var areaTotals = [Int](repeating: 0, count: CoachingTier.allCases.count)
    var focusedSessions = [Int](repeating: 0, count: CoachingTier.allCases.count)
    var windowTotals = [Int](repeating: 0, count: CoachingTier.allCases.count)
    var repsInTier = [Int](repeating: 0, count: CoachingTier.allCases.count)
    var withoutAreas = 0
    /// Developmental sessions per breadth (focused, broad), and those with a change.
    var developmental = [0, 0]
    var withOutcome = 0
    var repChanges = RepChanges(groups: 2)
    var study: EventStudy.FirstPass

    init(study: EventStudy.FirstPass) { self.study = study }

    public mutating func merge(_ other: BreadthState) {
        hasAreas = hasAreas && other.hasAreas
        for tier in sessionsWithAreas.indices {
            sessionsWithAreas[tier] += other.sessionsWithAreas[tier]
            areaTotals[tier] += other.areaTotals[tier]
            focusedSessions[tier] += other.focusedSessions[tier]
            windowTotals[tier] += other.windowTotals[tier]
            repsInTier[tier] += other.repsInTier[tier]
        }
        withoutAreas += other.withoutAreas
        for group in developmental.indices { developmental[group] += other.developmental[group] }
        withOutcome += other.withOutcome
        repChanges.merge(other.repChanges)
        study.merge(other.study)
    }

    public func mergeProblem(with other: BreadthState) -> String? {
        if let rep = repChanges.sharedRep(with: other.repChanges) {
            return "rep with code \(rep) is in both states: whole-rep parts hold each rep once"
        }
        return study.mergeProblem(with: other.study)
    }

    /// `breadth` (whether areas exist, sessions without areas, developmental sessions per
    /// breadth, with a change), `tier` per tier (sessions, areas, focused, window areas,
    /// reps), each rep's changes (``RepChanges``), then the event study's records.
    public func encode(to writer: inout Partial.Writer) {
        writer.record("breadth", hasAreas ? 1 : 0, withoutAreas, developmental[0], developmental[1], withOutcome)
        for tier in CoachingTier.allCases.indices {
            writer.record("tier", tier, sessionsWithAreas[tier], areaTotals[tier], focusedSessions[tier], windowTotals[tier], repsInTier[tier])
        }
        repChanges.encode(to: &writer)
        study.encode(to: &writer)
    }

    public init(decoding reader: inout Partial.Reader) throws(Partial.FormatError) {
        let rows = reader.bounds.rows
        let reps = reader.bounds.reps ?? Partial.Bounds.maximumDimensionRows
        let header = try reader.expect("breadth")
        try header.expectFields(5)
        let hasAreas = try header.count(0, atMost: 1) == 1
        let withoutAreas = try header.count(1, atMost: rows)
        let developmental = [try header.count(2, atMost: rows), try header.count(3, atMost: rows)]
        let withOutcome = try header.count(4, atMost: developmental[0] + developmental[1])
        var tiers: [[Int]] = []
        for tier in CoachingTier.allCases.indices {
            let record = try reader.expect("tier")
            try record.expectFields(6)
            guard try record.field(0, as: Int.self) == tier else { throw Partial.FormatError(line: record.line, "tiers out of order") }
            let sessions = try record.count(1, atMost: rows)
            // At most 4,096 areas per session (or window): with rows below 2⁴⁸, merged totals
            // stay below 2⁶⁰ and cannot overflow.
            tiers.append([
                sessions, try record.count(2, atMost: sessions << 12), try record.count(3, atMost: sessions),
                try record.count(4, atMost: sessions << 12), try record.count(5, atMost: reps),
            ])
        }
        let repChanges = try RepChanges(groups: 2, decoding: &reader, managers: reader.bounds.managers ?? Partial.Bounds.maximumDimensionRows, events: developmental)
        self.init(study: try EventStudy.FirstPass(decoding: &reader))
        self.hasAreas = hasAreas
        self.withoutAreas = withoutAreas
        self.developmental = developmental
        self.withOutcome = withOutcome
        self.repChanges = repChanges
        sessionsWithAreas = tiers.map { $0[0] }
        areaTotals = tiers.map { $0[1] }
        focusedSessions = tiers.map { $0[2] }
        windowTotals = tiers.map { $0[3] }
        repsInTier = tiers.map { $0[4] }
    }
}
