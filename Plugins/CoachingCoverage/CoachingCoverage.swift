import CoachLabPluginAPI
import CoachLabStatistics
import CoachLabKernels

/// Is coaching happening at all? Per manager and month: how many of the team were coached.
///
/// Unit: the rep-month (a row of performance.csv). A rep-month is *coached* when the rep has
/// at least one session dated in that month. A manager's team in a month is the reps whose
/// reps.csv manager is that manager and who have a row that month.
public struct CoachingCoverage: MetricPlugin {
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

    public func compute(_ context: PluginContext) throws(PluginError) -> MetricResult {
        let dataset = context.dataset
        guard let sessions = dataset.coachingSessions else {
            throw PluginError(pluginID: descriptor.id, message: "needs coaching_sessions.csv")
        }
        let grid = RepMonthGrid(dataset.performance, reps: dataset.reps.count)
        let coverage = Coverage(grid: grid, sessions: sessions, repManagers: dataset.reps.managers,
                                managerCount: dataset.managers.count)
        var notes: [String] = []
        let managerTable = managerTable(coverage, dataset: dataset)
        let tierTable = tierTable(coverage, tiers: dataset.managers.tiers, notes: &notes)
        let monthTable = monthTable(coverage, grid: grid, ids: dataset.managers.ids)

        // Coverage against attainment, across managers with attainment data.
        var x: [Double] = [], y: [Double] = []
        for m in 0..<coverage.managerCount where coverage.repMonths[m] > 0 && coverage.validRepMonths[m] > 0 {
            x.append(Double(coverage.coachedRepMonths[m]) / Double(coverage.repMonths[m]))
            y.append(Double(coverage.attained[m]) / Double(coverage.validRepMonths[m]))
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

        let totalRepMonths = coverage.repMonths.reduce(0, +)
        let totalCoached = coverage.coachedRepMonths.reduce(0, +)
        let share = totalRepMonths > 0 ? Double(totalCoached) / Double(totalRepMonths) : nil
        let summary: [ResultField] = [
            ResultField("rep_months", .integer(totalRepMonths), .count(of: .repMonths)),
            ResultField("coached_rep_months", .integer(totalCoached), .count(of: .repMonths)),
            ResultField("coverage", .number(share), .proportion),
            ResultField("reps", .integer(coverage.repsWithRows), .count(of: .reps)),
            ResultField("reps_never_coached", .integer(coverage.neverCoached.reduce(0, +)), .count(of: .repsInGroup)),
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
            findings: findings(share: share, never: coverage.neverCoached.reduce(0, +), reps: coverage.repsWithRows,
                               correlation: correlation),
            summary: summary, tables: [tierTable, managerTable, monthTable], notes: notes)
    }

    private func tierTable(_ coverage: Coverage, tiers: [CoachingTier], notes: inout [String]) -> ResultTable {
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
            let members = (0..<coverage.managerCount).filter { tiers[$0] == tier && coverage.repMonths[$0] > 0 }
            let repMonths = members.reduce(0) { $0 + coverage.repMonths[$1] }
            let coached = members.reduce(0) { $0 + coverage.coachedRepMonths[$1] }
            let sessions = members.reduce(0) { $0 + coverage.sessions[$1] }
            let minutes = CompensatedSum.of(members.map { coverage.minutes[$0] })
            let reps = members.reduce(0) { $0 + coverage.reps[$1] }
            let never = members.reduce(0) { $0 + coverage.neverCoached[$1] }
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

    private func managerTable(_ coverage: Coverage, dataset: Dataset) -> ResultTable {
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
        for m in 0..<coverage.managerCount where coverage.repMonths[m] > 0 {
            let n = Double(coverage.repMonths[m])
            table.rows.append([
                .text(dataset.managers.ids[m]), .text(dataset.managers.tiers[m].id),
                .integer(coverage.reps[m]), .integer(coverage.repMonths[m]),
                .number(Double(coverage.coachedRepMonths[m]) / n),
                .number(Double(coverage.sessions[m]) / n), .number(coverage.minutes[m] / n),
                .integer(coverage.neverCoached[m]), .integer(coverage.longestGap[m]),
                .number(coverage.validRepMonths[m] > 0 ? Double(coverage.attained[m]) / Double(coverage.validRepMonths[m]) : nil),
            ])
        }
        return table
    }

    /// Team size and coverage per month and manager: the heat map of coverage.
    private func monthTable(_ coverage: Coverage, grid: RepMonthGrid, ids: [String]) -> ResultTable {
        var table = ResultTable(name: "by_manager_month", columns: [
            ResultColumn("period", label: "Month", .label),
            ResultColumn("manager_id", label: "Manager", .label),
            ResultColumn("team_reps", label: "Team reps", .count(of: .reps)),
            ResultColumn("coached_reps", label: "Coached reps", .count(of: .repsInGroup)),
            ResultColumn("coverage", label: "Coverage", .proportion),
        ])
        for column in 0..<grid.months {
            let period = MonthIndex.format(grid.firstMonth + Int32(column))
            for m in 0..<coverage.managerCount {
                let team = coverage.teamByMonth[m * grid.months + column]
                guard team > 0 else { continue }
                let coached = coverage.coachedByMonth[m * grid.months + column]
                table.rows.append([.text(period), .text(ids[m]), .integer(team), .integer(coached),
                                   .number(Double(coached) / Double(team))])
            }
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
