import CoachLabPluginAPI
import CoachLabStatistics
import CoachLabKernels

/// Do managers spend 1:1 time developing reps, or putting out fires?
///
/// Unit: the session, attributed to the manager who held it. Developmental kinds are
/// `coaching`, `ride_along` and `review`; `problem_solving` is fire-fighting.
public struct CoachingVsFirefighting: MetricPlugin {
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

    public func compute(_ context: PluginContext) throws(PluginError) -> MetricResult {
        let dataset = context.dataset
        guard let sessions = dataset.coachingSessions else {
            throw PluginError(pluginID: descriptor.id, message: "needs coaching_sessions.csv")
        }
        let managers = dataset.managers
        var minutes = [Double](repeating: 0, count: managers.count)
        var developmental = [Double](repeating: 0, count: managers.count)
        var sessionCount = [Int](repeating: 0, count: managers.count)
        var fireFighting = [Int](repeating: 0, count: managers.count)
        var coached = [Set<Int32>](repeating: [], count: managers.count)
        for s in 0..<sessions.count {
            let m = Int(sessions.managers[s])
            sessionCount[m] += 1
            coached[m].insert(sessions.reps[s])
            // A session of unknown length (possible only in a dataset built in code) counts
            // as a session, not as minutes.
            let length = sessions.durationsMinutes[s].isFinite ? sessions.durationsMinutes[s] : 0
            minutes[m] += length
            if sessions.kinds[s].isDevelopmental {
                developmental[m] += length
            } else {
                fireFighting[m] += 1
            }
        }
        func share(_ m: Int) -> Double? { minutes[m] > 0 ? developmental[m] / minutes[m] : nil }

        // The team's outcomes: attainment rate and mean rep slope, per manager.
        let grid = RepMonthGrid(dataset.performance, reps: dataset.reps.count)
        var valid = [Int](repeating: 0, count: managers.count)
        var attained = [Int](repeating: 0, count: managers.count)
        var slopes = [[Double]](repeating: [], count: managers.count)
        for rep in 0..<dataset.reps.count {
            let m = Int(dataset.reps.managers[rep])
            for column in 0..<grid.months {
                guard let value = grid.attainment(rep: rep, column: column) else { continue }
                valid[m] += 1
                if value >= 1 { attained[m] += 1 }
            }
            if let slope = grid.slope(rep: rep, minimumMonths: Self.minimumMonthsForSlope) { slopes[m].append(slope) }
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
        for m in 0..<managers.count where sessionCount[m] > 0 {
            let rate = valid[m] > 0 ? Double(attained[m]) / Double(valid[m]) : nil
            let slope = slopes[m].isEmpty ? nil : CompensatedSum.of(slopes[m]) / Double(slopes[m].count)
            managerTable.rows.append([
                .text(managers.ids[m]), .text(managers.tiers[m].id), .integer(coached[m].count),
                .integer(sessionCount[m]), .number(minutes[m]),
                .number(share(m)), .integer(fireFighting[m]), .number(rate), .number(slope),
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
            let members = (0..<managers.count).filter { managers.tiers[$0] == tier && minutes[$0] > 0 }
            let shares = members.compactMap(share)
            let total = CompensatedSum.of(members.map { minutes[$0] })
            let sessionsInTier = members.reduce(0) { $0 + sessionCount[$1] }
            let sample = SampleSummary(shares)
            let interval = MeanInterval.interval(sample)
            tierTable.rows.append([
                .text(tier.id), .integer(members.count),
                .integer(members.reduce(into: Set<Int32>()) { $0.formUnion(coached[$1]) }.count), .integer(sessionsInTier),
                .number(total > 0 ? CompensatedSum.of(members.map { developmental[$0] }) / total : nil),
                .number(sample.meanIfAny), .number(interval?.low), .number(interval?.high),
                .number(sessionsInTier > 0 ? Double(members.reduce(0) { $0 + fireFighting[$1] }) / Double(sessionsInTier) : nil),
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

        let totalMinutes = CompensatedSum.of(minutes)
        let totalSessions = sessionCount.reduce(0, +)
        let overall = totalMinutes > 0 ? CompensatedSum.of(developmental) / totalMinutes : nil
        let summary: [ResultField] = [
            ResultField("sessions", .integer(totalSessions), .count(of: .sessions)),
            ResultField("minutes", .number(totalMinutes), .quantity),
            ResultField("developmental_share", .number(overall), .proportion),
            ResultField("problem_solving_share", .number(totalSessions > 0 ? Double(fireFighting.reduce(0, +)) / Double(totalSessions) : nil), .proportion),
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
