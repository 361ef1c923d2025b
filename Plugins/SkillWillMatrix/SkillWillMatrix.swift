import CoachLabPluginAPI
import CoachLabStatistics

/// Will or skill? For reps who committed to a change, did they make it, and did it pay off?
///
/// Unit: the rep; commitments are assignments with `target_metric` and `target_value`.
public struct SkillWillMatrix: MetricPlugin {
    public init() {}

    /// Months after a commitment's month in which the committed metric is judged.
    static let window = 3

    public let descriptor = PluginDescriptor(
        id: "skill-will-matrix",
        title: "Skill vs will",
        summary: "Places every rep by whether they follow through on commitments and whether their attainment improves.",
        description: """
            A commitment is an assignment with a target_metric naming a performance.csv column \
            and a target_value. It is met when the rep's mean of that column over its rows in \
            the three months after the assignment's month reaches the target; it cannot be \
            judged without such rows. A rep follows through when it met at least half of its \
            judged commitments. Its outcome is the mean, over its judged commitments, of its \
            attainment in the three months after minus the three months before. Quadrants: \
            followed through and improving (outcome > 0), followed through and not improving \
            (a skill gap), not following through (a will problem), no commitment on record; \
            reps whose commitments cannot be judged are counted apart. Followers and \
            non-followers are compared over reps: the difference with a 95% interval clustered \
            by the reps' managers, and with a Welch interval and test.
            """,
        requiredTables: [.managers, .reps, .performance, .assignments],
        columns: [
            ColumnReference(.assignments, "target_metric"), ColumnReference(.assignments, "target_value"),
            ColumnReference(.performance, "calls"), ColumnReference(.performance, "meetings"),
            ColumnReference(.performance, "opportunities_created"), ColumnReference(.performance, "pipeline_value"),
        ],
        options: [PluginOption.minimumManagers])

    /// One rep's commitments.
    struct RepCommitments {
        var commitments = 0
        var judged = 0
        var met = 0
        var outcomeSum = 0.0
        var outcomes = 0
    }

