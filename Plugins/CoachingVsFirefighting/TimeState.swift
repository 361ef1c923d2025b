import CoachLabPluginAPI

/// The partial state of coaching-vs-firefighting over some reps (each with all its rows and
/// sessions): per manager, the sessions held and their minutes summed exactly, and the
/// outcomes of the manager's team; per tier, the reps its managers coached. Every count is
/// of whole reps' rows, so the states of any split of the reps add up to the state of all.
public struct TimeState: PartialState, Equatable {
    var managerIDs: [String]
    var managerTiers: [CoachingTier]
    var managers: [ManagerTime]
    /// Per tier (``CoachingTier/rawValue``): reps with a session held by one of its managers.
    var repsCoachedByTier: [Int]

    /// One manager's sessions (as the one who held them) and team (as reps.csv's manager).
    struct ManagerTime: Equatable {
        var sessions = 0
        var problemSolving = 0
        /// Distinct reps the manager held a session with.
        var repsCoached = 0
        var minutes = Partial.ExactSum()
        var developmentalMinutes = Partial.ExactSum()
        /// The team's rep-months with quota > 0, and those attained.
        var validRepMonths = 0
        var attained = 0
        /// The team's reps with a slope (six valid months or more), and the slopes' sum.
        var slopes = 0
        var slopeSum = Partial.ExactSum()

        var isEmpty: Bool { self == ManagerTime() }

        mutating func merge(_ other: ManagerTime) {
            sessions += other.sessions
            problemSolving += other.problemSolving
            repsCoached += other.repsCoached
            minutes.merge(other.minutes)
            developmentalMinutes.merge(other.developmentalMinutes)
            validRepMonths += other.validRepMonths
            attained += other.attained
            slopes += other.slopes
            slopeSum.merge(other.slopeSum)
        }
    }

    init(managerIDs: [String], managerTiers: [CoachingTier]) {
        self.managerIDs = managerIDs
        self.managerTiers = managerTiers
        managers = Array(repeating: ManagerTime(), count: managerIDs.count)
        repsCoachedByTier = Array(repeating: 0, count: CoachingTier.allCases.count)
    }

    public mutating func merge(_ other: TimeState) {
        precondition(other.managerIDs == managerIDs, "states of different dimension tables")
        for m in managers.indices { managers[m].merge(other.managers[m]) }
        for tier in repsCoachedByTier.indices { repsCoachedByTier[tier] += other.repsCoachedByTier[tier] }
    }

    public func mergeProblem(with other: TimeState) -> String? {
        guard other.managerIDs == managerIDs, other.managerTiers == managerTiers else {
            return "the states were computed against different managers"
        }
        return nil
    }
}
