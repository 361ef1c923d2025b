import CoachLabPluginAPI
import CoachLabStatistics
import CoachLabKernels

/// Do managers spend 1:1 time developing reps, or putting out fires?
///
/// Unit: the session, attributed to the manager who held it. Developmental kinds are
/// `coaching`, `ride_along` and `review`; `problem_solving` is fire-fighting.
public struct CoachingVsFirefighting: DecomposableMetric {
    public init() {}

    static let minimumMonthsForSlope = 6

    public let descriptor = PluginDescriptor(
        id: "coaching-vs-firefighting",
        title: "Coaching vs fire-fighting",
        summary: "Measures the share of 1:1 time spent developing reps rather than solving problems, and how it relates to results.",
        description: """
            Each session counts for the manager who held it (coaching_sessions.csv manager_id). \
            The developmental share is the minutes of coaching, ride_along and review sessions \
            over all session minutes. Per tier of the manager: the pooled share and the mean of \
            managers' shares with a t interval. Across managers: Pearson's correlation of the \
            developmental share with the team's attainment rate (the manager's reps in reps.csv, \
            rep-months with quota > 0) and with the mean improvement of the team's reps (OLS \
            slope of attainment on month, reps with at least six valid months), Fisher-z intervals.
            """,
        requiredTables: [.managers, .reps, .performance, .coachingSessions])

    /// A rep's sessions are joined to its months: a part is every row of some reps.
    public var parallelism: Partial.Parallelism { .wholeReps }

    public func partial(_ context: Partial.Context) throws(PluginError) -> TimeState {
        guard context.dataset.coachingSessions != nil else {
            throw PluginError(pluginID: descriptor.id, message: "needs coaching_sessions.csv")
        }
        return TimeState(context, minimumMonthsForSlope: Self.minimumMonthsForSlope)
    }

