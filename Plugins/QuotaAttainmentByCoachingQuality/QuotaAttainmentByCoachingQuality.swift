import CoachLabPluginAPI
import CoachLabStatistics
import CoachLabKernels

/// Does a rep-month attain quota more often under managers who coach better?
///
/// Unit: the rep-period with quota > 0; tier: the coaching quality of the rep's manager.
/// Definitions: RESULTS.md, `quota-attainment-by-coaching-quality`.
public struct QuotaAttainmentByCoachingQuality: DecomposableMetric {
    public init() {}

    public let descriptor = PluginDescriptor(
        id: "quota-attainment-by-coaching-quality",
        title: "Quota attainment by coaching quality",
        summary: "Compares how often rep-months attain quota under managers of each coaching tier.",
        description: """
            Each rep-month with a quota above zero counts once, under the coaching tier of the \
            rep's manager. Per tier: the share of rep-months with bookings at or above quota, \
            with a 95% interval robust to clustering by manager (CR2, Bell–McCaffrey degrees of \
            freedom; the Wilson interval, which treats rep-months as independent, beside it), \
            and the mean of bookings/quota. Across tiers: Pearson's chi-square test of \
            independence, the Cochran–Armitage test for a trend over needs_improvement < meets \
            < exceeds, and the difference in attainment rate between exceeds and \
            needs_improvement with a 95% interval from a linear probability model with the same \
            clustered small-sample inference (none when either tier has fewer managers than \
            --min-managers).
            """,
        requiredTables: [.managers, .reps, .performance],
        options: [OptionKey.minimumManagers.declaration])

    /// Exact sufficient statistics of some rep-periods: totals per manager and per month
    /// and tier, which reps have data, and the tier of every manager.
    public struct State: PartialState, Equatable {
        var managerTiers: [CoachingTier]
        var byManager: AttainmentTotals
        var monthly: MonthlyAttainment
        /// Per rep: the tier of its manager when it has a rep-period with quota > 0, else -1.
        var repTierWithData: [Int8]

        public mutating func merge(_ other: State) {
            precondition(other.managerTiers == managerTiers, "states of different dimension tables")
            byManager.merge(other.byManager)
            monthly.merge(other.monthly)
            for rep in repTierWithData.indices { repTierWithData[rep] = max(repTierWithData[rep], other.repTierWithData[rep]) }
        }

        public func mergeProblem(with other: State) -> String? {
            guard other.managerTiers == managerTiers, other.repTierWithData.count == repTierWithData.count else {
                return "the states were computed against different managers or reps"
            }
            return nil
        }

        public func encode(to writer: inout Partial.Writer) {
            writer.encodeRuns("manager_tiers", managerTiers.map { Int8($0.rawValue) })
            byManager.encode(to: &writer, as: "manager")
            monthly.encode(to: &writer, as: "month_tier")
            writer.encodeRuns("rep_tiers", repTierWithData)
        }

        public init(decoding reader: inout Partial.Reader) throws(Partial.FormatError) {
            let tiers = try reader.decodeRuns("manager_tiers", as: Int8.self, length: reader.bounds.managers)
            managerTiers = try tiers.map { code throws(Partial.FormatError) in
                guard let tier = CoachingTier(rawValue: Int(code)) else { throw Partial.FormatError(line: nil, "\(code) is not a tier code") }
                return tier
            }
            byManager = try AttainmentTotals(decoding: &reader, as: "manager", groupCount: tiers.count)
            monthly = try MonthlyAttainment(decoding: &reader, as: "month_tier", groupCount: CoachingTier.allCases.count)
            repTierWithData = try reader.decodeRuns("rep_tiers", length: reader.bounds.reps)
            guard byManager.groupCount == managerTiers.count, monthly.groupCount == CoachingTier.allCases.count,
                  repTierWithData.allSatisfy({ $0 >= -1 && $0 < CoachingTier.allCases.count }) else {
                throw Partial.FormatError(line: nil, "the attainment state's tables do not fit together")
            }
        }

        init(managerTiers: [CoachingTier], byManager: AttainmentTotals, monthly: MonthlyAttainment, repTierWithData: [Int8]) {
            self.managerTiers = managerTiers
            self.byManager = byManager
            self.monthly = monthly
            self.repTierWithData = repTierWithData
        }
    }

