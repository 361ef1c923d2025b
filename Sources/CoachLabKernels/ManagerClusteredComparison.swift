import CoachLabStatistics
import CoachLabPluginAPI

/// Two groups of reps' outcomes compared with an interval that allows for reps of one
/// manager moving together (a shared coach, territory and quarter): the difference of the
/// groups' means with its 95% interval clustered by each rep's manager in reps.csv
/// (``ClusteredMeanDifference``: t with one degree of freedom fewer than managers; none
/// from fewer than five managers). A rep may be in both groups; it is then two observations
/// of one cluster.
///
/// What a plugin that compares reps reports beside Welch's test, which treats every rep as
/// independent and so overstates certainty wherever a manager's reps move together.
public struct ManagerClusteredComparison: Sendable {
    /// The 95% interval of mean(a) − mean(b); nil when there is none (``note`` says why).
    public let interval: (low: Double, high: Double)?
    /// The two-sided p-value of no difference from the same fit; nil without an interval.
    public let pValue: Double?
    /// Managers with a rep in either group.
    public let managers: Int
    /// The managers each group had to span for an interval.
    public let minimumManagers: Int
    /// Why the interval is null; nil when there is one.
    public let note: String?

    /// Managers each group needs for an interval unless a plugin's option says otherwise.
    public static let defaultMinimumManagers = ClusteredMeanDifference.minimumClusters

    /// - Parameters:
    ///   - a, b: the groups' outcomes, one per rep entry (a rep may appear in both).
    ///   - repsOfA, repsOfB: the rep (a row of reps.csv) of each outcome.
    ///   - repManagers: each rep's manager, as a row of managers.csv.
    ///   - names: how the notes name the two groups ("same-day" and "later feedback").
    ///   - minimumManagers: the managers each group's reps must span for an interval.
    /// - Complexity: O(n) for n outcomes.
    public init(
        a: [Double], repsOfA: [Int], b: [Double], repsOfB: [Int], repManagers: [Int32], names: (a: String, b: String),
        minimumManagers: Int = defaultMinimumManagers
    ) {
        precondition(a.count == repsOfA.count && b.count == repsOfB.count, "one rep per outcome")
        self.minimumManagers = max(minimumManagers, 2)
        let clustersOfA = repsOfA.map { repManagers[$0] }
        let clustersOfB = repsOfB.map { repManagers[$0] }
        managers = Set(clustersOfA + clustersOfB).count
        let outcome = Self.fit(a: a, clustersOfA: clustersOfA, b: b, clustersOfB: clustersOfB,
                               minimumManagers: self.minimumManagers, names: names)
        interval = outcome.interval
        pValue = outcome.pValue
        note = outcome.note
        gap = outcome.gap
    }

    private static func fit(
        a: [Double], clustersOfA: [Int32], b: [Double], clustersOfB: [Int32], minimumManagers: Int,
        names: (a: String, b: String)
    ) -> (interval: (low: Double, high: Double)?, pValue: Double?, note: String?, gap: String?) {
        guard !a.isEmpty, !b.isEmpty else { return (nil, nil, nil, "no interval") }
        switch ClusteredMeanDifference.fit(
            a: a, clustersOfA: clustersOfA, b: b, clustersOfB: clustersOfB, minimumClusters: minimumManagers) {
        case .success(let fit):
            return ((fit.low, fit.high), fit.pValue, nil, nil)
        case .failure(.tooFewClusters(let inA, let inB)):
            return (nil, nil, "The manager-clustered interval needs the reps of \(names.a) and of \(names.b) each to span at least \(minimumManagers) managers; they span \(inA) and \(inB): so few cannot show how managers vary, and the difference may be one manager's. It is null.", "no interval: too few managers")
        case .failure(.cannotFit):
            return (nil, nil, "The manager-clustered interval cannot be computed (the regression is singular); it is null.", "no interval")
        case .failure(.noVariation):
            return (nil, nil, "The manager-clustered interval needs outcomes that vary around the two groups' means; these do not, and it is null.", "no interval: the outcomes do not vary")
        }
    }

    /// Why a finding has no interval, in a few words; nil when it has one.
    private let gap: String?

    /// How a finding states the difference of the two groups, after saying what each
    /// group's outcome is: `: {difference} (95% CI {interval}, robust to clustering by
    /// manager, {p})`, or `: {difference} (no interval: too few managers)`. Intervals that
    /// treat reps as independent are never quoted: they are too narrow wherever a
    /// manager's reps move together. The values it names are added to `values`.
    public func differenceClause(_ difference: Double, _ role: MetricResult.Role, values: inout [String: Finding.Value]) -> String {
        values["difference"] = .signed(difference, role)
        guard let interval else { return ": {difference} (\(gap ?? "no interval"))" }
        values["interval"] = .interval(interval.low, interval.high, role, signed: true)
        guard let pValue else { return ": {difference} (95% CI {interval}, robust to clustering by manager)" }
        values["p"] = .value(pValue, .pValue)
        return ": {difference} (95% CI {interval}, robust to clustering by manager, {p})"
    }

    /// `difference_clustered_ci_low`, `difference_clustered_ci_high` (in `role`, the
    /// outcome's) and `difference_clustered_p_value`, then `managers` and `min_managers`.
    public func summaryFields(_ role: MetricResult.Role) -> [ResultField] {
        [
            ResultField("difference_clustered_ci_low", .number(interval?.low), role),
            ResultField("difference_clustered_ci_high", .number(interval?.high), role),
            ResultField("difference_clustered_p_value", .number(pValue), .pValue),
            ResultField("managers", .integer(managers), .count(of: .managers)),
            ResultField("min_managers", .integer(minimumManagers), .count(of: .threshold)),
        ]
    }
}
