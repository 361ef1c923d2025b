import CoachLabPluginAPI
import CoachLabKernels

extension CoverageState {
    /// The state of the reps `context` counts: each such rep's months on the grid, its
    /// sessions counted in the months where it has a row, per its reps.csv manager.
    init(_ context: Partial.Context) {
        let dataset = context.dataset
        let reps = context.reps ?? 0..<dataset.reps.count
        let grid = RepMonthGrid(dataset.performance, reps: dataset.reps.count, covering: reps)
        let repManagers = dataset.reps.managers
        self.init(managerIDs: dataset.managers.ids, managerTiers: dataset.managers.tiers)
        // Sessions per rep-month of this part's reps, counted where the rep has a row that month.
        var sessionsInCell = [Int32](repeating: 0, count: reps.count * grid.months)
        var minutesInCell = [Double](repeating: 0, count: reps.count * grid.months)
        if let table = dataset.coachingSessions {
            for s in 0..<table.count {
                let rep = Int(table.reps[s])
                guard reps.contains(rep) else { continue }
                let (year, month, _) = CivilDate.components(table.dates[s])
                guard let column = grid.column(of: MonthIndex.make(year: year, month: month)),
                      grid.isPresent(rep: rep, column: column) else {
                    sessionsOutsideData += 1
                    continue
                }
                let cell = (rep - reps.lowerBound) * grid.months + column
                sessionsInCell[cell] += 1
                // A session of unknown length (possible only in a dataset built in code)
                // counts as a session, not as minutes.
                if table.durationsMinutes[s].isFinite { minutesInCell[cell] += table.durationsMinutes[s] }
                sessionsCounted += 1
            }
        }
        var teamByMonth = [Int](repeating: 0, count: managerCount * grid.months)
        var coachedByMonth = teamByMonth
        for rep in reps {
            let m = Int(repManagers[rep])
            var present = 0, coached = 0, gap = 0, longest = 0
            var totals = self.totals[m]
            for column in 0..<grid.months {
                guard grid.isPresent(rep: rep, column: column) else {
                    gap = 0
                    continue
                }
                let cell = (rep - reps.lowerBound) * grid.months + column
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
                totals.sessions += Int(sessionsInCell[cell])
                totals.minutes.add(minutesInCell[cell])
                if let value = grid.attainment(rep: rep, column: column) {
                    totals.validRepMonths += 1
                    let hit = value >= 1 ? 1 : 0
                    totals.attained += hit
                    if isCoached {
                        validCoached += 1
                        attainedCoached += hit
                    } else {
                        validUncoached += 1
                        attainedUncoached += hit
                    }
                }
            }
            if present > 0 {
                repsWithRows += 1
                totals.reps += 1
                totals.repMonths += present
                totals.coachedRepMonths += coached
                if coached == 0 { totals.neverCoached += 1 }
                totals.longestGap = max(totals.longestGap, longest)
            }
            self.totals[m] = totals
        }
        for column in 0..<grid.months {
            for m in 0..<managerCount where teamByMonth[m * grid.months + column] > 0 {
                teamMonths.append(TeamMonth(
                    month: grid.firstMonth + Int32(column), manager: Int32(m),
                    team: teamByMonth[m * grid.months + column], coached: coachedByMonth[m * grid.months + column]))
            }
        }
    }
}
