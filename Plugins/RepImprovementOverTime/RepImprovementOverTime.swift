import CoachLabPluginAPI
import CoachLabStatistics

/// Do reps under better coaches improve faster?
///
/// Unit: the rep. Each rep with enough valid months gets the OLS slope of its attainment
/// on the month index. Definitions: RESULTS.md, `rep-improvement-over-time`.
public struct RepImprovementOverTime: DecomposableMetric {
    public init() {}

    public let descriptor = PluginDescriptor(
        id: "rep-improvement-over-time",
        title: "Rep improvement over time",
        summary: "Compares how fast reps' attainment improves month over month under each coaching tier.",
        description: """
            For each rep, the months with a quota above zero give attainment y = bookings / quota \
            at month index x = 12 × year + month; a rep with at least min-periods such months gets \
            the OLS slope of y on x, the change in attainment per month. Per tier of the rep's \
            manager: the mean slope with a 95% interval robust to clustering by manager (CR2, \
            Bell–McCaffrey degrees of freedom; the t interval, which treats reps as independent, \
            beside it), the median, the share of reps improving, and the mean attainment of reps' \
            first and last six months (reps with at least twelve). The slopes under exceeds and \
            needs_improvement managers are compared by their difference, with a 95% interval from \
            a regression of slope on tier with the same clustered small-sample inference (none \
            when either tier has fewer managers than min-managers), and by Welch's t-test.
            """,
        version: "2",
        requiredTables: [.managers, .reps, .performance],
        options: [Self.minimumPeriods.declaration, OptionKey.minimumManagers.declaration])

    /// `min-periods`: the valid months a rep needs to get a slope.
    static let minimumPeriods = OptionKey.integer(
        "min-periods", summary: "valid months a rep needs to get a slope", in: 2...1200, default: 6)

    /// Each rep's attainment trend over some rep-periods, with each rep's manager and that
    /// manager's tier.
    public struct State: PartialState, Equatable {
        var repTiers: [Int8]
        /// The manager of each rep, as a row of managers.csv: the clusters of the interval.
        var repManagers: [Int32]
        var trends: RepAttainmentTrends

        init(repTiers: [Int8], repManagers: [Int32], trends: RepAttainmentTrends) {
            (self.repTiers, self.repManagers, self.trends) = (repTiers, repManagers, trends)
        }

        public mutating func merge(_ other: State) {
            precondition(other.repTiers == repTiers && other.repManagers == repManagers, "states of different dimension tables")
            trends.merge(other.trends)
        }

        public func encode(to writer: inout StateWriter) {
            writer.encodeRuns("rep_tiers", repTiers)
            writer.encodeRuns("rep_managers", repManagers)
            trends.encode(to: &writer)
        }

        public init(decoding reader: inout StateReader) throws(StateFormatError) {
            repTiers = try reader.decodeRuns("rep_tiers")
            repManagers = try reader.decodeRuns("rep_managers")
            guard repManagers.count == repTiers.count, repManagers.allSatisfy({ $0 >= 0 }),
                  repTiers.allSatisfy({ $0 >= 0 && $0 < CoachingTier.allCases.count }) else {
                throw StateFormatError(line: nil, "the rep tiers and managers do not fit together")
            }
            trends = try RepAttainmentTrends(decoding: &reader, reps: repTiers.count)
        }
    }

    /// A state of one trend per rep (a quarter of a million, 32 MB) is filled once by all
    /// threads rather than once per thread and merged.
    public var parallelism: PartialParallelism { .withinPartial }

    public func partial(_ context: PartialContext) -> State {
        let dataset = context.dataset
        return State(
            repTiers: dataset.repTiers.map { Int8($0.rawValue) }, repManagers: dataset.reps.managers,
            trends: RepAttainmentTrends(
                dataset.performance, rows: context.rows(of: .performance), reps: dataset.reps.count, threads: context.threads))
    }

    public func finalize(_ state: State, options: PluginOptions) -> MetricResult {
        finalize(state, options: options, threads: 1)
    }