    public func partial(_ context: Partial.Context) -> State {
        let dataset = context.dataset
        let performance = dataset.performance
        let rows = context.rows(of: .performance)
        let repTiers = dataset.repTiers.map { Int8($0.rawValue) }
        let (byManager, monthly, repHasAttainment) = Kernels.attainmentTotalsAndMonthly(
            performance, rows: rows, groupOfRep: dataset.reps.managers, groupCount: dataset.managers.count,
            monthlyGroupOfRep: repTiers.map(Int32.init), monthlyGroupCount: CoachingTier.allCases.count)
        let withData = zip(repTiers, repHasAttainment).map { tier, has in has ? tier : -1 }
        return State(
            managerTiers: dataset.managers.tiers, byManager: byManager, monthly: monthly, repTierWithData: withData)
    }

    public func finalize(_ state: State, options: PluginOptions) -> MetricResult {
        let byManager = state.byManager
        let byTier = byManager.rolledUp(
            into: state.managerTiers.map { Int32($0.rawValue) }, groupCount: CoachingTier.allCases.count)
        var notes: [String] = []
        var managersWithData = [Int](repeating: 0, count: CoachingTier.allCases.count)
        for m in 0..<byManager.groupCount where byManager.repPeriods[m] > 0 {
            managersWithData[state.managerTiers[m].rawValue] += 1
        }
        var repsWithData = [Int](repeating: 0, count: CoachingTier.allCases.count)
        for tier in state.repTierWithData where tier >= 0 { repsWithData[Int(tier)] += 1 }
        let table = tierTable(
            byTier, byManager: byManager, tiers: state.managerTiers, managersWithData: managersWithData,
            repsWithData: repsWithData, notes: &notes)
        let monthly = monthTable(state.monthly)
        let used = byTier.repPeriods.reduce(0, +)

        let chiSquare = ContingencyTests.pearsonChiSquare(successes: byTier.attained, trials: byTier.repPeriods)
        if chiSquare == nil {
            notes.append("The chi-square test needs at least two tiers with data and both attaining and missing rep-periods; it is null.")
        }
        let trend = ContingencyTests.cochranArmitage(
            successes: byTier.attained, trials: byTier.repPeriods,
            scores: CoachingTier.allCases.map(\.trendScore))
        if trend == nil {
            notes.append("The trend test needs tiers with different scores and both attaining and missing rep-periods; it is null.")
        }
        let difference = rateDifference(
            byManager: byManager, byTier: byTier, tiers: state.managerTiers,
            minimumManagers: options.minimumManagers, notes: &notes)
        if byTier.attainmentSums.contains(where: { !$0.isValid }) {
            notes.append("Some bookings/quota ratios are too large to sum (a near-zero quota?): the affected mean attainments are null.")
        }

        if byTier.excluded > 0 {
            notes.append("\(byTier.excluded) rep-period(s) were left out because their quota is missing (\(byTier.missingQuota)) or zero (\(byTier.zeroQuota)).")
        }
        notes.append("Rep-months of one rep, and reps of one manager, are not independent: the chi-square and trend p-values and the Wilson intervals treat them as if they were and so overstate certainty; the tiers' 95% CIs and the interval of the rate difference are robust to clustering by manager (CR2 covariance, t with Bell–McCaffrey degrees of freedom).")
        notes.append("This is an association across managers, not proof that coaching causes attainment: better coaches may also lead stronger territories or hire stronger reps.")

        let summary: [ResultField] = [
            ResultField("rep_periods", .integer(used), .count(of: .repMonths)),
            ResultField("excluded_rep_periods", .integer(byTier.excluded), .count(of: .repMonths)),
            ResultField("chi_square", .number(chiSquare?.statistic), .statistic),
            ResultField("df", chiSquare.map { .integer($0.degreesOfFreedom) } ?? .null, .degreesOfFreedom),
            ResultField("p_value", .number(chiSquare?.pValue), .pValueOutsideFamily),
            ResultField("trend_z", .number(trend?.z), .statistic),
            ResultField("trend_p_value", .number(trend?.pValue), .pValueOutsideFamily),
            ResultField("rate_difference", .number(difference.value), .proportionDifference),
            ResultField("rate_difference_ci_low", .number(difference.interval?.low), .proportionDifference),
            ResultField("rate_difference_ci_high", .number(difference.interval?.high), .proportionDifference),
            ResultField("rate_difference_p_value", .number(difference.pValue), .pValue),
            ResultField("missing_quota_rep_periods", .integer(byTier.missingQuota), .count(of: .repMonths)),
            ResultField("zero_quota_rep_periods", .integer(byTier.zeroQuota), .count(of: .repMonths)),
            ResultField("managers", .integer(managersWithData.reduce(0, +)), .count(of: .managers)),
            ResultField("min_managers", .integer(options.minimumManagers), .count(of: .threshold)),
        ]
        return MetricResult(
            pluginID: descriptor.id, title: descriptor.title,
            findings: findings(byTier, difference: difference),
            summary: summary, tables: [table, monthly], notes: notes)
    }

