import CoachLabPluginAPI
import CoachLabKernels

/// The first pass of assignment-follow-through over some reps (each with all its rows,
/// sessions and assignments): each rep's assignment counts, days late and change around its
/// assignments; per manager, sessions held and those that set an assignment; and the event
/// study's sums. Reps are disjoint between parts, so their records union and counts add.
public struct FollowThroughState: PartialState, Equatable {
    var managerIDs: [String]
    var managerTiers: [CoachingTier]
    /// Per rep with an assignment (code).
    var reps: [Int32: Rep] = [:]
    /// Per manager (session's manager): sessions held, and those that set an assignment.
    var sessionsHeld: [Int32: Int] = [:]
    var sessionsWithAssignment: [Int32: Int] = [:]
    /// Assignments with a before/after change.
    var withOutcome = 0
    var repChanges = RepChanges(groups: 1)
    var study: EventStudy.FirstPass

    /// One rep's assignments: its id and manager (reps.csv), counts and days late.
    struct Rep: Equatable {
        var id: String
        var manager: Int32
        var assignments = 0, completed = 0, onTime = 0
        /// Days past due of each assignment completed late, in file order.
        var daysLate: [Int] = []

        var counts: FollowThroughCounts {
            FollowThroughCounts(assignments: assignments, completed: completed, onTime: onTime, daysLate: daysLate.map(Double.init))
        }
    }

    init(managerIDs: [String], managerTiers: [CoachingTier], study: EventStudy.FirstPass) {
        self.managerIDs = managerIDs
        self.managerTiers = managerTiers
        self.study = study
    }

    public mutating func merge(_ other: FollowThroughState) {
        reps.merge(other.reps) { mine, _ in mine }
        sessionsHeld.merge(other.sessionsHeld, uniquingKeysWith: +)
        sessionsWithAssignment.merge(other.sessionsWithAssignment, uniquingKeysWith: +)
        withOutcome += other.withOutcome
        repChanges.merge(other.repChanges)
        study.merge(other.study)
    }

    public func mergeProblem(with other: FollowThroughState) -> String? {
        let (smaller, larger) = reps.count <= other.reps.count ? (reps, other.reps) : (other.reps, reps)
        if let rep = smaller.keys.filter({ larger[$0] != nil }).min() ?? repChanges.sharedRep(with: other.repChanges) {
            return "rep with code \(rep) is in both states: whole-rep parts hold each rep once"
        }
        return study.mergeProblem(with: other.study)
    }

    /// Each manager's reps' counts together (their reps.csv manager), and its reps.
    var managerCounts: (counts: [FollowThroughCounts], reps: [Int]) {
        var counts = [FollowThroughCounts](repeating: FollowThroughCounts(), count: managerIDs.count)
        var repsOf = [Int](repeating: 0, count: managerIDs.count)
        for code in reps.keys.sorted() {
            let rep = reps[code]!, m = Int(rep.manager)
            counts[m].assignments += rep.assignments
            counts[m].completed += rep.completed
            counts[m].onTime += rep.onTime
            counts[m].daysLate += rep.daysLate.map(Double.init)
            repsOf[m] += 1
        }
        return (counts, repsOf)
    }
}
