import CoachLabPluginAPI
import CoachLabKernels

/// The counts behind coverage: per manager, per manager-month and per rep.
struct Coverage {
    let managerCount: Int
    var reps: [Int]
    var repMonths: [Int]
    var coachedRepMonths: [Int]
    var sessions: [Int]
    var minutes: [Double]
    var neverCoached: [Int]
    var longestGap: [Int]
    var validRepMonths: [Int]
    var attained: [Int]
    /// `managers × months`, manager-major.
    var teamByMonth: [Int]
    var coachedByMonth: [Int]
    var repsWithRows = 0
    var sessionsCounted = 0
    var sessionsOutsideData = 0
    var validCoached = 0, attainedCoached = 0
    var validUncoached = 0, attainedUncoached = 0

    init(grid: RepMonthGrid, sessions table: CoachingSessions, repManagers: [Int32], managerCount: Int) {
        self.managerCount = managerCount
        reps = Array(repeating: 0, count: managerCount)
        repMonths = reps
        coachedRepMonths = reps
        sessions = reps
        minutes = Array(repeating: 0, count: managerCount)
        neverCoached = reps
        longestGap = reps
        validRepMonths = reps
        attained = reps
        teamByMonth = Array(repeating: 0, count: managerCount * grid.months)
        coachedByMonth = teamByMonth

        // Sessions per rep-month, counted where the rep has a row that month.
        var sessionsInCell = [Int32](repeating: 0, count: grid.reps * grid.months)
        var minutesInCell = [Double](repeating: 0, count: grid.reps * grid.months)
        for s in 0..<table.count {
            let (year, month, _) = CivilDate.components(table.dates[s])
            let rep = Int(table.reps[s])
            guard let column = grid.column(of: MonthIndex.make(year: year, month: month)),
                  grid.isPresent(rep: rep, column: column) else {
                sessionsOutsideData += 1
                continue
            }
            sessionsInCell[rep * grid.months + column] += 1
            // A session of unknown length (possible only in a dataset built in code) counts
            // as a session, not as minutes.
            if table.durationsMinutes[s].isFinite { minutesInCell[rep * grid.months + column] += table.durationsMinutes[s] }
            sessionsCounted += 1
        }

        for rep in 0..<grid.reps {
            let m = Int(repManagers[rep])
            var present = 0, coached = 0, gap = 0, longest = 0
            for column in 0..<grid.months {
                guard grid.isPresent(rep: rep, column: column) else {
                    gap = 0
                    continue
                }
                let cell = rep * grid.months + column
                present += 1
                teamByMonth[m * grid.months + column] += 1
                let isCoached = sessionsInCell[cell] > 0
                if isCoached {
                    coached += 1
                    coachedByMonth[m * grid.months + column] += 1
                    gap = 0
                } else {
                    gap += 1
                    longest = max(longest, gap)
                }
                sessions[m] += Int(sessionsInCell[cell])
                minutes[m] += minutesInCell[cell]
                if let value = grid.attainment(rep: rep, column: column) {
                    validRepMonths[m] += 1
                    let hit = value >= 1 ? 1 : 0
                    attained[m] += hit
                    if isCoached {
                        validCoached += 1
                        attainedCoached += hit
                    } else {
                        validUncoached += 1
                        attainedUncoached += hit
                    }
                }
            }
            guard present > 0 else { continue }
            repsWithRows += 1
            reps[m] += 1
            repMonths[m] += present
            coachedRepMonths[m] += coached
            if coached == 0 { neverCoached[m] += 1 }
            longestGap[m] = max(longestGap[m], longest)
        }
    }
}