    /// Each rep's outcome (slope, early and late means) is taken by chunks of reps on
    /// `threads` threads and grouped by tier in rep order; each tier's statistics are taken
    /// on one thread, the tiers at once, and the sums per manager in rep order on one: so
    /// the result is the same for any `threads`.
    public func finalize(_ state: State, options: PluginOptions, threads: Int) -> MetricResult {
        let minPeriods = options[Self.minimumPeriods]
        // Per manager: reps with a slope and the sum of their slopes, the clusters' sufficient
        // statistics (tier is the same for all of a manager's reps).
        let managerCount = Int(state.repManagers.max() ?? -1) + 1
        var managerReps = [Int](repeating: 0, count: managerCount)
        var managerSlopeSums = [Double](repeating: 0, count: managerCount)
        var managerTiers = [Int8](repeating: -1, count: managerCount)
        var excluded = 0
        var overflowed = 0
        let outcomes = state.trends.outcomes(minimumMonths: minPeriods, threads: threads)
        let grouped = outcomes.groupedByTier(state.repTiers, tierCount: CoachingTier.allCases.count, threads: threads)
        for (rep, kind) in outcomes.kinds.enumerated() {
            switch kind {
            case .noData:
                continue
            case .tooFewMonths, .noSlope:
                excluded += 1
            case .overflowed:
                excluded += 1
                overflowed += 1
            case .slope, .slopeAndMeans:
                let manager = Int(state.repManagers[rep])
                managerReps[manager] += 1
                managerSlopeSums[manager] += outcomes.slopes[rep]
                managerTiers[manager] = state.repTiers[rep]
            }
        }

        var notes: [String] = []
        let tiers = Self.tierStatistics(grouped, threads: threads)
        let summaries = tiers.map(\.summary)
        let clusters = (0..<managerCount).filter { managerReps[$0] > 0 }
            .map { (tier: Int(managerTiers[$0]), reps: managerReps[$0], slopeSum: managerSlopeSums[$0]) }
        let table = tierTable(tiers, clusters: clusters, notes: &notes)
        let distribution = distributionTable(sorted: tiers.map(\.sorted))
        let welch = WelchTest.test(summaries[CoachingTier.exceeds.rawValue], summaries[CoachingTier.needsImprovement.rawValue])
        if welch == nil {
            notes.append("Welch's test needs at least two reps with a slope under both exceeds and needs_improvement managers, and some variation; it is null.")
        }
        let meanExceeds = summaries[CoachingTier.exceeds.rawValue].meanIfAny
        let meanNeeds = summaries[CoachingTier.needsImprovement.rawValue].meanIfAny
        let difference = slopeDifference(
            exceeds: meanExceeds, needs: meanNeeds,
            clusters: clusters, minimumManagers: options.minimumManagers, notes: &notes)
        if overflowed > 0 {
            notes.append("\(overflowed) rep(s) have bookings/quota ratios too large to sum (a near-zero quota?) and were left out.")
        }
        if excluded > 0 {
            notes.append("\(excluded) rep(s) were left out for having fewer than \(minPeriods) months with a quota above zero.")
        }
        notes.append("A slope is the change in bookings/quota per month (0.01 = one percentage point of quota per month); reps who left early and regression to the mean both shape slopes.")
        notes.append("Reps of one manager are not independent: Welch's p-value and the t intervals treat them as if they were and so overstate certainty; the tiers' 95% CIs and the interval of the slope difference are robust to clustering by manager (CR2 covariance, t with Bell–McCaffrey degrees of freedom).")
        notes.append("This compares reps across managers; it does not show that coaching caused the difference.")

        let summary: [ResultField] = [
            ResultField("reps", .integer(grouped.slopes.reduce(0) { $0 + $1.count }), .count(of: .reps)),
            ResultField("excluded_reps", .integer(excluded), .count(of: .reps)),
            ResultField("min_periods", .integer(minPeriods), .count(of: .threshold)),
            ResultField("welch_t", .number(welch?.t), .statistic),
            ResultField("welch_df", .number(welch?.degreesOfFreedom), .degreesOfFreedom),
            ResultField("p_value", .number(welch?.pValue), .pValueOutsideFamily),
            ResultField("slope_difference", .number(difference.value), .attainmentSlope),
            ResultField("slope_difference_ci_low", .number(difference.interval?.low), .attainmentSlope),
            ResultField("slope_difference_ci_high", .number(difference.interval?.high), .attainmentSlope),
            ResultField("slope_difference_p_value", .number(difference.pValue), .pValue),
            ResultField("managers", .integer(difference.managers), .count(of: .managers)),
            ResultField("min_managers", .integer(options.minimumManagers), .count(of: .threshold)),
        ]
        return MetricResult(
            pluginID: descriptor.id, title: descriptor.title,
            findings: findings(exceeds: meanExceeds, needs: meanNeeds, difference: difference),
            summary: summary, tables: [table, distribution], notes: notes)
    }

