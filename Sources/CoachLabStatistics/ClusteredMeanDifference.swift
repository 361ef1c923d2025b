/// The difference between the means of two samples whose observations come in clusters —
/// reps' outcomes, each rep's manager its cluster, where a manager's reps (or one rep) may
/// be in both samples — with a 95% interval robust to the clustering: the coefficient of
/// `a`'s dummy in `y ~ 1 + a`, fitted over the observations by ``ClusteredLinearModel``, its
/// interval from Student's t with G − 1 degrees of freedom for G clusters, as
/// `statsmodels.OLS(y, X).fit(cov_type="cluster", cov_kwds={"groups": cluster}, use_t=True)`
/// (the normal quantile makes an interval over few clusters too narrow: Cameron & Miller
/// 2015, §VI.A).
///
/// Welch's test over the same observations treats each as independent; where a cluster's
/// observations move together its interval is too narrow, and this one is not.
public enum ClusteredMeanDifference {
    public struct Fit: Sendable, Equatable {
        /// mean(a) − mean(b), as the regression gives it.
        public var difference: Double
        public var low: Double
        public var high: Double
        /// Clusters with an observation in either sample.
        public var clusters: Int
    }

    /// Why there is no interval.
    public enum Gap: Error, Sendable, Equatable {
        /// A sample's observations all come from one cluster: its residuals then sum to zero
        /// there, the sandwich leaves its variation out, and the interval means nothing.
        case oneClusterInASample
        /// Fewer than ``minimumClusters`` clusters in all (the count): the sandwich of so
        /// few scores, which sum to zero, has too few directions to estimate a variance
        /// (two clusters gave an interval a twentieth of Welch's in a test org).
        case tooFewClusters(Int)
        /// The regression cannot be fitted (X'X singular).
        case cannotFit
        /// The residuals are all zero (no variation around the two means): a zero-wide
        /// interval would claim certainty the data cannot give.
        case noVariation
    }

    /// Clusters an interval needs.
    public static let minimumClusters = 5

    /// - Parameters:
    ///   - a, b: the two samples.
    ///   - clustersOfA, clustersOfB: the cluster of each observation (any codes; the same
    ///     code in both samples is the same cluster).
    /// - Complexity: O(n) for n observations: two passes of ``ClusteredLinearModel``.
    public static func fit(
        a: [Double], clustersOfA: [Int32], b: [Double], clustersOfB: [Int32]
    ) -> Result<Fit, Gap> {
        precondition(a.count == clustersOfA.count && b.count == clustersOfB.count, "one cluster per observation")
        guard Set(clustersOfA).count >= 2, Set(clustersOfB).count >= 2 else { return .failure(.oneClusterInASample) }
        var denseCodes: [Int32: Int32] = [:]
        let clusters = (clustersOfA + clustersOfB).map { code in
            if let dense = denseCodes[code] { return dense }
            let dense = Int32(denseCodes.count)
            denseCodes[code] = dense
            return dense
        }
        guard denseCodes.count >= minimumClusters else { return .failure(.tooFewClusters(denseCodes.count)) }
        var regressors: [Double] = []
        regressors.reserveCapacity(2 * clusters.count)
        for _ in a { regressors += [1, 1] }
        for _ in b { regressors += [1, 0] }
        guard let model = ClusteredLinearModel(
            x: regressors, k: 2, y: a + b, cluster: clusters, clusterCount: denseCodes.count) else {
            return .failure(.cannotFit)
        }
        let t = StudentTDistribution(degreesOfFreedom: Double(model.clusters - 1)).quantile(0.975)
        let interval = model.interval(1, z: t)
        guard interval.high > interval.low else { return .failure(.noVariation) }
        return .success(Fit(difference: model.coefficients[1], low: interval.low, high: interval.high, clusters: model.clusters))
    }
}
