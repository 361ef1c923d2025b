/// Where a rep stands on commitment and outcome.
enum Quadrant: Int, CaseIterable {
    /// Followed through on commitments and attainment improved.
    case onTrack
    /// Followed through, attainment did not improve: a skill gap, coach with patience.
    case skillGap
    /// Did not follow through: a will or execution problem.
    case willGap
    /// No commitment (assignment with a target) on record.
    case noCommitment
    /// Commitments on record, but none that the data can judge yet (no months after it),
    /// or no attainment on both sides of them.
    case notAssessable
    /// Judged commitments, but too few to place the rep: after shrinkage toward its tier,
    /// the rep is not on one side of a dividing line with the probability asked for.
    case uncertain

    var id: String {
        switch self {
        case .onTrack: "on_track"
        case .skillGap: "skill_gap"
        case .willGap: "will_gap"
        case .noCommitment: "no_commitment"
        case .notAssessable: "not_assessable"
        case .uncertain: "uncertain"
        }
    }

    /// Each quadrant's id and name for people, for a table's quadrant column.
    static var labels: [String: String] {
        Dictionary(uniqueKeysWithValues: allCases.map { ($0.id, $0.heading) })
    }

    /// A column heading.
    var heading: String {
        switch self {
        case .onTrack: "On track"
        case .skillGap: "Skill gap"
        case .willGap: "Will gap"
        case .noCommitment: "No commitment"
        case .notAssessable: "Not assessable"
        case .uncertain: "Uncertain"
        }
    }

    /// The quadrants a rep's record can be labelled with, on which split halves are compared.
    static let placed: [Quadrant] = [.onTrack, .skillGap, .willGap]

    var label: String {
        switch self {
        case .onTrack: "Followed through, improving"
        case .skillGap: "Followed through, not improving (skill)"
        case .willGap: "Not following through (will)"
        case .noCommitment: "No commitment on record"
        case .notAssessable: "Commitments not yet assessable"
        case .uncertain: "Too little data to place reliably"
        }
    }
}
