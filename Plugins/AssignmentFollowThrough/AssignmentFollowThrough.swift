import CoachLabPluginAPI
import CoachLabStatistics
import CoachLabKernels

/// "Desire determines development": do reps who complete their assignments improve more?
///
/// Unit: the assignment (assignments.csv); reps are the units compared.
public struct AssignmentFollowThrough: MetricPlugin {
    public init() {}

    /// Reps need this many assignments to be placed in a follow-through group.
    static let minimumAssignments = 2

    public let descriptor = PluginDescriptor(
        id: "assignment-follow-through",
        title: "Assignment follow-through",
        summary: "Measures whether sessions end with assignments and reps complete them, and whether reps who follow through improve more.",
        description: """
            Per rep and per manager (the rep's manager in reps.csv): assignments set, completed, \
            completed by the due date, and the median days late of late completions; per \
            manager who held sessions, the share of sessions that set at least one assignment. \
            Reps with at least two assignments are split at the median share completed on \
            time into high and low follow-through. A rep's outcome is the mean, over its \
            assignments, of its attainment in the three months after the assignment's month \
            minus the three months before. High and low are compared over reps: means with \
            t intervals, the difference with a 95% interval clustered by the reps' managers, \
            and with a Welch interval and Welch's test. \
            The answer comes from an event study: each rep-month's attainment on the number of \
            events of each group three months before to three after, with rep and calendar-month \
            effects and each rep's own trend, clustered by manager; a group's effect is the mean \
            of its three lags, and when its leads move the comparison is withheld. The \
            before/after changes are kept as descriptive values.
            """,
        requiredTables: [.managers, .reps, .performance, .coachingSessions, .assignments],
        columns: [ColumnReference(.assignments, "session_id"), ColumnReference(.assignments, "completed_on")],
        options: [OptionKey.minimumManagers.declaration])

