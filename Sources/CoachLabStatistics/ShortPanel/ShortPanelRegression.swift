/// OLS with unit effects (optionally each unit's own linear trend) and time effects, for a
/// panel of many units over few times — a hundred thousand reps over a few dozen months —
/// solved exactly unit by unit instead of by alternating projections over whole columns.
///
/// Each unit's effect and trend are removed exactly by projecting its rows off its own
/// `[1, t]` (Frisch–Waugh–Lovell). What is left couples units only through the T time
/// effects, so a few sums — T × T, T × K and K × K (``Sums``) — hold everything the
/// coefficients need, and they add over units in any grouping. A second pass over the units
/// forms each cluster's score from the fitted coefficients (``ClusterScores``). Memory is
/// O(T² + K² + clusters × (K + T)) whatever the number of observations, and blocks of units
/// can be summed on different threads or machines.
///
/// The model, covariance (CRV1, fixest's small-sample factor) and degrees of freedom are
/// those of ``FixedEffectsRegression/init(y:x:units:times:unitCount:timeCount:clusters:unitTrends:)``,
/// whose result type this returns; the two agree to rounding.
public enum ShortPanelRegression {
    /// The model from the sums of all units and the scores of all clusters, computed with
    /// `fit`; nil with fewer than two clusters or no more observations than parameters.
    public static func regression(_ fit: Fit, scores: ClusterScores) -> FixedEffectsRegression? {
        var clusterScores: [[Double]] = []
        for cluster in 0..<scores.count {
            var score = [Double](repeating: 0, count: fit.coefficients.count)
            fit.clusterScore(scores.sums(ofSlot: cluster), into: &score)
            clusterScores.append(score)
        }
        return regression(fit, clusterScores: clusterScores)
    }

    /// The model from the sums of all units and each cluster's score on the regressors
    /// (``Fit/clusterScore(_:into:)``, summed over its units), in a fixed order of clusters.
    public static func regression(_ fit: Fit, clusterScores: [[Double]]) -> FixedEffectsRegression? {
        let k = fit.coefficients.count
        let clusterCount = clusterScores.count
        guard clusterCount >= 2 else { return nil }
        let parameters = k + fit.timesObserved
        let n = fit.observations
        guard n > parameters else { return nil }
        var meat = SmallMatrix(size: k)
        for score in clusterScores {
            precondition(score.count == k, "a score per regressor")
            meat.addOuterProduct(score)
        }
        let g = Double(clusterCount)
        let factor = g / (g - 1) * Double(n - 1) / Double(n - parameters)
        var covariance = fit.bread.multiplied(by: meat).multiplied(by: fit.bread)
        for i in covariance.elements.indices { covariance.elements[i] *= factor }
        return FixedEffectsRegression(
            coefficients: fit.coefficients, covariance: covariance.symmetrised(), clusters: clusterCount, observations: n)
    }
}