    public func compute(_ context: PluginContext) throws(PluginError) -> MetricResult {
        let dataset = context.dataset
        guard let assignments = dataset.assignments else {
            throw PluginError(pluginID: descriptor.id, message: "needs assignments.csv")
        }
        let performance = dataset.performance
        let grid = RepMonthGrid(performance, reps: dataset.reps.count)
        // Each metric's value per rep-month, on the grid.
        var metricGrids: [String: [Double]] = [:]
        var missingMetric = 0
        var byRep = [RepCommitments](repeating: RepCommitments(), count: dataset.reps.count)
        let targets = assignments.targetMetrics ?? []
        let values = assignments.targetValues ?? []
        for row in 0..<assignments.count where row < targets.count {
            guard let metric = targets[row], !values[row].isNaN else { continue }
            guard let column = metricGrids[metric] ?? Self.metricGrid(performance, metric, grid: grid) else {
                missingMetric += 1
                continue
            }
            metricGrids[metric] = column
            let rep = Int(assignments.reps[row])
            byRep[rep].commitments += 1
            let (year, month, _) = CivilDate.components(assignments.assignedOn[row])
            let at = Int(MonthIndex.make(year: year, month: month) - grid.firstMonth)
            var sum = 0.0, count = 0
            for later in (at + 1)...(at + Self.window) where later >= 0 && later < grid.months {
                let value = column[rep * grid.months + later]
                if !value.isNaN {
                    sum += value
                    count += 1
                }
            }
            guard count > 0 else { continue }
            byRep[rep].judged += 1
            if sum / Double(count) >= values[row] { byRep[rep].met += 1 }
            if let before = grid.meanAttainment(rep: rep, columns: (at - Self.window)...(at - 1)),
               let after = grid.meanAttainment(rep: rep, columns: (at + 1)...(at + Self.window)) {
                byRep[rep].outcomeSum += after.mean - before.mean
                byRep[rep].outcomes += 1
            }
        }

        let managers = dataset.managers
        var quadrants = [Quadrant](repeating: .noCommitment, count: dataset.reps.count)
        var followers: [Double] = [], others: [Double] = []
        var repsOfFollowers: [Int] = [], repsOfOthers: [Int] = []
        for rep in 0..<dataset.reps.count {
            let record = byRep[rep]
            guard record.commitments > 0 else { continue }
            guard record.judged > 0 else {
                quadrants[rep] = .notAssessable
                continue
            }
            let follows = 2 * record.met >= record.judged
            let outcome = record.outcomes > 0 ? record.outcomeSum / Double(record.outcomes) : nil
            if let outcome {
                if follows {
                    followers.append(outcome)
                    repsOfFollowers.append(rep)
                } else {
                    others.append(outcome)
                    repsOfOthers.append(rep)
                }
            }
            if !follows {
                quadrants[rep] = .willGap
            } else if let outcome {
                quadrants[rep] = outcome > 0 ? .onTrack : .skillGap
            } else {
                quadrants[rep] = .notAssessable
            }
        }

        var repTable = ResultTable(name: "by_rep", columns: [
            ResultColumn("rep_id", label: "Rep", .label),
            ResultColumn("manager_id", label: "Manager", .label),
            ResultColumn("commitments", label: "Commitments", .count),
            ResultColumn("judged", label: "Judged", .count),
            ResultColumn("met", label: "Met", .count),
            ResultColumn("share_met", label: "Share met", .proportion),
            ResultColumn("attainment_change", label: "Change in attainment", .proportionDifference),
            ResultColumn("quadrant", label: "Quadrant", .label),
        ])
        for rep in 0..<dataset.reps.count {
            let record = byRep[rep]
            repTable.rows.append([
                .text(dataset.reps.ids[rep]), .text(managers.ids[Int(dataset.reps.managers[rep])]),
                .integer(record.commitments), .integer(record.judged), .integer(record.met),
                .number(record.judged > 0 ? Double(record.met) / Double(record.judged) : nil),
                .number(record.outcomes > 0 ? record.outcomeSum / Double(record.outcomes) : nil),
                .text(quadrants[rep].id),
            ])
        }
        var managerTable = ResultTable(name: "by_manager", columns: [
            ResultColumn("manager_id", label: "Manager", .label), ResultColumn("tier", label: "Coaching tier", .label),
            ResultColumn("reps", label: "Reps", .count),
        ] + Quadrant.allCases.map { ResultColumn($0.id, label: $0.heading, .count) })
        var perManager = [[Int]](repeating: [Int](repeating: 0, count: Quadrant.allCases.count), count: managers.count)
        for rep in 0..<dataset.reps.count { perManager[Int(dataset.reps.managers[rep])][quadrants[rep].rawValue] += 1 }
        for m in 0..<managers.count where perManager[m].reduce(0, +) > 0 {
            managerTable.rows.append([.text(managers.ids[m]), .text(managers.tiers[m].id), .integer(perManager[m].reduce(0, +))]
                + perManager[m].map { .integer($0) })
        }
        var quadrantTable = ResultTable(name: "by_quadrant", columns: [
            ResultColumn("quadrant", label: "Quadrant", .label),
            ResultColumn("description", label: "Meaning", .label),
            ResultColumn("reps", label: "Reps", .count),
            ResultColumn("share", label: "Share of reps", .proportion),
        ])
        let totals = Quadrant.allCases.map { q in quadrants.filter { $0 == q }.count }
        for q in Quadrant.allCases {
            quadrantTable.rows.append([.text(q.id), .text(q.label), .integer(totals[q.rawValue]),
                                       .number(quadrants.isEmpty ? nil : Double(totals[q.rawValue]) / Double(quadrants.count))])
        }

        var notes: [String] = []
        let a = SampleSummary(followers), b = SampleSummary(others)
        let welch = WelchTest.test(a, b)
        let interval = WelchTest.differenceInterval(a, b)
        let clustered = ManagerClusteredComparison(
            a: followers, repsOfA: repsOfFollowers, b: others, repsOfB: repsOfOthers, repManagers: dataset.reps.managers,
            names: ("followers", "non-followers"), minimumManagers: context.options.minimumManagers)
        if welch == nil {
            notes.append("Comparing followers and non-followers needs two reps with an outcome in each, and some variation; it is null.")
        }
        if missingMetric > 0 { notes.append("\(missingMetric) commitment(s) name a column performance.csv does not have and are left out.") }
        notes.append("A commitment is judged on the mean of its metric over the three months after it was set; commitments without such months cannot be judged yet.")
        notes.append("Improving means attainment rose from the three months before a commitment to the three after; one noisy quarter can place a rep in the wrong quadrant, so read a rep's row with its manager.")
        notes.append("Reps of one manager share a coach and are not independent: the Welch interval and p-value treat them as if they were and so overstate certainty where a manager's reps move together; the manager-clustered interval allows for it.")
        if let note = clustered.note { notes.append(note) }

        let commitments = byRep.reduce(0) { $0 + $1.commitments }
        let judged = byRep.reduce(0) { $0 + $1.judged }
        let met = byRep.reduce(0) { $0 + $1.met }
        let difference = a.meanIfAny.flatMap { x in b.meanIfAny.map { x - $0 } }
        var summary: [ResultField] = [
            ResultField("reps", .integer(dataset.reps.count), .count),
        ]
        summary += Quadrant.allCases.map { ResultField($0.id, .integer(totals[$0.rawValue]), .count) }
        summary += [
            ResultField("commitments", .integer(commitments), .count),
            ResultField("commitments_judged", .integer(judged), .count),
            ResultField("commitments_met", .integer(met), .count),
            ResultField("share_met", .number(judged > 0 ? Double(met) / Double(judged) : nil), .proportion),
            ResultField("commitments_unknown_metric", .integer(missingMetric), .count),
            ResultField("change_followers", .number(a.meanIfAny), .proportionDifference),
            ResultField("change_non_followers", .number(b.meanIfAny), .proportionDifference),
            ResultField("difference", .number(difference), .proportionDifference),
            ResultField("difference_ci_low", .number(interval?.low), .proportionDifference),
            ResultField("difference_ci_high", .number(interval?.high), .proportionDifference),
        ]
        summary += clustered.summaryFields(.proportionDifference)
        summary += [
            ResultField("p_value", .number(welch?.pValue), .pValueOutsideFamily),
        ]
        var findings = [Finding(
            "Of {reps} reps, {onTrack} follow through and improve, {skill} follow through without improving (a skill gap: coach with patience), {will} do not follow through (a will problem), and {none} have no commitment on record.",
            ["reps": .count(dataset.reps.count), "onTrack": .count(totals[0]), "skill": .count(totals[1]),
             "will": .count(totals[2]), "none": .count(totals[3])])]
        if let difference {
            var values: [String: FindingValue] = [
                "a": .signed(a.mean, .proportionDifference), "b": .signed(b.mean, .proportionDifference)]
            let clause = clustered.differenceClause(difference, .proportionDifference, values: &values)
            findings.append(Finding(
                "Reps who follow through change attainment by {a} around their commitments vs {b} for those who do not" + clause + ".",
                values))
        }
        return MetricResult(pluginID: descriptor.id, title: descriptor.title, findings: findings, summary: summary,
                            tables: [quadrantTable, managerTable, repTable], notes: notes)
    }

    /// The metric's value per rep-month on `grid` (NaN where none), or nil when it is not loaded.
    static func metricGrid(_ performance: Performance, _ metric: String, grid: RepMonthGrid) -> [Double]? {
        guard let column = performance.metric(named: metric) else { return nil }
        var values = [Double](repeating: .nan, count: grid.reps * grid.months)
        for row in 0..<performance.count {
            guard let month = grid.column(of: performance.periods[row]) else { continue }
            values[Int(performance.reps[row]) * grid.months + month] = column[row]
        }
        return values
    }
}
