import CoachLabPluginAPI

/// The partial state of coaching-coverage over some reps (each with all its rows and
/// sessions): per manager and per manager-month counts, minutes summed exactly, and what the
/// result needs of managers.csv. Counts add, the longest gap is a maximum, and the months
/// are absolute, so the states of any split of the reps merge into the state of all.
public struct CoverageState: PartialState, Equatable {
    var managerIDs: [String]
    var managerTiers: [CoachingTier]
    /// Per manager, over its reps with rows (their reps.csv manager).
    var totals: [ManagerTotals]
    /// The manager-months with a team, in order of month then manager: kept sparse, so a
    /// state holds no more cells than rows, whatever the span of months or managers.
    var teamMonths: [TeamMonth] = []
    var repsWithRows = 0
    var sessionsCounted = 0
    var sessionsOutsideData = 0
    var validCoached = 0, attainedCoached = 0
    var validUncoached = 0, attainedUncoached = 0

    /// Reps of a manager with a row in a month, and those coached.
    struct TeamMonth: Equatable {
        var month: Int32
        var manager: Int32
        var team: Int
        var coached: Int

        func precedes(_ other: TeamMonth) -> Bool { (month, manager) < (other.month, other.manager) }
    }

    /// One manager's counts.
    struct ManagerTotals: Equatable {
        var reps = 0, repMonths = 0, coachedRepMonths = 0, sessions = 0
        var neverCoached = 0, longestGap = 0, validRepMonths = 0, attained = 0
        var minutes = Partial.ExactSum()

        var isEmpty: Bool { self == ManagerTotals() }

        mutating func merge(_ other: ManagerTotals) {
            reps += other.reps
            repMonths += other.repMonths
            coachedRepMonths += other.coachedRepMonths
            sessions += other.sessions
            neverCoached += other.neverCoached
            longestGap = max(longestGap, other.longestGap)
            validRepMonths += other.validRepMonths
            attained += other.attained
            minutes.merge(other.minutes)
        }
    }

    init(managerIDs: [String], managerTiers: [CoachingTier]) {
        self.managerIDs = managerIDs
        self.managerTiers = managerTiers
        totals = Array(repeating: ManagerTotals(), count: managerIDs.count)
    }

    var managerCount: Int { managerIDs.count }

    public mutating func merge(_ other: CoverageState) {
        precondition(other.managerIDs == managerIDs, "states of different dimension tables")
        for m in totals.indices { totals[m].merge(other.totals[m]) }
        teamMonths = Self.merged(teamMonths, other.teamMonths)
        repsWithRows += other.repsWithRows
        sessionsCounted += other.sessionsCounted
        sessionsOutsideData += other.sessionsOutsideData
        validCoached += other.validCoached
        attainedCoached += other.attainedCoached
        validUncoached += other.validUncoached
        attainedUncoached += other.attainedUncoached
    }

    public func mergeProblem(with other: CoverageState) -> String? {
        guard other.managerIDs == managerIDs, other.managerTiers == managerTiers else {
            return "the states were computed against different managers"
        }
        guard zip(totals, other.totals).allSatisfy({ ($0.minutes.scaled.addingReportingOverflow($1.minutes.scaled)).overflow == false })
        else { return "the minutes would overflow" }
        return nil
    }

    /// Two lists of team-months in order, as one in order, equal cells added.
    static func merged(_ a: [TeamMonth], _ b: [TeamMonth]) -> [TeamMonth] {
        var result: [TeamMonth] = []
        result.reserveCapacity(a.count + b.count)
        var i = 0, j = 0
        while i < a.count || j < b.count {
            if j == b.count || (i < a.count && a[i].precedes(b[j])) {
                result.append(a[i])
                i += 1
            } else if i == a.count || b[j].precedes(a[i]) {
                result.append(b[j])
                j += 1
            } else {
                var cell = a[i]
                cell.team += b[j].team
                cell.coached += b[j].coached
                result.append(cell)
                i += 1
                j += 1
            }
        }
        return result
    }
}