    private func rate(_ totals: AttainmentTotals, _ tier: CoachingTier) -> Double? {
        totals.rate(tier.rawValue)
    }

    /// Attainment per month and tier, months in order, tiers in report order.
    private func monthTable(_ monthly: MonthlyAttainment) -> ResultTable {
        var table = ResultTable(name: "by_month", columns: [
            ResultColumn("period", label: "Month", .label),
            .coachingTier,
            ResultColumn("reps", label: "Reps", .count(of: .reps)),
            ResultColumn("attained", label: "Attained", .count(of: .repMonths)),
            ResultColumn("rate", label: "Attainment rate", .proportion),
            ResultColumn("mean_attainment", label: "Mean bookings/quota", .attainment),
        ])
        for month in 0..<monthly.months {
            let period = MonthIndex.format(monthly.firstMonth + Int32(month))
            for tier in CoachingTier.reportOrder {
                let n = monthly.repPeriods(month: month, group: tier.rawValue)
                let k = monthly.attained(month: month, group: tier.rawValue)
                table.rows.append([
                    .text(period), .text(tier.id), .integer(n), .integer(k),
                    .number(n > 0 ? Double(k) / Double(n) : nil),
                    .number(monthly.meanAttainment(month: month, group: tier.rawValue)),
                ])
            }
        }
        return table
    }

    private func tierTable(
        _ byTier: AttainmentTotals, byManager: AttainmentTotals, tiers: [CoachingTier], managersWithData: [Int],
        repsWithData: [Int], notes: inout [String]
    ) -> ResultTable {
        var table = ResultTable(name: "by_tier", isComparison: true, columns: [
            .coachingTier,
            ResultColumn("rep_periods", label: "Rep-months", .count(of: .repMonths)),
            ResultColumn("attained", label: "Attained", .count(of: .repMonths)),
            ResultColumn("rate", label: "Attainment rate", .proportion),
            ResultColumn("ci_low", label: "95% CI low", .proportion),
            ResultColumn("ci_high", label: "95% CI high", .proportion),
            ResultColumn("wilson_low", label: "Wilson CI, months independent low", .proportion),
            ResultColumn("wilson_high", label: "Wilson CI, months independent high", .proportion),
            ResultColumn("mean_attainment", label: "Mean bookings/quota", .attainment),
            ResultColumn("managers", label: "Managers", .count(of: .managers)),
            ResultColumn("reps", label: "Reps", .count(of: .reps)),
        ])
        for tier in CoachingTier.reportOrder {
            let n = byTier.repPeriods[tier.rawValue]
            let k = byTier.attained[tier.rawValue]
            let wilson = WilsonInterval.interval(successes: k, trials: n)
            let managers = byManager.repPeriods.indices.filter { tiers[$0] == tier }
            let clustered = ClusteredMean.fit(
                counts: managers.map { byManager.repPeriods[$0] }, sums: managers.map { Double(byManager.attained[$0]) })
            table.rows.append([
                .text(tier.id), .integer(n), .integer(k), .number(rate(byTier, tier)),
                .number(clustered?.low), .number(clustered?.high), .number(wilson?.low), .number(wilson?.high),
                .number(byTier.meanAttainment(tier.rawValue)),
                .integer(managersWithData[tier.rawValue]),
                .integer(repsWithData[tier.rawValue]),
            ])
            if n == 0 {
                notes.append("No rep-periods under \(tier.id) managers: its statistics are null.")
            } else if clustered == nil && managersWithData[tier.rawValue] < 2 {
                notes.append("Only one \(tier.id) manager has data: one manager's rep-months cannot show how managers vary, so its interval is null (the Wilson interval beside it treats rep-months as independent).")
            } else if clustered == nil {
                notes.append("Every \(tier.id) manager's rep-months attain at the same rate: there is no variation between managers to measure, so its interval is null.")
            } else if managersWithData[tier.rawValue] < 5 {
                notes.append("Only \(managersWithData[tier.rawValue]) \(tier.id) manager(s) have data: that tier's rate describes very few coaches.")
            }
        }
        return table
    }

