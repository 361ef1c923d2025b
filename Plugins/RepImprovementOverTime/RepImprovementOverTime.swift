import CoachLabPluginAPI
import CoachLabStatistics
import CoachLabKernels

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

        public func encode(to writer: inout Partial.Writer) {
            writer.encodeRuns("rep_tiers", repTiers)
            writer.encodeRuns("rep_managers", repManagers)
            trends.encode(to: &writer)
        }

        public init(decoding reader: inout Partial.Reader) throws(Partial.FormatError) {
            let bounds = reader.bounds
            repTiers = try reader.decodeRuns("rep_tiers", length: bounds.reps)
            repManagers = try reader.decodeRuns("rep_managers", length: bounds.reps)
            let managers = bounds.managers ?? Partial.Bounds.maximumDimensionRows
            guard repManagers.count == repTiers.count, repManagers.allSatisfy({ $0 >= 0 && Int($0) < managers }),
                  repTiers.allSatisfy({ $0 >= 0 && $0 < CoachingTier.allCases.count }) else {
                throw Partial.FormatError(line: nil, "the rep tiers and managers do not fit together")
            }
            trends = try RepAttainmentTrends(decoding: &reader, reps: repTiers.count)
        }

        /// Why the sums of `other` cannot be added to these: other reps or managers, or a
        /// rep's month sums beyond 64 bits (states that cover far more rows than any export).
        public func mergeProblem(with other: State) -> String? {
            guard other.repTiers == repTiers, other.repManagers == repManagers else {
                return "the states were computed against different reps or managers"
            }
            return trends.mergeProblem(with: other.trends)
        }
    }

    /// A state of one trend per rep (a quarter of a million, 32 MB) is filled once by all
    /// threads rather than once per thread and merged.
    public var parallelism: Partial.Parallelism { .withinPartial }

    public func partial(_ context: Partial.Context) -> State {
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
}
