import CoachLabPluginAPI
import CoachLabStatistics
import CoachLabKernels

/// "Desire determines development": do reps who complete their assignments improve more?
///
/// Unit: the assignment (assignments.csv); reps are the units compared.
public struct AssignmentFollowThrough: TwoPassMetric {
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

    public typealias State = Partial.TwoPassState<FollowThroughState, EventStudy.SecondPass>

    /// Every row of some reps in every table: a rep's assignments meet its months.
    public var parallelism: Partial.Parallelism { .wholeReps }

    /// The part's reps, the grid of its months and the event study's events: an assignment
    /// completed by its due date (in the month of completion, group 0), and one that was not
    /// (in the month it fell due, group 1).
    private func events(_ context: Partial.Context) throws(PluginError) -> EventStudy.PartEvents {
        guard let assignments = context.dataset.assignments, context.dataset.coachingSessions != nil else {
            throw PluginError(pluginID: descriptor.id, message: "needs assignments.csv and coaching_sessions.csv")
        }
        var part = EventStudy.PartEvents(context, groups: 2)
        for row in 0..<assignments.count where part.reps.contains(Int(assignments.reps[row])) {
            let rep = Int(assignments.reps[row])
            if assignments.isCompletedOnTime(row) {
                part.add(group: 0, rep: rep, day: assignments.completedOn[row])
            } else if assignments.dueOn[row] != CivilDate.missing {
                part.add(group: 1, rep: rep, day: assignments.dueOn[row])
            }
        }
        return part
    }

    public func firstPass(_ context: Partial.Context) throws(PluginError) -> FollowThroughState {
        let dataset = context.dataset
        let part = try events(context)
        let (grid, reps) = (part.grid, part.reps)
        let assignments = dataset.assignments!, sessions = dataset.coachingSessions!
        let repManagers = dataset.reps.managers
        var state = FollowThroughState(managerIDs: dataset.managers.ids, managerTiers: dataset.managers.tiers, study: part.firstPass)
        var setsAssignment = [Bool](repeating: false, count: sessions.count)
        var outcomes = EventOutcomes(groups: 1, reps: reps)
        for row in 0..<assignments.count where reps.contains(Int(assignments.reps[row])) {
            let rep = Int(assignments.reps[row])
            if state.reps[Int32(rep)] == nil {
                state.reps[Int32(rep)] = .init(id: dataset.reps.ids[rep], manager: repManagers[rep])
            }
            state.reps[Int32(rep)]!.assignments += 1
            if assignments.completedOn[row] != CivilDate.missing {
                state.reps[Int32(rep)]!.completed += 1
                if assignments.isCompletedOnTime(row) {
                    state.reps[Int32(rep)]!.onTime += 1
                } else if assignments.dueOn[row] != CivilDate.missing {
                    // Days late only against a due date (one is required in files; not in code).
                    state.reps[Int32(rep)]!.daysLate.append(Int(assignments.completedOn[row]) - Int(assignments.dueOn[row]))
                }
            }
            if assignments.sessions[row] >= 0 { setsAssignment[Int(assignments.sessions[row])] = true }
            outcomes.add(group: 0, rep: rep, day: assignments.assignedOn[row], grid: grid)
        }
        for s in 0..<sessions.count where reps.contains(Int(sessions.reps[s])) {
            state.sessionsHeld[sessions.managers[s], default: 0] += 1
            if setsAssignment[s] { state.sessionsWithAssignment[sessions.managers[s], default: 0] += 1 }
        }
        state.withOutcome = outcomes.withOutcome
        state.repChanges = RepChanges(outcomes, groups: 1, repManagers: repManagers)
        return state
    }

    public func secondPass(_ context: Partial.Context, given first: FollowThroughState) throws(PluginError) -> EventStudy.SecondPass {
        try events(context).secondPass(given: first.study)
    }

