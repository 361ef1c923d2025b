import CoachLabPluginAPI
import CoachLabStatistics
import CoachLabKernels

/// The rep-month panel a programme's evaluation reads: the outcome in every month of the data
/// of each rep that has one in every month (and every chosen trait), its cohort (the column
/// of its start month), and what had to be left aside. The reps left aside are not in it:
/// the estimates would leave them out, and the panel is then no larger than the rows.
struct ProgramPanel {
    let months: Int
    let firstMonth: Int32
    /// The reps in the panel (rows of reps.csv), in order.
    let units: [Int]
    /// units × months, unit-major.
    let outcomes: [Double]
    /// Each unit's first month in the programme as a column; nil when not reached in the data.
    let cohorts: [Int?]
    let notes: [String]
    /// Reps reached, reps never reached, and reps the estimate leaves out.
    let reachedReps: Int
    let unreachedReps: Int
    let incompleteReps: Int
    let reachedBeforeData: Int
    /// Reps the estimate leaves out for an incomplete history or a missing trait.
    let excludedReps: Int

    /// - Parameters:
    ///   - state: the merged state of every rep: their rows and the span of months.
    ///   - starts: each rep's first treated month, nil where never reached.
    ///   - leftOut: reps to leave out whatever their history (a missing covariate).
    init(state: PanelState, starts: [Int32?], attained: Bool, leftOut: [Bool]? = nil) {
        let span = state.span
        let repCount = state.repIDs.count
        months = span.map { Int($0.upperBound - $0.lowerBound) + 1 } ?? 0
        firstMonth = span?.lowerBound ?? 0
        var units: [Int] = [], outcomes: [Double] = [], cohorts: [Int?] = []
        // Room for every rep with the data's months, no more: a grown array can hold twice its values.
        let spanning = state.rows.filter { $0.months == span && $0.attainments != nil }.count
        outcomes.reserveCapacity(spanning * months)
        var incomplete = 0, beforeData = 0, reached = 0, unreached = 0, excluded = 0
        var next = state.rows.startIndex
        for rep in 0..<repCount {
            var row: PanelState.RepPanelRow?
            if next < state.rows.endIndex && state.rows[next].rep == rep {
                row = state.rows[next]
                next += 1
            }
            let kept = !(leftOut?[rep] ?? false)
            // A rep has every month when its months are the data's and each has an outcome;
            // with no month in the data, every rep has them all. A rep left out is not looked at.
            var complete = true
            if kept && months > 0 {
                if let row, row.months == span, let attainments = row.attainments {
                    if attained {
                        outcomes += attainments.lazy.map { $0 >= 1 ? 1 : 0 }
                    } else {
                        outcomes += attainments
                    }
                } else {
                    complete = false
                }
            }
            var cohort: Int?
            if let start = starts[rep] {
                let column = Int(start) - Int(firstMonth)
                if column <= 0 { beforeData += 1 }
                cohort = column <= 0 ? 0 : column < months ? column : nil
            }
            if kept && complete {
                units.append(rep)
                cohorts.append(cohort)
            }
            if !complete { incomplete += 1 }
            if !complete || !kept { excluded += 1 }
            if cohort != nil { reached += 1 } else { unreached += 1 }
        }
        self.units = units
        self.outcomes = outcomes
        self.cohorts = cohorts
        reachedReps = reached
        unreachedReps = unreached
        incompleteReps = incomplete
        reachedBeforeData = beforeData
        excludedReps = excluded
        var notes: [String] = []
        if incomplete > 0 {
            notes.append("\(incomplete) rep(s) lack an outcome in some month (no row, or no quota above zero) and are left out: the estimate compares reps observed in every month.")
        }
        if beforeData > 0 {
            notes.append("\(beforeData) rep(s) were reached in or before the first month of the data and are left out: there is no month before their start to compare from.")
        }
        self.notes = notes
    }

    /// The period of grid column `column`, `YYYY-MM`.
    func period(_ column: Int) -> String { MonthIndex.format(firstMonth + Int32(column)) }

    /// What a comparison of levels says: the mean outcome of reached reps in and after their
    /// start month minus that of unreached reps over all months (the panel's reps; those
    /// reached before the data left out). Selection moves it; the estimate nets it out.
    var naiveDifference: Double? {
        var reachedSum = 0.0, reachedCount = 0.0, otherSum = 0.0, otherCount = 0.0
        for unit in cohorts.indices where cohorts[unit] != 0 {
            let row = outcomes[(unit * months)..<((unit + 1) * months)]
            for column in 0..<months {
                let value = row[row.startIndex + column]
                if let start = cohorts[unit] {
                    if column >= start { reachedSum += value; reachedCount += 1 }
                } else {
                    otherSum += value
                    otherCount += 1
                }
            }
        }
        guard reachedCount > 0, otherCount > 0 else { return nil }
        return reachedSum / reachedCount - otherSum / otherCount
    }

    /// Two-way fixed effects over the same reps: outcome on a treated dummy (reached and in or
    /// after the start month) with rep and month effects, clustered by manager.
    func twoWayFixedEffects(repManagers: [Int32]) -> FixedEffectsRegression.Contrast? {
        var y: [Double] = [], treated: [Double] = [], units: [Int32] = [], times: [Int32] = [], clusters: [Int32] = []
        var unit: Int32 = 0
        for index in cohorts.indices where cohorts[index] != 0 {
            let row = outcomes[(index * months)..<((index + 1) * months)]
            for column in 0..<months {
                y.append(row[row.startIndex + column])
                treated.append(cohorts[index].map { column >= $0 ? 1 : 0 } ?? 0)
                units.append(unit)
                times.append(Int32(column))
                clusters.append(repManagers[self.units[index]])
            }
            unit += 1
        }
        guard unit > 1, let model = FixedEffectsRegression(
            y: y, x: [treated], units: units, times: times, unitCount: Int(unit), timeCount: months, clusters: clusters)
        else { return nil }
        return model.contrast([1])
    }
}
