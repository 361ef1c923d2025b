import CoachLabPluginAPI
import CoachLabStatistics
import CoachLabKernels

/// Does feedback given right after the call go with faster improvement?
///
/// Unit: the session with a `feedback_delay_hours`. Its outcome: the rep's mean attainment
/// in the three months after the session's month minus the three months before.
public struct FeedbackLatency: TwoPassMetric {
    public init() {}

    public let descriptor = PluginDescriptor(
        id: "feedback-latency",
        title: "Feedback latency",
        summary: "Measures how soon feedback follows observed calls, and how attainment changes after fast and slow feedback.",
        description: """
            Sessions with a feedback_delay_hours value, counted for the manager who held them: \
            per manager and tier the delay's quartiles and the share given the same day (under \
            24 hours). A session's outcome is the rep's mean attainment in the three months \
            after the session's month minus the mean in the three months before (months with a \
            quota above zero; at least one on each side). Bands: same day (< 24 h), one to three \
            days (24-72 h), later (> 72 h). Reps are the unit of comparison: each rep's mean \
            change per band; per band the mean over reps with a t interval. Same day against \
            later: the difference with a 95% interval clustered by the reps' managers, and \
            Welch's test. \
            The answer comes from an event study: each rep-month's attainment on the number of \
            events of each group three months before to three after, with rep and calendar-month \
            effects and each rep's own trend, clustered by manager; a group's effect is the mean \
            of its three lags, and when its leads move the comparison is withheld. The \
            before/after changes are kept as descriptive values.
            """,
        requiredTables: [.managers, .reps, .performance, .coachingSessions],
        columns: [ColumnReference(.coachingSessions, "feedback_delay_hours")],
        options: [OptionKey.minimumManagers.declaration])

    public typealias State = Partial.TwoPassState<LatencyState, EventStudy.SecondPass>

    /// Every row of some reps in every table: a rep's sessions meet its months.
    public var parallelism: Partial.Parallelism { .wholeReps }

    /// The part's sessions with a delay, by band.
    private func events(_ context: Partial.Context) throws(PluginError) -> EventStudy.PartEvents {
        guard let sessions = context.dataset.coachingSessions else {
            throw PluginError(pluginID: descriptor.id, message: "needs coaching_sessions.csv")
        }
        var part = EventStudy.PartEvents(context, groups: LatencyBand.allCases.count)
        if let delays = sessions.feedbackDelayHours {
            for s in 0..<sessions.count where !delays[s].isNaN {
                part.add(group: LatencyBand(hours: delays[s]).rawValue, rep: Int(sessions.reps[s]), day: sessions.dates[s])
            }
        }
        return part
    }

    public func firstPass(_ context: Partial.Context) throws(PluginError) -> LatencyState {
        let dataset = context.dataset
        let part = try events(context)
        let (grid, reps) = (part.grid, part.reps)
        let sessions = dataset.coachingSessions!
        let managers = dataset.managers
        var state = LatencyState(managerIDs: managers.ids, managerTiers: managers.tiers, study: part.firstPass)
        state.hasDelays = sessions.feedbackDelayHours != nil
        guard let delays = sessions.feedbackDelayHours else { return state }
        var outcomes = EventOutcomes(groups: LatencyBand.allCases.count, reps: reps)
        var repsOfManager: [Int32: Set<Int32>] = [:]
        var hoursByManager: [Int32: [Double]] = [:]
        var repsOfTier = [Set<Int32>](repeating: [], count: CoachingTier.allCases.count)
        for s in 0..<sessions.count where reps.contains(Int(sessions.reps[s])) {
            let hours = delays[s]
            guard !hours.isNaN else { continue }
            let manager = sessions.managers[s]
            hoursByManager[manager, default: []].append(hours)
            repsOfManager[manager, default: []].insert(sessions.reps[s])
            repsOfTier[managers.tiers[Int(manager)].rawValue].insert(sessions.reps[s])
            outcomes.add(group: LatencyBand(hours: hours).rawValue, rep: Int(sessions.reps[s]), day: sessions.dates[s], grid: grid)
        }
        state.delays = hoursByManager.mapValues(DelayCounts.init)
        state.sessionsInBand = outcomes.events
        state.withOutcome = outcomes.withOutcome
        state.repsByManager = repsOfManager.mapValues(\.count)
        state.repsByTier = repsOfTier.map(\.count)
        state.repChanges = RepChanges(outcomes, groups: LatencyBand.allCases.count, repManagers: dataset.reps.managers)
        return state
    }

