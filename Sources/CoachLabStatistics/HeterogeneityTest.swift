/// Whether independent estimates of one quantity differ by more than their uncertainty:
/// Cochran's Q, the inverse-variance weighted sum of squared deviations from the pooled
/// estimate, against a chi-squared distribution with k − 1 degrees of freedom (k estimates).
///
/// The estimates must be independent (disjoint segments of reps and managers); with
/// correlated estimates the test is too liberal.
public struct HeterogeneityTest: Sendable, Equatable {
    /// Cochran's Q.
    public var q: Double
    public var degreesOfFreedom: Int
    public var pValue: Double
    /// The inverse-variance weighted mean of the estimates.
    public var pooled: Double

    /// The test of `estimates` with their standard errors; nil with fewer than two usable
    /// estimates (finite, with a finite standard error above zero).
    public init?(estimates: [Double], standardErrors: [Double]) {
        let usable = zip(estimates, standardErrors).filter { $0.isFinite && $1.isFinite && $1 > 0 }
        guard usable.count >= 2 else { return nil }
        var weights = CompensatedSum(), weighted = CompensatedSum()
        for (estimate, error) in usable {
            let weight = 1 / (error * error)
            weights.add(weight)
            weighted.add(weight * estimate)
        }
        let pooled = weighted.value / weights.value
        var q = CompensatedSum()
        for (estimate, error) in usable {
            let deviation = (estimate - pooled) / error
            q.add(deviation * deviation)
        }
        self.q = q.value
        self.degreesOfFreedom = usable.count - 1
        self.pooled = pooled
        self.pValue = ChiSquaredDistribution(degreesOfFreedom: Double(usable.count - 1)).survival(q.value)
    }

    /// The test of estimates given with their 95% intervals, each standard error taken as
    /// the interval's half-width over the normal 97.5% quantile. For an interval from a t
    /// distribution that standard error is too large, so Q is too small: conservative.
    public init?(estimates: [Double], intervals: [(low: Double, high: Double)]) {
        let z = NormalDistribution.quantile(0.975)
        self.init(estimates: estimates, standardErrors: intervals.map { ($0.high - $0.low) / (2 * z) })
    }
}
