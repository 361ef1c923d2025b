import CoachLabPluginAPI
import CoachLabStatistics

/// Do reps under better coaches improve faster?
///
/// Unit: the rep. Each rep with enough valid months gets the OLS slope of its attainment
/// on the month index. Definitions: RESULTS.md, `rep-improvement-over-time`.
public struct RepImprovementOverTime: MetricPlugin {
    public init() {}

    static let windowLength = 6

    public let descriptor = PluginDescriptor(
        id: "rep-improvement-over-time",
        title: "Rep improvement over time",
        summary: "Compares how fast reps' attainment improves month over month under each coaching tier.",
        description: """
            For each rep, the months with a quota above zero give attainment y = bookings / quota \
            at month index x = 12 × year + month; a rep with at least min-periods such months gets \
            the OLS slope of y on x, the change in attainment per month. Per tier of the rep's \
            manager: the mean slope with a t interval, the median, the share of reps improving, and \
            the mean attainment of reps' first and last six months (reps with at least twelve). \
            Welch's t-test compares the slopes under exceeds and needs_improvement managers.
            """,
        requiredTables: [.managers, .reps, .performance],
        options: [
            PluginOption(
                name: "min-periods", summary: "valid months a rep needs to get a slope",
                kind: .integer(2...1200), defaultValue: "6"),
        ])

    /// One rep's history, reduced as its months stream by in order.
    struct RepHistory {
        var trend = RunningRegression()
        var earlySum = 0.0
        /// The last `windowLength` attainments, oldest overwritten first.
        var recent: (Double, Double, Double, Double, Double, Double) = (0, 0, 0, 0, 0, 0)

        mutating func add(month: Double, attainment: Double) {
            if trend.count < RepImprovementOverTime.windowLength { earlySum += attainment }
            withUnsafeMutableBytes(of: &recent) { raw in
                raw.storeBytes(of: attainment, toByteOffset: (trend.count % RepImprovementOverTime.windowLength) * 8, as: Double.self)
            }
            trend.add(x: month, y: attainment)
        }

        var lateSum: Double {
            withUnsafeBytes(of: recent) { raw in
                (0..<RepImprovementOverTime.windowLength).reduce(0.0) { $0 + raw.load(fromByteOffset: $1 * 8, as: Double.self) }
            }
        }
    }

    public func compute(_ context: PluginContext) throws(PluginError) -> MetricResult {
        let minPeriods = context.options.integer("min-periods") ?? 6
        let dataset = context.dataset
        let performance = dataset.performance
        // Each thread takes a range of reps and sees its rows in the same order as one
        // thread would: results do not depend on the number of threads.
        let histories = SharedBuffer(repeating: RepHistory(), count: dataset.reps.count)
        Parallel.forEachPart(of: dataset.reps.count, parts: context.threads) { owned in
            let (low, high) = (Int32(owned.lowerBound), Int32(owned.upperBound))
            performance.reps.withUnsafeBufferPointer { reps in
            performance.periods.withUnsafeBufferPointer { periods in
            performance.quotas.withUnsafeBufferPointer { quotas in
            performance.bookings.withUnsafeBufferPointer { bookings in
                performance.forEachRowInMonthOrder { row in
                    let rep = reps[row]
                    guard rep >= low && rep < high,
                          let attainment = Kernels.attainment(quota: quotas[row], bookings: bookings[row]) else { return }
                    histories.storage[Int(rep)].add(month: Double(periods[row]), attainment: attainment)
                }
            }}}}
        }

        let tiers = dataset.repTiers
        var slopes = [[Double]](repeating: [], count: CoachingTier.allCases.count)
        var early = [[Double]](repeating: [], count: CoachingTier.allCases.count)
        var late = [[Double]](repeating: [], count: CoachingTier.allCases.count)
        var excluded = 0
        for (rep, history) in histories.storage.enumerated() where history.trend.count > 0 {
            guard history.trend.count >= minPeriods, let slope = history.trend.slope else {
                excluded += 1
                continue
            }
            let tier = tiers[rep].rawValue
            slopes[tier].append(slope)
            if history.trend.count >= 2 * Self.windowLength {
                early[tier].append(history.earlySum / Double(Self.windowLength))
                late[tier].append(history.lateSum / Double(Self.windowLength))
            }
        }

        var notes: [String] = []
        let sortedSlopes = slopes.map { $0.sorted() }
        let table = tierTable(slopes: slopes, sorted: sortedSlopes, early: early, late: late, notes: &notes)
        let distribution = distributionTable(sorted: sortedSlopes)
        let summaries = slopes.map { SampleSummary($0) }
        let welch = WelchTest.test(summaries[CoachingTier.exceeds.rawValue], summaries[CoachingTier.needsImprovement.rawValue])
        if welch == nil {
            notes.append("Welch's test needs at least two reps with a slope under both exceeds and needs_improvement managers, and some variation; it is null.")
        }
        if excluded > 0 {
            notes.append("\(excluded) rep(s) were left out for having fewer than \(minPeriods) months with a quota above zero.")
        }
        notes.append("A slope is the change in bookings/quota per month (0.01 = one percentage point of quota per month); reps who left early and regression to the mean both shape slopes.")
        notes.append("This compares reps across managers; it does not show that coaching caused the difference.")

        let meanExceeds = summaries[CoachingTier.exceeds.rawValue].meanIfAny
        let meanNeeds = summaries[CoachingTier.needsImprovement.rawValue].meanIfAny
        let summary: [ResultField] = [
            ResultField("reps", .integer(slopes.reduce(0) { $0 + $1.count }), .count),
            ResultField("excluded_reps", .integer(excluded), .count),
            ResultField("min_periods", .integer(minPeriods), .count),
            ResultField("welch_t", .number(welch?.t), .statistic),
            ResultField("welch_df", .number(welch?.degreesOfFreedom), .degreesOfFreedom),
            ResultField("p_value", .number(welch?.pValue), .pValue),
            ResultField("slope_difference", .number(meanExceeds.flatMap { a in meanNeeds.map { a - $0 } }), .attainmentSlope),
        ]
        return MetricResult(
            pluginID: descriptor.id, title: descriptor.title,
            findings: findings(exceeds: meanExceeds, needs: meanNeeds, welch: welch),
            summary: summary, tables: [table, distribution], notes: notes)
    }