    public func secondPass(_ context: Partial.Context, given first: LatencyState) throws(PluginError) -> EventStudy.SecondPass {
        try events(context).secondPass(given: first.study)
    }

    public func finalize(
        _ state: LatencyState, _ scores: EventStudy.SecondPass, options: PluginOptions, threads: Int
    ) throws(PluginError) -> MetricResult {
        var notes: [String] = []
        if !state.hasDelays {
            notes.append("coaching_sessions.csv has no feedback_delay_hours column: there is nothing to measure.")
        }
        let withFeedback = state.sessionsInBand.reduce(0, +)
        let withChange = state.withOutcome
        let sessionsInBand = state.sessionsInBand
        let repMeans = LatencyBand.allCases.map { state.repChanges.means(group: $0.rawValue) }
        let repManagers = state.repChanges.repManagers
        let minimumManagers = options.minimumManagers

        var bandTable = ResultTable(name: "by_band", columns: [
            ResultColumn("band", label: "Feedback", .label, valueLabels: LatencyBand.labels),
            ResultColumn("sessions", label: "Sessions", .count(of: .sessions)),
            ResultColumn("reps", label: "Reps", .count(of: .reps)),
            ResultColumn("mean_change", label: "Change in attainment", .proportionDifference),
            ResultColumn("ci_low", label: "95% CI low", .proportionDifference),
            ResultColumn("ci_high", label: "95% CI high", .proportionDifference),
            ResultColumn("t_ci_low", label: "t CI, reps independent low", .proportionDifference),
            ResultColumn("t_ci_high", label: "t CI, reps independent high", .proportionDifference),
        ])
        var summaries: [SampleSummary] = []
        for band in LatencyBand.allCases {
            let sample = SampleSummary(repMeans[band.rawValue].means)
            summaries.append(sample)
            let independent = MeanInterval.interval(sample)
            let mean = ManagerClusteredMean(
                repMeans[band.rawValue].means, reps: repMeans[band.rawValue].reps, repManagers: repManagers,
                name: "\(band.id) feedback", minimumManagers: minimumManagers)
            let clustered = mean.interval
            if let note = mean.note { notes.append(note) }
            bandTable.rows.append([
                .text(band.id), .integer(sessionsInBand[band.rawValue]), .integer(sample.count),
                .number(sample.meanIfAny), .number(clustered?.low), .number(clustered?.high),
                .number(independent?.low), .number(independent?.high),
            ])
        }

        var managerTable = ResultTable(name: "by_manager", columns: [
            ResultColumn("manager_id", label: "Manager", .label),
            .coachingTier,
        ] + Self.distributionColumns)
        for m in state.delays.keys.sorted() {
            managerTable.rows.append([.text(state.managerIDs[Int(m)]), .text(state.managerTiers[Int(m)].id), .integer(state.repsByManager[m] ?? 0)]
                + Self.distribution(state.delays[m]!))
        }
        var tierTable = ResultTable(name: "by_tier", isComparison: true, columns: [
            .coachingTier,
        ] + Self.distributionColumns)
        for tier in CoachingTier.reportOrder {
            let members = state.managerTiers.indices.filter { state.managerTiers[$0] == tier }.map { Int32($0) }
            tierTable.rows.append([.text(tier.id), .integer(state.repsByTier[tier.rawValue])] + Self.distribution(state.delays(of: members)))
        }

        let study = EventStudy(state.study, scores)
        let design = EventComparison(
            study, a: .init(index: LatencyBand.sameDay.rawValue, id: "same_day", name: "same-day feedback"),
            b: .init(index: LatencyBand.later.rawValue, id: "later", name: "feedback later than three days"),
            groupIDs: LatencyBand.allCases.map(\.id), groupLabels: LatencyBand.allCases.map(\.label), events: "sessions of each feedback band",
            minimumManagers: minimumManagers)
        notes += design.notes
        let welch = WelchTest.test(summaries[LatencyBand.sameDay.rawValue], summaries[LatencyBand.later.rawValue])
        let clustered = ManagerClusteredComparison(
            a: repMeans[LatencyBand.sameDay.rawValue].means, repsOfA: repMeans[LatencyBand.sameDay.rawValue].reps,
            b: repMeans[LatencyBand.later.rawValue].means, repsOfB: repMeans[LatencyBand.later.rawValue].reps,
            repManagers: repManagers, names: ("same-day", "later feedback"),
            minimumManagers: minimumManagers)
        if welch == nil {
            notes.append("Welch's test needs at least two reps with an outcome after same-day and after later feedback, and some variation; it is null.")
        }
        if withFeedback > withChange {
            notes.append("\(withFeedback - withChange) session(s) with feedback lack attainment in the three months before or after and have no outcome.")
        }
        notes.append("A rep's sessions have overlapping windows; each rep's mean per band is the unit, so reps, not sessions, are counted as independent.")
        notes.append("Reps of one manager share a coach, and a rep may appear in both bands: Welch's test treats every rep mean as independent, so its p-value is approximate and, where a manager's reps move together, too small; the interval clustered by each rep's manager (reps.csv) allows for both.")
        if let note = clustered.note { notes.append(note) }
        notes.append("The before/after changes (by_band, change_*, difference and its intervals) compare each rep's three months after a session with the three before: when feedback follows a bad month they show a recovery that feedback did not cause, so they are descriptive and their p-values stay outside the run's family of tests. The event study nets out each rep's level and the calendar month, and its leads show whether attainment was already moving.")
        notes.append("Managers who give fast feedback may differ in other ways; this is an association, not proof that speed causes improvement.")

        let quartiles = state.delays(of: state.delays.keys.sorted()).quantiles([0.5])
        let sameDay = summaries[LatencyBand.sameDay.rawValue].meanIfAny
        let later = summaries[LatencyBand.later.rawValue].meanIfAny
        let difference = sameDay.flatMap { a in later.map { a - $0 } }
        let summary: [ResultField] = [
            ResultField("sessions_with_feedback", .integer(withFeedback), .count(of: .sessions)),
            ResultField("sessions_with_outcome", .integer(withChange), .count(of: .sessions)),
            ResultField("median_hours", .number(quartiles[0]), .hours),
            ResultField("share_same_day", .number(withFeedback > 0 ? Double(sessionsInBand[0]) / Double(withFeedback) : nil), .proportion),
            ResultField("change_same_day", .number(sameDay), .proportionDifference),
            ResultField("change_later", .number(later), .proportionDifference),
            ResultField("difference", .number(difference), .proportionDifference),
        ] + clustered.summaryFields(.proportionDifference).map(\.outsideFamily) + design.summaryFields + [
            ResultField("welch_t", .number(welch?.t), .statistic),
            ResultField("welch_df", .number(welch?.degreesOfFreedom), .degreesOfFreedom),
            ResultField("p_value", .number(welch?.pValue), .pValueOutsideFamily),
        ]
        return MetricResult(
            pluginID: descriptor.id, title: descriptor.title,
            findings: findings(median: quartiles[0], design: design),
            summary: summary, tables: [bandTable, design.table, tierTable, managerTable], notes: notes)
    }