    /// What the tier table needs of one tier's reps.
    private struct TierStatistics: Sendable {
        var sorted: [Double] = []
        var summary = SampleSummary()
        /// The mean of the reps' early and late attainment (nil without reps that have them).
        var earlyMean: Double?
        var lateMean: Double?
        var repsWithEarlyLate = 0
    }

    /// Each tier's statistics, the tiers taken at once (each on one thread, so its sums
    /// run in rep order whatever `threads` is).
    private static func tierStatistics(_ grouped: RepTrendOutcomes.ByTier, threads: Int) -> [TierStatistics] {
        Kernels.map(grouped.slopes.count, threads: threads) { tier in
            let (slopes, early, late) = (grouped.slopes[tier], grouped.early[tier], grouped.late[tier])
            return TierStatistics(
                sorted: OrderStatistics.ascending(Array(slopes)), summary: SampleSummary(slopes),
                earlyMean: early.isEmpty ? nil : CompensatedSum.of(early) / Double(early.count),
                lateMean: late.isEmpty ? nil : CompensatedSum.of(late) / Double(late.count),
                repsWithEarlyLate: early.count)
        }
    }

    private func tierTable(
        _ tiers: [TierStatistics], clusters: [(tier: Int, reps: Int, slopeSum: Double)], notes: inout [String]
    ) -> ResultTable {
        var table = ResultTable(name: "by_tier", isComparison: true, columns: [
            ResultColumn("tier", label: "Coaching tier", .label),
            ResultColumn("reps", label: "Reps", .count(of: .reps)),
            ResultColumn("mean_slope", label: "Mean slope", .attainmentSlope),
            ResultColumn("ci_low", label: "95% CI low", .attainmentSlope),
            ResultColumn("ci_high", label: "95% CI high", .attainmentSlope),
            ResultColumn("t_ci_low", label: "t CI, reps independent low", .attainmentSlope),
            ResultColumn("t_ci_high", label: "t CI, reps independent high", .attainmentSlope),
            ResultColumn("median_slope", label: "Median slope", .attainmentSlope),
            ResultColumn("share_improving", label: "Improving", .proportion),
            ResultColumn("early_attainment", label: "First 6 months", .attainment),
            ResultColumn("late_attainment", label: "Last 6 months", .attainment),
            ResultColumn("relative_improvement", label: "Relative change", .relativeChange),
            ResultColumn("reps_with_early_late", label: "Reps with 12+ months", .count(of: .repsInGroup)),
        ])
        for tier in CoachingTier.reportOrder {
            let statistics = tiers[tier.rawValue]
            let values = statistics.sorted
            let sample = statistics.summary
            let independent = MeanInterval.interval(sample)
            let managers = clusters.filter { $0.tier == tier.rawValue }
            let clustered = ClusteredMean.fit(counts: managers.map(\.reps), sums: managers.map(\.slopeSum))
            let (earlyMean, lateMean) = (statistics.earlyMean, statistics.lateMean)
            let relative: Double? = earlyMean.flatMap { e in lateMean.flatMap { l in e != 0 ? l / e - 1 : nil } }
            table.rows.append([
                .text(tier.id), .integer(values.count), .number(sample.meanIfAny),
                .number(clustered?.low), .number(clustered?.high), .number(independent?.low), .number(independent?.high),
                .number(OrderStatistics.quantiles(sorted: values, [0.5])[0]),
                .number(values.isEmpty ? nil : Double(values.count - Self.countNotAbove(0, in: values)) / Double(values.count)),
                .number(earlyMean), .number(lateMean), .number(relative),
                .integer(statistics.repsWithEarlyLate),
            ])
            if values.isEmpty {
                notes.append("No reps with a slope under \(tier.id) managers: its statistics are null.")
            } else if values.count == 1 {
                notes.append("Only one rep with a slope under \(tier.id) managers: no interval.")
            } else if clustered == nil && managers.count < 2 {
                notes.append("Only one \(tier.id) manager has reps with a slope: one manager's reps cannot show how managers vary, so its interval is null (the t interval beside it treats reps as independent).")
            } else if clustered == nil {
                notes.append("Every \(tier.id) manager's reps have the same mean slope: there is no variation between managers to measure, so its interval is null.")
            }
            if !values.isEmpty && statistics.repsWithEarlyLate == 0 {
                notes.append("No \(tier.id) rep has twelve valid months: early and late attainment are null.")
            }
        }
        return table
    }

