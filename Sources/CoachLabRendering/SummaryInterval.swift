import CoachLabPluginAPI

/// A summary value's 95% interval, found by the contract's keys (RESULTS.md): `K_ci_low` and
/// `K_ci_high`, or the interval clustered by manager, `K_clustered_ci_low` and `…_high`,
/// which wins where both are there (the other treats a manager's reps as independent).
/// The one place that reads the convention, for every format and the comparison of segments.
public struct SummaryInterval: Sendable {
    public var low: ResultField
    public var high: ResultField
    /// Whether it is the interval clustered by manager.
    public var isClustered: Bool

    /// Both ends, when both are numbers.
    public var bounds: (low: Double, high: Double)? {
        guard let low = low.value.doubleValue, let high = high.value.doubleValue else { return nil }
        return (low, high)
    }

    /// The interval of the field `key` in `summary`, or nil when it has none. A clustered
    /// interval whose ends are null stays the answer: its absence is not a reason to fall
    /// back on one that overstates certainty.
    public init?(of key: String, in summary: [ResultField]) {
        for (prefix, clustered) in [(key + "_clustered", true), (key, false)] {
            guard let low = summary.first(where: { $0.key == prefix + "_ci_low" }),
                  let high = summary.first(where: { $0.key == prefix + "_ci_high" }) else { continue }
            self.low = low
            self.high = high
            self.isClustered = clustered
            return
        }
        return nil
    }
}
