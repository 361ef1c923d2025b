import CoachLabStatistics

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
    /// Managers with a rep in either group.
    public let managers: Int
    /// Why the interval is null, or that it rests on few managers; nil when all is well.
    public let note: String?

    /// Below this many managers a cluster-robust interval tends to be too narrow even with
    /// t quantiles (Cameron & Miller 2015, §VI): the result says so.
    public static let fewManagers = 30

    /// - Parameters:
    ///   - a, b: the groups' outcomes, one per rep entry (a rep may appear in both).
    ///   - repsOfA, repsOfB: the rep (a row of reps.csv) of each outcome.
    ///   - repManagers: each rep's manager, as a row of managers.csv.
    ///   - names: how the notes name the two groups ("same-day" and "later feedback").
    /// - Complexity: O(n) for n outcomes.
    public init(a: [Double], repsOfA: [Int], b: [Double], repsOfB: [Int], repManagers: [Int32], names: (a: String, b: String)) {
        precondition(a.count == repsOfA.count && b.count == repsOfB.count, "one rep per outcome")
        let clustersOfA = repsOfA.map { repManagers[$0] }
        let clustersOfB = repsOfB.map { repManagers[$0] }
        managers = Set(clustersOfA + clustersOfB).count
        guard !a.isEmpty, !b.isEmpty else {
            interval = nil
            note = nil
            return
        }
        switch ClusteredMeanDifference.fit(a: a, clustersOfA: clustersOfA, b: b, clustersOfB: clustersOfB) {
        case .success(let fit):
            interval = (fit.low, fit.high)
            note = fit.clusters < Self.fewManagers
                ? "The manager-clustered interval rests on \(fit.clusters) managers (t with \(fit.clusters - 1) degrees of freedom); with fewer than about \(Self.fewManagers) it may still be too narrow."
                : nil
        case .failure(.oneClusterInASample):
            interval = nil
            note = "The manager-clustered interval needs reps of at least two managers among both \(names.a) and \(names.b) (one manager's reps say nothing about how managers vary); it is null."
        case .failure(.tooFewClusters(let count)):
            interval = nil
            note = "The manager-clustered interval needs reps of at least \(ClusteredMeanDifference.minimumClusters) managers, and these reps have \(count): so few cannot show how managers vary; it is null."
        case .failure(.cannotFit):
            interval = nil
            note = "The manager-clustered interval cannot be computed (the regression is singular); it is null."
        case .failure(.noVariation):
            interval = nil
            note = "The manager-clustered interval needs outcomes that vary around the two groups' means; these do not, and it is null."
        }
    }

    /// How a finding states the difference of the two groups, after saying what each
    /// group's outcome is: `: {difference} (95% CI {interval}, robust to clustering by
    /// manager; Welch's test over reps {p})`. Without a clustered interval, `welchInterval`
    /// is quoted in its place and said to treat reps as independent; a part with nothing to
    /// quote is left out. The values it names are added to `values`.
    public func differenceClause(
        _ difference: Double, welchInterval: (low: Double, high: Double)? = nil, welch: WelchTest.Result?,
        _ role: ValueRole, values: inout [String: FindingValue]
    ) -> String {
        values["difference"] = .signed(difference, role)
        var aside: [String] = []
        if let shown = interval ?? welchInterval {
            values["interval"] = .interval(shown.low, shown.high, role, signed: true)
            aside.append("95% CI {interval}, " + (interval == nil ? "a Welch interval, treating reps as independent" : "robust to clustering by manager"))
        }
        if let welch {
            values["p"] = .value(welch.pValue, .pValue)
            aside.append("Welch's test over reps {p}")
        }
        return ": {difference}" + (aside.isEmpty ? "" : " (" + aside.joined(separator: "; ") + ")")
    }

    /// `difference_clustered_ci_low` and `difference_clustered_ci_high` (in `role`, the
    /// outcome's), then `managers`.
    public func summaryFields(_ role: ValueRole) -> [ResultField] {
        [
            ResultField("difference_clustered_ci_low", .number(interval?.low), role),
            ResultField("difference_clustered_ci_high", .number(interval?.high), role),
            ResultField("managers", .integer(managers), .count),
        ]
    }
}