    /// How many of the ascending `values` are at most `limit`.
    private static func countNotAbove(_ limit: Double, in values: [Double]) -> Int {
        var low = 0
        var high = values.count
        while low < high {
            let middle = (low + high) / 2
            if values[middle] <= limit { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// The spread of reps' slopes per tier: the deciles and quartiles around the median.
    private func distributionTable(sorted: [[Double]]) -> ResultTable {
        let probabilities = [0.1, 0.25, 0.5, 0.75, 0.9]
        var table = ResultTable(name: "slope_distribution", columns: [
            ResultColumn("tier", label: "Coaching tier", .label),
            ResultColumn("reps", label: "Reps", .count(of: .reps)),
            ResultColumn("p10", label: "10th pct", .attainmentSlope),
            ResultColumn("p25", label: "25th pct", .attainmentSlope),
            ResultColumn("median", label: "Median", .attainmentSlope),
            ResultColumn("p75", label: "75th pct", .attainmentSlope),
            ResultColumn("p90", label: "90th pct", .attainmentSlope),
        ])
        for tier in CoachingTier.reportOrder {
            let values = sorted[tier.rawValue]
            table.rows.append([.text(tier.id), .integer(values.count)]
                + OrderStatistics.quantiles(sorted: values, probabilities).map { .number($0) })
        }
        return table
    }

    private struct SlopeDifference {
        var value: Double?
        var interval: (low: Double, high: Double)?
        var pValue: Double?
        /// Managers with a rep with a slope.
        var managers = 0
        /// Why there is no interval, in a few words.
        var gap = "no interval"
    }

    /// The mean slope under exceeds minus that under needs_improvement managers, with the
    /// interval of the exceeds coefficient in slope ~ tier dummies: CR2 by manager,
    /// Bell–McCaffrey degrees of freedom (reps of one manager share a coach, and often a
    /// territory: they are not independent observations).
    private func slopeDifference(
        exceeds: Double?, needs: Double?, clusters: [(tier: Int, reps: Int, slopeSum: Double)], minimumManagers: Int,
        notes: inout [String]
    ) -> SlopeDifference {
        guard let exceeds, let needs else { return SlopeDifference(managers: clusters.count) }
        let value = exceeds - needs
        let fit = ClusteredGroupDifference.fit(
            groups: clusters.map(\.tier), rows: clusters.map(\.reps), sumsOfY: clusters.map(\.slopeSum),
            groupCount: CoachingTier.allCases.count, a: CoachingTier.exceeds.rawValue, b: CoachingTier.needsImprovement.rawValue,
            minimumClusters: minimumManagers)
        switch fit {
        case .failure(.tooFewClusters(let high, let low)):
            notes.append("The manager-clustered interval of the slope difference needs at least \(max(minimumManagers, 2)) managers with reps with a slope under both exceeds and needs_improvement; they have \(high) and \(low): so few cannot show how managers vary. It is null.")
            return SlopeDifference(value: value, managers: clusters.count, gap: "too few managers")
        case .failure(.cannotFit):
            notes.append("The manager-clustered interval of the slope difference cannot be computed (the tiers' regression is singular); it is null.")
            return SlopeDifference(value: value, managers: clusters.count, gap: "the regression is singular")
        case .failure(.noVariation):
            notes.append("Every exceeds and needs_improvement manager's reps have their tier's mean slope: there is no variation between managers to measure, and the manager-clustered interval of the slope difference is null.")
            return SlopeDifference(value: value, managers: clusters.count, gap: "no variation between managers")
        case .success(let fit):
            return SlopeDifference(value: value, interval: (fit.low, fit.high), pValue: fit.pValue, managers: clusters.count)
        }
    }

    private func findings(exceeds: Double?, needs: Double?, difference: SlopeDifference) -> [Finding] {
        guard let exceeds, let needs, let value = difference.value else {
            return [Finding("Improvement cannot be compared between coaching tiers: no reps with enough months under managers who exceed expectations or under those who need improvement.")]
        }
        var values: [String: FindingValue] = [
            "high": .signed(exceeds, .attainmentSlope), "low": .signed(needs, .attainmentSlope),
            "difference": .signed(value, .attainmentSlope),
        ]
        if let interval = difference.interval {
            values["interval"] = .interval(interval.low, interval.high, .attainmentSlope, signed: true)
            return [Finding(
                "Attainment of reps under coaches who exceed expectations changes by {high} vs {low} under coaches who need improvement: {difference} (95% CI {interval}, robust to clustering by manager).",
                values)]
        }
        return [Finding(
            "Attainment of reps under coaches who exceed expectations changes by {high} vs {low} under coaches who need improvement: {difference} (no interval: \(difference.gap)).",
            values)]
    }
}