    private func tierTable(
        slopes: [[Double]], sorted: [[Double]], early: [[Double]], late: [[Double]], notes: inout [String]
    ) -> ResultTable {
        var table = ResultTable(name: "by_tier", columns: [
            ResultColumn("tier", label: "Coaching tier", .label),
            ResultColumn("reps", label: "Reps", .count),
            ResultColumn("mean_slope", label: "Mean slope", .attainmentSlope),
            ResultColumn("ci_low", label: "95% CI low", .attainmentSlope),
            ResultColumn("ci_high", label: "95% CI high", .attainmentSlope),
            ResultColumn("median_slope", label: "Median slope", .attainmentSlope),
            ResultColumn("share_improving", label: "Improving", .proportion),
            ResultColumn("early_attainment", label: "First 6 months", .attainment),
            ResultColumn("late_attainment", label: "Last 6 months", .attainment),
            ResultColumn("relative_improvement", label: "Relative change", .relativeChange),
            ResultColumn("reps_with_early_late", label: "Reps with 12+ months", .count),
        ])
        for tier in CoachingTier.reportOrder {
            let values = slopes[tier.rawValue]
            let sample = SampleSummary(values)
            let interval = MeanInterval.interval(sample)
            let earlyMean = early[tier.rawValue].isEmpty ? nil : CompensatedSum.of(early[tier.rawValue]) / Double(early[tier.rawValue].count)
            let lateMean = late[tier.rawValue].isEmpty ? nil : CompensatedSum.of(late[tier.rawValue]) / Double(late[tier.rawValue].count)
            let relative: Double? = earlyMean.flatMap { e in lateMean.flatMap { l in e != 0 ? l / e - 1 : nil } }
            table.rows.append([
                .text(tier.id), .integer(values.count), .number(sample.meanIfAny),
                .number(interval?.low), .number(interval?.high),
                .number(OrderStatistics.quantiles(sorted: sorted[tier.rawValue], [0.5])[0]),
                .number(values.isEmpty ? nil : Double(values.filter { $0 > 0 }.count) / Double(values.count)),
                .number(earlyMean), .number(lateMean), .number(relative),
                .integer(early[tier.rawValue].count),
            ])
            if values.isEmpty {
                notes.append("No reps with a slope under \(tier.id) managers: its statistics are null.")
            } else if values.count == 1 {
                notes.append("Only one rep with a slope under \(tier.id) managers: no interval.")
            }
            if !values.isEmpty && early[tier.rawValue].isEmpty {
                notes.append("No \(tier.id) rep has twelve valid months: early and late attainment are null.")
            }
        }
        return table
    }

    /// The spread of reps' slopes per tier: the deciles and quartiles around the median.
    private func distributionTable(sorted: [[Double]]) -> ResultTable {
        let probabilities = [0.1, 0.25, 0.5, 0.75, 0.9]
        var table = ResultTable(name: "slope_distribution", columns: [
            ResultColumn("tier", label: "Coaching tier", .label),
            ResultColumn("reps", label: "Reps", .count),
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

    private func findings(exceeds: Double?, needs: Double?, welch: WelchTest.Result?) -> [Finding] {
        guard let exceeds, let needs else {
            return [Finding("Improvement cannot be compared between coaching tiers: no reps with enough months under managers who exceed expectations or under those who need improvement.")]
        }
        var values: [String: FindingValue] = [
            "high": .signed(exceeds, .attainmentSlope), "low": .signed(needs, .attainmentSlope),
        ]
        guard let welch else {
            return [Finding("Attainment of reps under coaches who exceed expectations changes by {high} vs {low} under coaches who need improvement (too few reps to test the difference).", values)]
        }
        values["p"] = .value(welch.pValue, .pValue)
        return [Finding(
            "Attainment of reps under coaches who exceed expectations changes by {high} vs {low} under coaches who need improvement (Welch's test {p}).",
            values)]
    }
}