    public func compute(_ context: PluginContext) throws(PluginError) -> MetricResult {
        let dataset = context.dataset
        guard let assignments = dataset.assignments, let sessions = dataset.coachingSessions else {
            throw PluginError(pluginID: descriptor.id, message: "needs assignments.csv and coaching_sessions.csv")
        }
        let managers = dataset.managers
        let repManagers = dataset.reps.managers
        var byRep = [FollowThroughCounts](repeating: FollowThroughCounts(), count: dataset.reps.count)
        var byManager = [FollowThroughCounts](repeating: FollowThroughCounts(), count: managers.count)
        var setsAssignment = [Bool](repeating: false, count: sessions.count)
        var repsOfManager = [Set<Int32>](repeating: [], count: managers.count)
        let grid = RepMonthGrid(dataset.performance, reps: dataset.reps.count)
        var outcomes = EventOutcomes(groups: 1, reps: dataset.reps.count)
        // The event study's events: an assignment completed by its due date (in the month of
        // completion), and one that was not (in the month it fell due).
        var counts = EventStudy.Counts(groups: 2, grid: grid)
        for row in 0..<assignments.count {
            let rep = Int(assignments.reps[row])
            byRep[rep].add(assignments, row: row)
            byManager[Int(repManagers[rep])].add(assignments, row: row)
            repsOfManager[Int(repManagers[rep])].insert(Int32(rep))
            if assignments.sessions[row] >= 0 { setsAssignment[Int(assignments.sessions[row])] = true }
            outcomes.add(group: 0, rep: rep, day: assignments.assignedOn[row], grid: grid)
            if assignments.isCompletedOnTime(row) {
                counts.add(group: 0, rep: rep, day: assignments.completedOn[row], grid: grid)
            } else if assignments.dueOn[row] != CivilDate.missing {
                counts.add(group: 1, rep: rep, day: assignments.dueOn[row], grid: grid)
            }
        }
        var sessionsHeld = [Int](repeating: 0, count: managers.count)
        var sessionsWithAssignment = [Int](repeating: 0, count: managers.count)
        for s in 0..<sessions.count {
            let m = Int(sessions.managers[s])
            sessionsHeld[m] += 1
            if setsAssignment[s] { sessionsWithAssignment[m] += 1 }
        }

        // Follow-through groups: reps with enough assignments, split at the median share on time.
        let change = Dictionary(uniqueKeysWithValues: zip(outcomes.reps(group: 0), outcomes.repMeans(group: 0)))
        let eligible = (0..<dataset.reps.count).filter { byRep[$0].assignments >= Self.minimumAssignments }
        let median = OrderStatistics.quantiles(eligible.map { byRep[$0].shareOnTime! }, [0.5])[0]
        var high: [Double] = [], low: [Double] = []
        var repsOfHigh: [Int] = [], repsOfLow: [Int] = []
        var highRates: [Double] = [], lowRates: [Double] = []
        if let median {
            for rep in eligible {
                let rate = byRep[rep].shareOnTime!
                if rate >= median { highRates.append(rate) } else { lowRates.append(rate) }
                guard let value = change[rep] else { continue }
                if rate >= median {
                    high.append(value)
                    repsOfHigh.append(rep)
                } else {
                    low.append(value)
                    repsOfLow.append(rep)
                }
            }
        }
        let highSample = SampleSummary(high), lowSample = SampleSummary(low)
        let welch = WelchTest.test(highSample, lowSample)
        let differenceInterval = WelchTest.differenceInterval(highSample, lowSample)
        let clustered = ManagerClusteredComparison(
            a: high, repsOfA: repsOfHigh, b: low, repsOfB: repsOfLow, repManagers: repManagers,
            names: ("high", "low follow-through"), minimumManagers: context.options.minimumManagers)

        var notes: [String] = []
        let design = EventComparison(
            EventStudy(grid: grid, counts: counts, repManagers: repManagers, threads: context.threads),
            a: .init(index: 0, id: "on_time", name: "an assignment completed on time"),
            b: .init(index: 1, id: "not_on_time", name: "one not completed by its due date"),
            groupIDs: ["on_time", "not_on_time"], groupLabels: ["Completed on time", "Not completed on time"], events: "assignments completed on time (in the month of completion) and not (in the month due)",
            minimumManagers: context.options.minimumManagers)
        notes += design.notes
        notes.append("The comparison of high and low follow-through reps (by_follow_through, change_*, difference and its intervals) looks at each rep's three months after an assignment against the three before: it does not net out the rep's own trend, so it is descriptive and its p-values stay outside the run's family of tests; the event study does.")
        var groupTable = ResultTable(name: "by_follow_through", columns: [
            ResultColumn("group", label: "Follow-through", .label),
            ResultColumn("reps", label: "Reps", .count(of: .reps)),
            ResultColumn("mean_share_on_time", label: "Mean share on time", .proportion),
            ResultColumn("reps_with_outcome", label: "Reps with outcome", .count(of: .repsInGroup)),
            ResultColumn("mean_change", label: "Change in attainment", .proportionDifference),
            ResultColumn("ci_low", label: "95% CI low", .proportionDifference),
            ResultColumn("ci_high", label: "95% CI high", .proportionDifference),
            ResultColumn("t_ci_low", label: "t CI, reps independent low", .proportionDifference),
            ResultColumn("t_ci_high", label: "t CI, reps independent high", .proportionDifference),
        ])
        for (label, rates, values, reps) in [("high", highRates, high, repsOfHigh), ("low", lowRates, low, repsOfLow)] {
            let sample = SampleSummary(values)
            let independent = MeanInterval.interval(sample)
            let mean = ManagerClusteredMean(
                values, reps: reps, repManagers: repManagers, name: "\(label) follow-through",
                minimumManagers: context.options.minimumManagers)
            let clustered = mean.interval
            if let note = mean.note { notes.append(note) }
            groupTable.rows.append([
                .text(label), .integer(rates.count),
                .number(rates.isEmpty ? nil : CompensatedSum.of(rates) / Double(rates.count)),
                .integer(sample.count), .number(sample.meanIfAny), .number(clustered?.low), .number(clustered?.high),
                .number(independent?.low), .number(independent?.high),
            ])
        }
        var tierTable = ResultTable(name: "by_tier", isComparison: true, columns: [
            .coachingTier, ResultColumn("reps", label: "Reps", .count(of: .reps)),
        ] + FollowThroughCounts.columns + [ResultColumn("share_sessions_with_assignment", label: "Sessions with assignment", .proportion)])
        for tier in CoachingTier.reportOrder {
            var counts = FollowThroughCounts()
            var held = 0, withAssignment = 0, reps = 0
            for m in 0..<managers.count where managers.tiers[m] == tier {
                reps += repsOfManager[m].count
                counts.assignments += byManager[m].assignments
                counts.completed += byManager[m].completed
                counts.onTime += byManager[m].onTime
                counts.daysLate += byManager[m].daysLate
                held += sessionsHeld[m]
                withAssignment += sessionsWithAssignment[m]
            }
            tierTable.rows.append([.text(tier.id), .integer(reps)] + counts.values + [.number(held > 0 ? Double(withAssignment) / Double(held) : nil)])
        }
        var managerTable = ResultTable(name: "by_manager", columns: [
            ResultColumn("manager_id", label: "Manager", .label), .coachingTier,
            ResultColumn("reps", label: "Reps", .count(of: .reps)),
        ] + FollowThroughCounts.columns + [
            ResultColumn("sessions", label: "Sessions held", .count(of: .sessions)),
            ResultColumn("share_sessions_with_assignment", label: "Sessions with assignment", .proportion),
        ])
        for m in 0..<managers.count where byManager[m].assignments > 0 || sessionsHeld[m] > 0 {
            managerTable.rows.append([.text(managers.ids[m]), .text(managers.tiers[m].id), .integer(repsOfManager[m].count)]
                + byManager[m].values + [
                .integer(sessionsHeld[m]),
                .number(sessionsHeld[m] > 0 ? Double(sessionsWithAssignment[m]) / Double(sessionsHeld[m]) : nil),
            ])
        }
        var repTable = ResultTable(name: "by_rep", grain: .rep, columns: [
            ResultColumn("rep_id", label: "Rep", .label), ResultColumn("manager_id", label: "Manager", .label),
        ] + FollowThroughCounts.columns + [ResultColumn("mean_change", label: "Change in attainment", .proportionDifference)])
        for rep in 0..<dataset.reps.count where byRep[rep].assignments > 0 {
            repTable.rows.append([.text(dataset.reps.ids[rep]), .text(managers.ids[Int(repManagers[rep])])]
                + byRep[rep].values + [.number(change[rep])])
        }

        if welch == nil {
            notes.append("The comparison needs at least two reps with an outcome in each follow-through group, and some variation; it is null.")
        }
        if assignments.count > outcomes.withOutcome {
            notes.append("\(assignments.count - outcomes.withOutcome) assignment(s) lack attainment in the three months before or after and add no outcome.")
        }
        notes.append("Reps are split at the median share completed on time among reps with at least \(Self.minimumAssignments) assignments; ties go to high.")
        notes.append("Reps of one manager share a coach and are not independent: the Welch interval and p-value treat them as if they were and so overstate certainty where a manager's reps move together; the manager-clustered interval allows for it.")
        if let note = clustered.note { notes.append(note) }
        notes.append("Reps who follow through may differ in drive or territory: the comparison is an association, not proof that assignments cause improvement.")

        let total = byRep.reduce(into: FollowThroughCounts()) { total, rep in
            total.assignments += rep.assignments
            total.completed += rep.completed
            total.onTime += rep.onTime
            total.daysLate += rep.daysLate
        }
        let heldTotal = sessionsHeld.reduce(0, +)
        let withTotal = sessionsWithAssignment.reduce(0, +)
        let difference = highSample.meanIfAny.flatMap { a in lowSample.meanIfAny.map { a - $0 } }
        let summary: [ResultField] = [
            ResultField("assignments", .integer(total.assignments), .count(of: .assignments)),
            ResultField("completed", .integer(total.completed), .count(of: .assignments)),
            ResultField("on_time", .integer(total.onTime), .count(of: .assignments)),
            ResultField("share_on_time", .number(total.shareOnTime), .proportion),
            ResultField("median_days_late", .number(OrderStatistics.quantiles(total.daysLate, [0.5])[0]), .quantity),
            ResultField("share_sessions_with_assignment", .number(heldTotal > 0 ? Double(withTotal) / Double(heldTotal) : nil), .proportion),
            ResultField("median_share_on_time", .number(median), .proportion),
            ResultField("change_high", .number(highSample.meanIfAny), .proportionDifference),
            ResultField("change_low", .number(lowSample.meanIfAny), .proportionDifference),
            ResultField("difference", .number(difference), .proportionDifference),
            ResultField("difference_ci_low", .number(differenceInterval?.low), .proportionDifference),
            ResultField("difference_ci_high", .number(differenceInterval?.high), .proportionDifference),
        ] + clustered.summaryFields(.proportionDifference).map(\.outsideFamily) + design.summaryFields + [
            ResultField("welch_t", .number(welch?.t), .statistic),
            ResultField("welch_df", .number(welch?.degreesOfFreedom), .degreesOfFreedom),
            ResultField("p_value", .number(welch?.pValue), .pValueOutsideFamily),
        ]
        var findings: [Finding] = []
        if let share = total.shareOnTime, heldTotal > 0 {
            findings.append(Finding("{sessions} of sessions end with an assignment; {onTime} of assignments are completed by their due date.", [
                "sessions": .value(Double(withTotal) / Double(heldTotal), .proportion), "onTime": .value(share, .proportion)]))
        }
        if let difference {
            var values: [String: Finding.Value] = [
                "high": .signed(highSample.mean, .proportionDifference), "low": .signed(lowSample.mean, .proportionDifference)]
            let clause = clustered.differenceClause(difference, .proportionDifference, values: &values)
            findings.append(Finding(
                "Around their assignments (three months after against three before, not net of each rep's own trend), reps who follow through change attainment by {high} vs {low} for those who do not" + clause + ".",
                values))
        }
        if let finding = design.finding { findings.append(finding) }
        if findings.isEmpty { findings.append(Finding("No assignments to measure.")) }
        return MetricResult(pluginID: descriptor.id, title: descriptor.title, findings: findings, summary: summary,
                            tables: [groupTable, design.table, tierTable, managerTable, repTable], notes: notes)
    }
}