    /// The columns of ``distribution(_:)``, after the reps who had the sessions.
    static let distributionColumns = [
        ResultColumn("reps", label: "Reps", .count(of: .reps)),
        ResultColumn("sessions", label: "Sessions with feedback", .count(of: .sessions)),
        ResultColumn("mean_hours", label: "Mean delay", .hours),
        ResultColumn("p25_hours", label: "25th pct", .hours),
        ResultColumn("median_hours", label: "Median delay", .hours),
        ResultColumn("p75_hours", label: "75th pct", .hours),
        ResultColumn("share_same_day", label: "Same day", .proportion),
    ]

    /// Count, mean, quartiles and same-day share of some delays.
    static func distribution(_ hours: DelayCounts) -> [MetricResult.Value] {
        let q = hours.quantiles([0.25, 0.5, 0.75])
        let total = hours.total
        return [
            .integer(total), .number(hours.mean), .number(q[0]), .number(q[1]), .number(q[2]),
            .number(total > 0 ? Double(hours.count(below: 24)) / Double(total) : nil),
        ]
    }

    private func findings(median: Double?, design: EventComparison) -> [Finding] {
        guard let median else { return [Finding("No session records a feedback delay.")] }
        var findings = [Finding("Feedback follows the observed call after {median} (median).", ["median": .value(median, .hours)])]
        if let finding = design.finding { findings.append(finding) }
        return findings
    }

}
