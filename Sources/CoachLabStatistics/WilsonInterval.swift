/// The Wilson score interval for a binomial proportion (Wilson 1927; Brown, Cai & DasGupta
/// 2001), as `statsmodels.stats.proportion.proportion_confint(method="wilson")`.
public enum WilsonInterval {
    /// The interval for `successes` of `trials` at normal quantile `z`; nil when `trials` is 0.
    public static func interval(successes: Int, trials: Int, z: Double = NormalDistribution.z95)
        -> (low: Double, high: Double)?
    {
        guard trials > 0 else { return nil }
        let n = Double(trials)
        let p = Double(successes) / n
        let z2 = z * z
        let denominator = 1 + z2 / n
        let center = (p + z2 / (2 * n)) / denominator
        let halfWidth = z * (p * (1 - p) / n + z2 / (4 * n * n)).squareRoot() / denominator
        return (center - halfWidth, center + halfWidth)
    }
}
