/// Empirical Bayes shrinkage of several units' estimates toward their group's mean, in the
/// normal–normal model: unit i's true value θᵢ ~ N(μ, τ²), its estimate xᵢ | θᵢ ~ N(θᵢ, vᵢ)
/// with a known sampling variance vᵢ.
///
/// - The between-unit variance τ² by the method of moments: the sample variance of the
///   estimates (n − 1 in the denominator) less the mean of their sampling variances,
///   floored at 0.
/// - The group's mean μ̂ = Σ wᵢxᵢ / Σ wᵢ with wᵢ = 1 / (τ² + vᵢ), and its variance
///   V_μ = 1 / Σ wᵢ (where some τ² + vᵢ is 0, those units' plain mean and V_μ = 0).
/// - A unit's weight on its own estimate B = τ² / (τ² + v) (0 when τ² is 0), its posterior
///   mean μ̂ + B (x − μ̂) and posterior variance B·v + (1 − B)²·V_μ: the posterior of θ given
///   τ² with μ integrated over a flat prior (Gelman et al., *Bayesian Data Analysis*, 3rd ed.,
///   §5.4), so the uncertainty of the group's mean is in it; that of τ² is not.
public struct NormalShrinkage: Sendable, Equatable {
    /// The units with an estimate.
    public let count: Int
    /// μ̂, the precision-weighted mean of the estimates.
    public let mean: Double
    /// V_μ, the variance of ``mean``.
    public let meanVariance: Double
    /// τ², the between-unit variance (method of moments, floored at 0).
    public let betweenVariance: Double

    /// The model fitted to `estimates` and their sampling `variances` (in the same order);
    /// nil with fewer than two estimates (τ² needs a sample variance) or a variance that is
    /// negative or not finite.
    /// - Complexity: O(n).
    public init?(estimates: [Double], variances: [Double]) {
        precondition(estimates.count == variances.count, "one sampling variance per estimate")
        let n = estimates.count
        guard n >= 2, variances.allSatisfy({ $0 >= 0 && $0.isFinite }), estimates.allSatisfy(\.isFinite) else { return nil }
        let spread = SampleSummary(estimates)
        let meanSamplingVariance = variances.reduce(0, +) / Double(n)
        let tau2 = max(0, (spread.variance ?? 0) - meanSamplingVariance)
        var weightSum = 0.0, weighted = 0.0
        var exact = 0.0, exactCount = 0
        for (x, v) in zip(estimates, variances) {
            if tau2 + v == 0 {
                exact += x
                exactCount += 1
            } else {
                let w = 1 / (tau2 + v)
                weightSum += w
                weighted += w * x
            }
        }
        count = n
        betweenVariance = tau2
        if exactCount > 0 {
            mean = exact / Double(exactCount)
            meanVariance = 0
        } else {
            mean = weighted / weightSum
            meanVariance = 1 / weightSum
        }
    }

    /// B = τ² / (τ² + v): the weight a unit with sampling variance `variance` keeps on its
    /// own estimate (1 − B goes to the group's mean); 0 when τ² is 0.
    public func weight(samplingVariance variance: Double) -> Double {
        betweenVariance > 0 ? betweenVariance / (betweenVariance + variance) : 0
    }

    /// The posterior mean and variance of a unit's true value from its `estimate` and its
    /// sampling `variance`.
    public func posterior(estimate: Double, samplingVariance variance: Double) -> (mean: Double, variance: Double) {
        let b = weight(samplingVariance: variance)
        return (mean + b * (estimate - mean), b * variance + (1 - b) * (1 - b) * meanVariance)
    }

    /// P(θ > `line`) under a normal posterior with `mean` and `variance` (the same as
    /// P(θ ≥ `line`) when the variance is positive); with variance 0, 1 when `mean` is above
    /// the line, or on it and `includingLine`, and 0 otherwise.
    public static func probability(above line: Double, mean: Double, variance: Double, includingLine: Bool) -> Double {
        guard variance > 0 else { return mean > line || (includingLine && mean == line) ? 1 : 0 }
        return NormalDistribution.survival((line - mean) / variance.squareRoot())
    }
}