    public func finalize(
        _ state: FollowThroughState, _ scores: EventStudy.SecondPass, options: PluginOptions, threads: Int
    ) throws(PluginError) -> MetricResult {
        let minimumManagers = options.minimumManagers
        let repCodes = state.reps.keys.sorted().map(Int.init)
        let byRep = Dictionary(uniqueKeysWithValues: repCodes.map { ($0, state.reps[Int32($0)]!.counts) })
        let (byManager, repsOfManager) = state.managerCounts
        let (managerIDs, managerTiers) = (state.managerIDs, state.managerTiers)
        let repManagers = state.repChanges.repManagers
        let assignmentCount = byRep.values.reduce(0) { $0 + $1.assignments }

        // Follow-through groups: reps with enough assignments, split at the median share on time.
        let changes = state.repChanges.means(group: 0)
        let change = Dictionary(uniqueKeysWithValues: zip(changes.reps, changes.means))
        let eligible = repCodes.filter { byRep[$0]!.assignments >= Self.minimumAssignments }
        let median = OrderStatistics.quantiles(eligible.map { byRep[$0]!.shareOnTime! }, [0.5])[0]
        var high: [Double] = [], low: [Double] = []
        var repsOfHigh: [Int] = [], repsOfLow: [Int] = []
        var highRates: [Double] = [], lowRates: [Double] = []
        if let median {
            for rep in eligible {
                let rate = byRep[rep]!.shareOnTime!
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
            names: ("high", "low follow-through"), minimumManagers: minimumManagers)

        var notes: [String] = []
        let design = EventComparison(
            EventStudy(state.study, scores),
            a: .init(index: 0, id: "on_time", name: "an assignment completed on time"),
            b: .init(index: 1, id: "not_on_time", name: "one not completed by its due date"),
            groupIDs: ["on_time", "not_on_time"], groupLabels: ["Completed on time", "Not completed on time"], events: "assignments completed on time (in the month of completion) and not (in the month due)",
            minimumManagers: minimumManagers)
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
                minimumManagers: minimumManagers)
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
            for m in 0..<managerIDs.count where managerTiers[m] == tier {
                reps += repsOfManager[m]
                counts.assignments += byManager[m].assignments
                counts.completed += byManager[m].completed
                counts.onTime += byManager[m].onTime
                counts.daysLate += byManager[m].daysLate
                held += state.sessionsHeld[Int32(m)] ?? 0
                withAssignment += state.sessionsWithAssignment[Int32(m)] ?? 0
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
        for m in 0..<managerIDs.count {
            let held = state.sessionsHeld[Int32(m)] ?? 0, withAssignment = state.sessionsWithAssignment[Int32(m)] ?? 0
            guard byManager[m].assignments > 0 || held > 0 else { continue }
            managerTable.rows.append([.text(managerIDs[m]), .text(managerTiers[m].id), .integer(repsOfManager[m])]
                + byManager[m].values + [
                .integer(held), .number(held > 0 ? Double(withAssignment) / Double(held) : nil),
            ])
        }
        var repTable = ResultTable(name: "by_rep", grain: .rep, columns: [
            ResultColumn("rep_id", label: "Rep", .label), ResultColumn("manager_id", label: "Manager", .label),
        ] + FollowThroughCounts.columns + [ResultColumn("mean_change", label: "Change in attainment", .proportionDifference)])
        for rep in repCodes {
            let record = state.reps[Int32(rep)]!
            repTable.rows.append([.text(record.id), .text(managerIDs[Int(record.manager)])] + byRep[rep]!.values + [.number(change[rep])])
        }

        if welch == nil {
            notes.append("The comparison needs at least two reps with an outcome in each follow-through group, and some variation; it is null.")
        }
        if assignmentCount > state.withOutcome {
            notes.append("\(assignmentCount - state.withOutcome) assignment(s) lack attainment in the three months before or after and add no outcome.")
        }
        notes.append("Reps are split at the median share completed on time among reps with at least \(Self.minimumAssignments) assignments; ties go to high.")
        notes.append("Reps of one manager share a coach and are not independent: the Welch interval and p-value treat them as if they were and so overstate certainty where a manager's reps move together; the manager-clustered interval allows for it.")
        if let note = clustered.note { notes.append(note) }
        notes.append("Reps who follow through may differ in drive or territory: the comparison is an association, not proof that assignments cause improvement.")

        let total = repCodes.reduce(into: FollowThroughCounts()) { total, rep in
            total.assignments += byRep[rep]!.assignments
            total.completed += byRep[rep]!.completed
            total.onTime += byRep[rep]!.onTime
            total.daysLate += byRep[rep]!.daysLate
        }
        let heldTotal = state.sessionsHeld.values.reduce(0, +)
        let withTotal = state.sessionsWithAssignment.values.reduce(0, +)
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