    private struct RateDifference {
        var value: Double?
        var interval: (low: Double, high: Double)?
        var pValue: Double?
        /// Why there is no interval, in a few words.
        var gap = "no interval"
    }

    /// rate(exceeds) − rate(needs_improvement) with the interval of the exceeds coefficient
    /// in attained ~ tier dummies: CR2 by manager, Bell–McCaffrey degrees of freedom.
    private func rateDifference(
        byManager: AttainmentTotals, byTier: AttainmentTotals, tiers: [CoachingTier], minimumManagers: Int,
        notes: inout [String]
    ) -> RateDifference {
        guard let high = rate(byTier, .exceeds), let low = rate(byTier, .needsImprovement) else {
            notes.append("The rate difference needs data under both exceeds and needs_improvement managers; it is null.")
            return RateDifference()
        }
        let difference = high - low
        let fit = ClusteredGroupDifference.fit(
            groups: tiers.map(\.rawValue), rows: byManager.repPeriods, sumsOfY: byManager.attained.map(Double.init),
            groupCount: CoachingTier.allCases.count, a: CoachingTier.exceeds.rawValue, b: CoachingTier.needsImprovement.rawValue,
            minimumClusters: minimumManagers)
        switch fit {
        case .failure(.tooFewClusters(let exceeds, let needsImprovement)):
            notes.append("The manager-clustered interval of the rate difference needs at least \(max(minimumManagers, 2)) managers with data under both exceeds and needs_improvement; they have \(exceeds) and \(needsImprovement): so few cannot show how managers vary, and the difference may be one manager's. It is null.")
            return RateDifference(value: difference, gap: "too few managers")
        case .failure(.cannotFit):
            notes.append("The manager-clustered interval cannot be computed (the tiers' regression is singular); it is null.")
            return RateDifference(value: difference, gap: "the regression is singular")
        case .failure(.noVariation):
            notes.append("Every exceeds and needs_improvement manager attains at its tier's rate: there is no variation between managers to measure, and the manager-clustered interval is null.")
            return RateDifference(value: difference, gap: "no variation between managers")
        case .success(let fit):
            return RateDifference(value: difference, interval: (fit.low, fit.high), pValue: fit.pValue)
        }
    }

    private func findings(_ byTier: AttainmentTotals, difference: RateDifference) -> [Finding] {
        guard let high = rate(byTier, .exceeds), let low = rate(byTier, .needsImprovement),
              let value = difference.value else {
            return [Finding("Attainment cannot be compared between coaching tiers: the dataset lacks rep-months under managers who exceed expectations or under those who need improvement.")]
        }
        var values: [String: Finding.Value] = [
            "high": .value(high, .proportion), "low": .value(low, .proportion),
            "difference": .signed(value, .proportionDifference),
        ]
        if let interval = difference.interval {
            values["interval"] = .interval(interval.low, interval.high, .proportionDifference, signed: true)
            return [Finding(
                "Reps under coaches who exceed expectations attain quota in {high} of months vs {low} under coaches who need improvement: {difference} (95% CI {interval}, robust to clustering by manager).",
                values)]
        }
        return [Finding(
            "Reps under coaches who exceed expectations attain quota in {high} of months vs {low} under coaches who need improvement: {difference} (no interval: \(difference.gap)).",
            values)]
    }
}
