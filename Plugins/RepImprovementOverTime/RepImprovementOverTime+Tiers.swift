import CoachLabPluginAPI
import CoachLabStatistics
import CoachLabKernels

extension RepImprovementOverTime {
    /// What the tier table needs of one tier's reps.
    struct TierStatistics: Sendable {
        var sorted: [Double] = []
        var summary = SampleSummary()
        /// The mean of the reps' early and late attainment (nil without reps that have them).
        var earlyMean: Double?
        var lateMean: Double?
        var repsWithEarlyLate = 0
    }

    /// Each tier's statistics, the tiers taken at once (each on one thread, so its sums
    /// run in rep order whatever `threads` is).
    static func tierStatistics(_ grouped: RepTrendOutcomes.ByTier, threads: Int) -> [TierStatistics] {
        Kernels.map(grouped.slopes.count, threads: threads) { tier in
            let (slopes, early, late) = (grouped.slopes[tier], grouped.early[tier], grouped.late[tier])
            return TierStatistics(
                sorted: OrderStatistics.ascending(Array(slopes)), summary: SampleSummary(slopes),
                earlyMean: early.isEmpty ? nil : CompensatedSum.of(early) / Double(early.count),
                lateMean: late.isEmpty ? nil : CompensatedSum.of(late) / Double(late.count),
                repsWithEarlyLate: early.count)
        }
    }

    func tierTable(
        _ tiers: [TierStatistics], clusters: [(tier: Int, reps: Int, slopeSum: Double)], notes: inout [String]
    ) -> ResultTable {
        var table = ResultTable(name: "by_tier", isComparison: true, columns: [
            .coachingTier,
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
    static func countNotAbove(_ limit: Double, in values: [Double]) -> Int {
        var low = 0
        var high = values.count
        while low < high {
            let middle = (low + high) / 2
            if values[middle] <= limit { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// The spread of reps' slopes per tier: the deciles and quartiles around the median.
    func distributionTable(sorted: [[Double]]) -> ResultTable {
        let probabilities = [0.1, 0.25, 0.5, 0.75, 0.9]
        var table = ResultTable(name: "slope_distribution", columns: [
            .coachingTier,
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
}
