import CoachLabStatistics
import CoachLabTestSupport
import Testing

/// Empirical Bayes shrinkage, Cohen's kappa and mid-rank percentiles against hand computations.
@Suite struct NormalShrinkageTests {
    /// x = (0, 0.3, 0.9), v = (0.01, 0.04, 0.01): mean 0.4, s² = (0.16 + 0.01 + 0.25) / 2 = 0.21,
    /// mean v 0.02, so τ² = 0.19. Weights 1/(τ² + v) = 5, 100/23, 5, summing to 330/23:
    /// μ̂ = (0 + 30/23 + 4.5) / (330/23) = 133.5/330, V_μ = 23/330. For x = 0.3: B = 19/23,
    /// mean μ̂ + B (0.3 − μ̂) = 0.31818181…, variance (19/23)(0.04) + (4/23)² (23/330) = 0.0351515….
    @Test func shrinksAsTheNormalNormalModelSays() throws {
        let model = try #require(NormalShrinkage(estimates: [0, 0.3, 0.9], variances: [0.01, 0.04, 0.01]))
        let mu: Double = 133.5 / 330, vMu: Double = 23.0 / 330, b: Double = 19.0 / 23
        let shrunk: Double = mu + b * (0.3 - mu)
        let variance: Double = 0.76 / 23 + 16.0 / (23 * 330)
        #expect(model.count == 3)
        #expect(Tolerance.agrees(model.betweenVariance, 0.19, relative: 1e-14))
        #expect(Tolerance.agrees(model.mean, mu, relative: 1e-14))
        #expect(Tolerance.agrees(model.meanVariance, vMu, relative: 1e-14))
        #expect(Tolerance.agrees(model.weight(samplingVariance: 0.04), b, relative: 1e-14))
        let posterior = model.posterior(estimate: 0.3, samplingVariance: 0.04)
        #expect(Tolerance.agrees(posterior.mean, shrunk, relative: 1e-14))
        #expect(Tolerance.agrees(posterior.mean, 0.3181818181818182, relative: 1e-12))
        #expect(Tolerance.agrees(posterior.variance, variance, relative: 1e-14))
        // P(θ ≥ 0.5) = 1 − Φ((0.5 − 0.318182) / √0.0351515) (scipy.stats.norm.sf: 0.166082…).
        let p = NormalShrinkage.probability(above: 0.5, mean: posterior.mean, variance: posterior.variance, includingLine: true)
        #expect(Tolerance.agrees(p, 0.1660825003505611, relative: 1e-9), "\(p)")
    }

    /// x = (0.5, 0.6), v = 0.1 each: s² = 0.005 < 0.1, so τ² is floored at 0, B = 0 and both
    /// reps are their mean 0.55 with the mean's variance 1/(10 + 10) = 0.05.
    @Test func floorsTheBetweenVarianceAtZero() throws {
        let model = try #require(NormalShrinkage(estimates: [0.5, 0.6], variances: [0.1, 0.1]))
        #expect(model.betweenVariance == 0)
        #expect(model.weight(samplingVariance: 0.1) == 0)
        let posterior = model.posterior(estimate: 0.6, samplingVariance: 0.1)
        #expect(Tolerance.agrees(posterior.mean, 0.55, relative: 1e-14))
        #expect(Tolerance.agrees(posterior.variance, 0.05, relative: 1e-14))
        #expect(NormalShrinkage(estimates: [0.5], variances: [0.1]) == nil)
        // With no sampling variance and no spread, every unit is known exactly.
        let exact = try #require(NormalShrinkage(estimates: [0, 0], variances: [0, 0]))
        let known = exact.posterior(estimate: 0, samplingVariance: 0)
        #expect(known.mean == 0 && known.variance == 0)
        #expect(NormalShrinkage.probability(above: 0.5, mean: 0.5, variance: 0, includingLine: true) == 1)
        #expect(NormalShrinkage.probability(above: 0, mean: 0, variance: 0, includingLine: false) == 0)
    }

    /// Ten units labelled twice: they agree on units 0, 1, 2, 5, 6 and 8 (p_o = 0.6); shares
    /// (0.5, 0.3, 0.2) and (0.4, 0.4, 0.2), so p_e = 0.20 + 0.12 + 0.04 = 0.36 and
    /// κ = (0.6 − 0.36) / 0.64 = 0.375.
    @Test func kappaByHand() throws {
        let first = [0, 0, 0, 0, 0, 1, 1, 1, 2, 2]
        let second = [0, 0, 0, 1, 2, 1, 1, 0, 2, 1]
        let check = try #require(CohensKappa(first, second, categories: 3))
        #expect(check.count == 10)
        #expect(Tolerance.agrees(check.agreement, 0.6, relative: 1e-15))
        #expect(Tolerance.agrees(check.chanceAgreement, 0.36, relative: 1e-14))
        #expect(Tolerance.agrees(try #require(check.kappa), 0.375, relative: 1e-14))
        #expect(CohensKappa([1, 1], [1, 1], categories: 3)?.kappa == nil)
        #expect(CohensKappa([], [], categories: 3) == nil)
        #expect(CohensKappa.strength(0.238) == "fair")
        #expect(CohensKappa.strength(-0.1) == "poor")
    }

    /// Values 3, 1, 4, 1, 5: sorted 1, 1, 3, 4, 5. The 1s have 0 below and 2 equal:
    /// (0 + 1) / 5 = 0.2; 3: (2 + 0.5) / 5 = 0.5; 4: 0.7; 5: 0.9.
    @Test func midRankPercentilesByHand() throws {
        let ranks = MidRankPercentile([3, 1, 4, 1, 5])
        for (value, expected) in [(1.0, 0.2), (3, 0.5), (4, 0.7), (5, 0.9)] {
            #expect(Tolerance.agrees(try #require(ranks.percentile(of: value)), expected, relative: 1e-15), "\(value)")
        }
        #expect(MidRankPercentile([]).percentile(of: 1) == nil)
        #expect(Tolerance.agrees(try #require(MidRankPercentile([2, 2, 2, 2]).percentile(of: 2)), 0.5, relative: 1e-15))
    }
}
