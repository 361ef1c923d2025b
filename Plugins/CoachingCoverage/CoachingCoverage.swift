import CoachLabPluginAPI
import CoachLabStatistics
import CoachLabKernels

/// Is coaching happening at all? Per manager and month: how many of the team were coached.
///
/// Unit: the rep-month (a row of performance.csv). A rep-month is *coached* when the rep has
/// at least one session dated in that month. A manager's team in a month is the reps whose
/// reps.csv manager is that manager and who have a row that month.
public struct CoachingCoverage: DecomposableMetric {
    public init() {}

    public let descriptor = PluginDescriptor(
        id: "coaching-coverage",
        title: "Coaching coverage",
        summary: "Measures how much of each team is coached month by month, and how coverage relates to attainment.",
        description: """
            A rep-month (a row of performance.csv) is coached when the rep has at least one \
            coaching session dated in that month. Per manager (the rep's manager in reps.csv) \
            and month: team reps, reps coached, sessions and minutes. Per manager: coverage \
            (coached rep-months / rep-months), sessions and minutes per rep-month, reps never \
            coached, and the longest run of consecutive months a rep went without a session. \
            Across managers, Pearson's correlation of coverage with the team's attainment rate \
            (Fisher-z 95% interval); and the attainment rate of coached and uncoached rep-months.
            """,
        requiredTables: [.managers, .reps, .performance, .coachingSessions])

    /// A rep's sessions are joined to its months: a part is every row of some reps.
    public var parallelism: Partial.Parallelism { .wholeReps }

    public func partial(_ context: Partial.Context) throws(PluginError) -> CoverageState {
        guard context.dataset.coachingSessions != nil else {
            throw PluginError(pluginID: descriptor.id, message: "needs coaching_sessions.csv")
        }
        return CoverageState(context)
    }

    public func finalize(_ coverage: CoverageState, options: PluginOptions) throws(PluginError) -> MetricResult {
        var notes: [String] = []
        let managerTable = managerTable(coverage)
        let tierTable = tierTable(coverage, notes: &notes)
        let monthTable = monthTable(coverage)

        // Coverage against attainment, across managers with attainment data.
        var x: [Double] = [], y: [Double] = []
        for t in coverage.totals where t.repMonths > 0 && t.validRepMonths > 0 {
            x.append(Double(t.coachedRepMonths) / Double(t.repMonths))
            y.append(Double(t.attained) / Double(t.validRepMonths))
        }
        let correlation = PearsonCorrelation.test(x, y)
        if correlation == nil {
            notes.append("The correlation of coverage with attainment needs at least three managers with data and some variation in both; it is null.")
        } else if correlation!.interval == nil {
            notes.append("The correlation's interval needs at least four managers; it is null.")
        }
        let coachedRate = coverage.validCoached > 0 ? Double(coverage.attainedCoached) / Double(coverage.validCoached) : nil
        let uncoachedRate = coverage.validUncoached > 0 ? Double(coverage.attainedUncoached) / Double(coverage.validUncoached) : nil
        if coverage.sessionsOutsideData > 0 {
            notes.append("\(coverage.sessionsOutsideData) session(s) fall in a month without a performance.csv row for their rep and are not counted.")
        }
        notes.append("Coverage counts a rep-month as coached with one session or more; it says nothing of the sessions' quality.")
        notes.append("Managers who coach more may also have stronger teams or lighter territories: the correlation is an association, not an effect of coaching.")

        let totalRepMonths = coverage.totals.reduce(0) { $0 + $1.repMonths }
        let totalCoached = coverage.totals.reduce(0) { $0 + $1.coachedRepMonths }
        let neverCoached = coverage.totals.reduce(0) { $0 + $1.neverCoached }
        let share = totalRepMonths > 0 ? Double(totalCoached) / Double(totalRepMonths) : nil
        let summary: [ResultField] = [
            ResultField("rep_months", .integer(totalRepMonths), .count(of: .repMonths)),
            ResultField("coached_rep_months", .integer(totalCoached), .count(of: .repMonths)),
            ResultField("coverage", .number(share), .proportion),
            ResultField("reps", .integer(coverage.repsWithRows), .count(of: .reps)),
            ResultField("reps_never_coached", .integer(neverCoached), .count(of: .repsInGroup)),
            // `sessions` is every session, as in every plugin; those in months with a row are
            // `sessions_in_data`.
            ResultField("sessions", .integer(coverage.sessionsCounted + coverage.sessionsOutsideData), .count(of: .sessions)),
            ResultField("sessions_in_data", .integer(coverage.sessionsCounted), .count(of: .sessions)),
            ResultField("sessions_outside_data", .integer(coverage.sessionsOutsideData), .count(of: .sessions)),
            ResultField("attainment_rate_coached", .number(coachedRate), .proportion),
            ResultField("attainment_rate_uncoached", .number(uncoachedRate), .proportion),
            ResultField("coverage_attainment_r", .number(correlation?.r), .correlation),
            ResultField("coverage_attainment_r_ci_low", .number(correlation?.interval?.low), .correlation),
            ResultField("coverage_attainment_r_ci_high", .number(correlation?.interval?.high), .correlation),
            ResultField("coverage_attainment_p_value", .number(correlation?.pValue), .pValue),
            ResultField("managers", .integer(x.count), .count(of: .managers)),
        ]
        return MetricResult(
            pluginID: descriptor.id, title: descriptor.title,
            findings: findings(share: share, never: neverCoached, reps: coverage.repsWithRows,
                               correlation: correlation),
            summary: summary, tables: [tierTable, managerTable, monthTable], notes: notes)
    }