    public func finalize(_ state: TimeState, options: PluginOptions) throws(PluginError) -> MetricResult {
        let managers = state.managers
        func minutes(_ m: Int) -> Double { managers[m].minutes.value ?? .nan }
        func share(_ m: Int) -> Double? {
            minutes(m) > 0 ? managers[m].developmentalMinutes.value.map { $0 / minutes(m) } : nil
        }
        var shareForAttainment: [Double] = [], teamAttainment: [Double] = []
        var shareForSlope: [Double] = [], teamSlope: [Double] = []
        var managerTable = ResultTable(name: "by_manager", columns: [
            ResultColumn("manager_id", label: "Manager", .label),
            .coachingTier,
            ResultColumn("reps", label: "Reps coached", .count(of: .reps)),
            ResultColumn("sessions", label: "Sessions", .count(of: .sessions)),
            ResultColumn("minutes", label: "Minutes", .quantity),
            ResultColumn("developmental_share", label: "Developmental time", .proportion),
            ResultColumn("problem_solving_sessions", label: "Fire-fighting sessions", .count(of: .sessions)),
            ResultColumn("team_attainment_rate", label: "Team attainment", .proportion),
            ResultColumn("team_mean_slope", label: "Team mean slope", .attainmentSlope),
        ])
        for (m, t) in managers.enumerated() where t.sessions > 0 {
            let rate = t.validRepMonths > 0 ? Double(t.attained) / Double(t.validRepMonths) : nil
            let slope = t.slopes > 0 ? t.slopeSum.value.map { $0 / Double(t.slopes) } : nil
            managerTable.rows.append([
                .text(state.managerIDs[m]), .text(state.managerTiers[m].id), .integer(t.repsCoached),
                .integer(t.sessions), .number(t.minutes.value),
                .number(share(m)), .integer(t.problemSolving), .number(rate), .number(slope),
            ])
            if let s = share(m), let rate {
                shareForAttainment.append(s)
                teamAttainment.append(rate)
            }
            if let s = share(m), let slope {
                shareForSlope.append(s)
                teamSlope.append(slope)
            }
        }

        var notes: [String] = []
        var tierTable = ResultTable(name: "by_tier", isComparison: true, columns: [
            .coachingTier,
            ResultColumn("managers", label: "Managers", .count(of: .managers)),
            ResultColumn("reps", label: "Reps coached", .count(of: .reps)),
            ResultColumn("sessions", label: "Sessions", .count(of: .sessions)),
            ResultColumn("developmental_share", label: "Developmental time", .proportion),
            ResultColumn("mean_manager_share", label: "Mean of managers", .proportion),
            ResultColumn("ci_low", label: "95% CI low", .proportion),
            ResultColumn("ci_high", label: "95% CI high", .proportion),
            ResultColumn("problem_solving_share", label: "Fire-fighting sessions", .proportion),
        ])
        for tier in CoachingTier.reportOrder {
            // The tier's managers who held sessions; shares are of those with minutes.
            let members = managers.indices.filter { state.managerTiers[$0] == tier && managers[$0].sessions > 0 }
            let shares = members.compactMap(share)
            var total = Partial.ExactSum(), developmental = Partial.ExactSum()
            for m in members {
                total.merge(managers[m].minutes)
                developmental.merge(managers[m].developmentalMinutes)
            }
            let sessionsInTier = members.reduce(0) { $0 + managers[$1].sessions }
            let sample = SampleSummary(shares)
            let interval = MeanInterval.interval(sample)
            let totalMinutes = total.value ?? .nan
            tierTable.rows.append([
                .text(tier.id), .integer(members.count), .integer(state.repsCoachedByTier[tier.rawValue]), .integer(sessionsInTier),
                .number(totalMinutes > 0 ? developmental.value.map { $0 / totalMinutes } : nil),
                .number(sample.meanIfAny), .number(interval?.low), .number(interval?.high),
                .number(sessionsInTier > 0 ? Double(members.reduce(0) { $0 + managers[$1].problemSolving }) / Double(sessionsInTier) : nil),
            ])
            if members.isEmpty {
                notes.append("No sessions by \(tier.id) managers: its shares are null.")
            } else if members.count == 1 {
                notes.append("Only one \(tier.id) manager held sessions: no interval.")
            }
        }

        let withAttainment = PearsonCorrelation.test(shareForAttainment, teamAttainment)
        let withSlope = PearsonCorrelation.test(shareForSlope, teamSlope)
        if withAttainment == nil { notes.append("The correlation with team attainment needs three managers with sessions and attainment, and variation in both; it is null.") }
        if withSlope == nil { notes.append("The correlation with improvement needs three managers with sessions and reps with six valid months, and variation in both; it is null.") }
        notes.append("Shares are of session minutes; a fire-fighting session is one recorded as problem_solving.")
        notes.append("Managers of struggling teams may be pulled into fire-fighting: the correlations are associations, not effects of coaching.")

        var allMinutes = Partial.ExactSum(), allDevelopmental = Partial.ExactSum()
        for t in managers {
            allMinutes.merge(t.minutes)
            allDevelopmental.merge(t.developmentalMinutes)
        }
        let totalMinutes = allMinutes.value ?? .nan
        let totalSessions = managers.reduce(0) { $0 + $1.sessions }
        let overall = totalMinutes > 0 ? allDevelopmental.value.map { $0 / totalMinutes } : nil
        let problemSolving = managers.reduce(0) { $0 + $1.problemSolving }
        let summary: [ResultField] = [
            ResultField("sessions", .integer(totalSessions), .count(of: .sessions)),
            ResultField("minutes", .number(allMinutes.value), .quantity),
            ResultField("developmental_share", .number(overall), .proportion),
            ResultField("problem_solving_share", .number(totalSessions > 0 ? Double(problemSolving) / Double(totalSessions) : nil), .proportion),
            ResultField("attainment_r", .number(withAttainment?.r), .correlation),
            ResultField("attainment_r_ci_low", .number(withAttainment?.interval?.low), .correlation),
            ResultField("attainment_r_ci_high", .number(withAttainment?.interval?.high), .correlation),
            ResultField("attainment_p_value", .number(withAttainment?.pValue), .pValue),
            ResultField("improvement_r", .number(withSlope?.r), .correlation),
            ResultField("improvement_r_ci_low", .number(withSlope?.interval?.low), .correlation),
            ResultField("improvement_r_ci_high", .number(withSlope?.interval?.high), .correlation),
            ResultField("improvement_p_value", .number(withSlope?.pValue), .pValue),
            ResultField("managers", .integer(shareForAttainment.count), .count(of: .managers)),
        ]
        return MetricResult(
            pluginID: descriptor.id, title: descriptor.title,
            findings: findings(overall: overall, tiers: tierTable, attainment: withAttainment),
            summary: summary, tables: [tierTable, managerTable], notes: notes)
    }

    private func findings(overall: Double?, tiers: ResultTable, attainment: PearsonCorrelation.Result?) -> [Finding] {
        guard let overall else { return [Finding("No session minutes to measure.")] }
        var values: [String: Finding.Value] = ["share": .value(overall, .proportion)]
        var text = "{share} of 1:1 time is developmental (coaching, ride-alongs, reviews) rather than fire-fighting"
        if let high = tiers.value(row: 0, "developmental_share")?.doubleValue,
           let low = tiers.value(row: 2, "developmental_share")?.doubleValue {
            values["high"] = .value(high, .proportion)
            values["low"] = .value(low, .proportion)
            text += ": {high} for coaches who exceed expectations, {low} for those who need improvement"
        }
        var findings = [Finding(text + ".", values)]
        if let attainment {
            var v: [String: Finding.Value] = ["r": .signed(attainment.r, .correlation), "p": .value(attainment.pValue, .pValue)]
            if let interval = attainment.interval {
                v["interval"] = .interval(interval.low, interval.high, .correlation, signed: true)
                findings.append(Finding("Managers' developmental share and their team's attainment correlate at r = {r} (95% CI {interval}, {p}).", v))
            } else {
                findings.append(Finding("Managers' developmental share and their team's attainment correlate at r = {r} ({p}).", v))
            }
        }
        return findings
    }
}
