import CoachLabPluginAPI

/// The partial state of skill-will-matrix over some reps (each with all its rows and
/// assignments): each rep's commitments counted, the weight of its months in its change, and
/// the labels of its two halves; the sums behind the noise of a month's attainment; and what
/// the result needs of the dimension tables. Every rep is in one part only, so merging takes
/// each rep's record from the state that has it and adds the sums.
public struct CommitmentState: PartialState, Equatable {
    var repIDs: [String]
    /// Each rep's manager, a code into ``managerIDs``.
    var repManagers: [Int32]
    var managerIDs: [String]
    var managerTiers: [CoachingTier]
    /// Per rep; nil for a rep no part has counted yet.
    var records: [RepRecord?]
    /// Σ of each rep's squared residuals around its own trend, and their degrees of freedom
    /// (``ChangeNoise/monthVariance(_:)``), over reps with three months or more.
    var monthSquares = Partial.ExactSum()
    var monthDegrees = 0
    /// Commitments naming a column performance.csv does not have.
    var missingMetric = 0

    /// One rep's part of the state.
    struct RepRecord: Equatable {
        var commitments = RepCommitments()
        /// Σ of the squared weights of its months in its mean change (``ChangeNoise``).
        var changeWeightSquares: Double?
        /// The unshrunk labels of its odd- and even-numbered commitments, when both are placed.
        var halves: (odd: Quadrant, even: Quadrant)?

        static func == (a: RepRecord, b: RepRecord) -> Bool {
            a.commitments == b.commitments && a.changeWeightSquares?.bitPattern == b.changeWeightSquares?.bitPattern
                && a.halves?.odd == b.halves?.odd && a.halves?.even == b.halves?.even
        }
    }

    init(repIDs: [String], repManagers: [Int32], managerIDs: [String], managerTiers: [CoachingTier]) {
        self.repIDs = repIDs
        self.repManagers = repManagers
        self.managerIDs = managerIDs
        self.managerTiers = managerTiers
        records = Array(repeating: nil, count: repIDs.count)
    }

    /// Each rep's commitments, the empty record for a rep no part counted.
    var commitments: [RepCommitments] { records.map { $0?.commitments ?? RepCommitments() } }

    /// The variance of a month's attainment around its rep's trend; nil without degrees.
    var monthVariance: Double? { monthDegrees > 0 ? monthSquares.value.map { $0 / Double(monthDegrees) } : nil }

    public mutating func merge(_ other: CommitmentState) {
        precondition(other.repIDs == repIDs, "states of different dimension tables")
        for rep in records.indices where other.records[rep] != nil { records[rep] = other.records[rep] }
        monthSquares.merge(other.monthSquares)
        monthDegrees += other.monthDegrees
        missingMetric += other.missingMetric
    }

    public func mergeProblem(with other: CommitmentState) -> String? {
        guard other.repIDs == repIDs, other.repManagers == repManagers, other.managerIDs == managerIDs,
              other.managerTiers == managerTiers else {
            return "the states were computed against different reps or managers"
        }
        if let rep = records.indices.first(where: { records[$0] != nil && other.records[$0] != nil }) {
            return "rep \(repIDs[rep]) is in both states: a rep's commitments must come from one part"
        }
        return nil
    }
}
