/// Welch's unequal-variances two-sample t-test (Welch 1947), two-sided, as
/// `scipy.stats.ttest_ind(a, b, equal_var=False)`.
public enum WelchTest {
    public struct Result: Sendable, Equatable {
        public var t: Double
        public var degreesOfFreedom: Double
        public var pValue: Double
    }

    /// The test of mean(a) = mean(b).
    /// - Returns: nil when a group has fewer than two values or both variances are zero.
    public static func test(_ a: SampleSummary, _ b: SampleSummary) -> Result? {
        guard let varianceA = a.variance, let varianceB = b.variance else { return nil }
        let errorA = varianceA / Double(a.count)
        let errorB = varianceB / Double(b.count)
        let standardError2 = errorA + errorB
        guard standardError2 > 0 else { return nil }
        let t = (a.mean - b.mean) / standardError2.squareRoot()
        let df = standardError2 * standardError2
            / (errorA * errorA / Double(a.count - 1) + errorB * errorB / Double(b.count - 1))
        return Result(t: t, degreesOfFreedom: df, pValue: StudentTDistribution(degreesOfFreedom: df).twoSidedPValue(t))
    }

    /// The interval of mean(a) − mean(b): the difference ± t(1 − α/2, Welch df) × √(s²ₐ/nₐ +
    /// s²ᵦ/nᵦ), as `scipy.stats.ttest_ind(a, b, equal_var=False).confidence_interval()`.
    /// - Returns: nil when ``test(_:_:)`` is.
    public static func differenceInterval(_ a: SampleSummary, _ b: SampleSummary, confidence: Double = 0.95) -> (low: Double, high: Double)? {
        guard let result = test(a, b), let varianceA = a.variance, let varianceB = b.variance else { return nil }
        let standardError = (varianceA / Double(a.count) + varianceB / Double(b.count)).squareRoot()
        let half = StudentTDistribution(degreesOfFreedom: result.degreesOfFreedom).quantile(1 - (1 - confidence) / 2) * standardError
        return (a.mean - b.mean - half, a.mean - b.mean + half)
    }
}