    private func tierTable(_ coverage: CoverageState, notes: inout [String]) -> ResultTable {
        var table = ResultTable(name: "by_tier", isComparison: true, columns: [
            .coachingTier,
            ResultColumn("managers", label: "Managers", .count(of: .managers)),
            ResultColumn("reps", label: "Reps", .count(of: .reps)),
            ResultColumn("rep_months", label: "Rep-months", .count(of: .repMonths)),
            ResultColumn("coached_rep_months", label: "Coached", .count(of: .repMonths)),
            ResultColumn("coverage", label: "Coverage", .proportion),
            ResultColumn("sessions_per_rep_month", label: "Sessions/rep-month", .quantity),
            ResultColumn("minutes_per_rep_month", label: "Minutes/rep-month", .quantity),
            ResultColumn("reps_never_coached", label: "Never coached", .count(of: .repsInGroup)),
            ResultColumn("share_never_coached", label: "Share never coached", .proportion),
        ])
        for tier in CoachingTier.reportOrder {
            let members = coverage.totals.indices.filter { coverage.managerTiers[$0] == tier && coverage.totals[$0].repMonths > 0 }
            let repMonths = members.reduce(0) { $0 + coverage.totals[$1].repMonths }
            let coached = members.reduce(0) { $0 + coverage.totals[$1].coachedRepMonths }
            let sessions = members.reduce(0) { $0 + coverage.totals[$1].sessions }
            var minutesSum = Partial.ExactSum()
            for m in members { minutesSum.merge(coverage.totals[m].minutes) }
            let minutes = minutesSum.value ?? .nan
            let reps = members.reduce(0) { $0 + coverage.totals[$1].reps }
            let never = members.reduce(0) { $0 + coverage.totals[$1].neverCoached }
            table.rows.append([
                .text(tier.id), .integer(members.count), .integer(reps), .integer(repMonths), .integer(coached),
                .number(repMonths > 0 ? Double(coached) / Double(repMonths) : nil),
                .number(repMonths > 0 ? Double(sessions) / Double(repMonths) : nil),
                .number(repMonths > 0 ? minutes / Double(repMonths) : nil),
                .integer(never), .number(reps > 0 ? Double(never) / Double(reps) : nil),
            ])
            if repMonths == 0 { notes.append("No rep-months under \(tier.id) managers: its coverage is null.") }
        }
        return table
    }

    private func managerTable(_ coverage: CoverageState) -> ResultTable {
        var table = ResultTable(name: "by_manager", columns: [
            ResultColumn("manager_id", label: "Manager", .label),
            .coachingTier,
            ResultColumn("reps", label: "Reps", .count(of: .reps)),
            ResultColumn("rep_months", label: "Rep-months", .count(of: .repMonths)),
            ResultColumn("coverage", label: "Coverage", .proportion),
            ResultColumn("sessions_per_rep_month", label: "Sessions/rep-month", .quantity),
            ResultColumn("minutes_per_rep_month", label: "Minutes/rep-month", .quantity),
            ResultColumn("reps_never_coached", label: "Never coached", .count(of: .repsInGroup)),
            ResultColumn("longest_gap_months", label: "Longest gap (months)", .count(of: .months)),
            ResultColumn("attainment_rate", label: "Attainment rate", .proportion),
        ])
        for (m, t) in coverage.totals.enumerated() where t.repMonths > 0 {
            let n = Double(t.repMonths)
            table.rows.append([
                .text(coverage.managerIDs[m]), .text(coverage.managerTiers[m].id),
                .integer(t.reps), .integer(t.repMonths),
                .number(Double(t.coachedRepMonths) / n),
                .number(Double(t.sessions) / n), .number(t.minutes.value.map { $0 / n }),
                .integer(t.neverCoached), .integer(t.longestGap),
                .number(t.validRepMonths > 0 ? Double(t.attained) / Double(t.validRepMonths) : nil),
            ])
        }
        return table
    }

    /// Team size and coverage per month and manager: the heat map of coverage.
    private func monthTable(_ coverage: CoverageState) -> ResultTable {
        var table = ResultTable(name: "by_manager_month", columns: [
            ResultColumn("period", label: "Month", .label),
            ResultColumn("manager_id", label: "Manager", .label),
            ResultColumn("team_reps", label: "Team reps", .count(of: .reps)),
            ResultColumn("coached_reps", label: "Coached reps", .count(of: .repsInGroup)),
            ResultColumn("coverage", label: "Coverage", .proportion),
        ])
        for cell in coverage.teamMonths {
            table.rows.append([.text(MonthIndex.format(cell.month)), .text(coverage.managerIDs[Int(cell.manager)]),
                               .integer(cell.team), .integer(cell.coached), .number(Double(cell.coached) / Double(cell.team))])
        }
        return table
    }

    private func findings(share: Double?, never: Int, reps: Int, correlation: PearsonCorrelation.Result?) -> [Finding] {
        guard let share else { return [Finding("No rep-months to measure coverage on.")] }
        var findings = [Finding(
            "Reps were coached in {coverage} of their months; {never} of {reps} reps were never coached at all.",
            ["coverage": .value(share, .proportion), "never": .count(never), "reps": .count(reps)])]
        if let correlation {
            var values: [String: Finding.Value] = ["r": .signed(correlation.r, .correlation), "p": .value(correlation.pValue, .pValue)]
            if let interval = correlation.interval {
                values["interval"] = .interval(interval.low, interval.high, .correlation, signed: true)
                findings.append(Finding("Across managers, coverage and team attainment correlate at r = {r} (95% CI {interval}, {p}).", values))
            } else {
                findings.append(Finding("Across managers, coverage and team attainment correlate at r = {r} ({p}).", values))
            }
        }
        return findings
    }
}
