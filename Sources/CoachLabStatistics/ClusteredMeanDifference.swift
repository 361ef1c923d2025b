/// The difference between the means of two samples whose observations come in clusters —
/// reps' outcomes, each rep's manager its cluster, where a manager's reps (or one rep) may
/// be in both samples — with a 95% interval robust to the clustering: the coefficient of
/// `a`'s dummy in `y ~ 1 + a`, with CR2 covariance and Bell–McCaffrey degrees of freedom
/// (``CR2Regression``).
///
/// Welch's test over the same observations treats each as independent; where a cluster's
/// observations move together its interval is too narrow, and this one is not.
public enum ClusteredMeanDifference {
    public typealias Fit = ClusteredDifference
    public typealias Gap = ClusteredDifference.Gap

    /// Clusters each group needs, unless a caller asks otherwise.
    public static let minimumClusters = ClusteredDifference.minimumClusters

    /// - Parameters:
    ///   - a, b: the two samples.
    ///   - clustersOfA, clustersOfB: the cluster of each observation (any codes; the same
    ///     code in both samples is the same cluster).
    ///   - minimumClusters: the clusters each sample needs (at least 2).
    /// - Complexity: O(n) for n observations.
    public static func fit(
        a: [Double], clustersOfA: [Int32], b: [Double], clustersOfB: [Int32], minimumClusters: Int = minimumClusters
    ) -> Result<Fit, Gap> {
        precondition(a.count == clustersOfA.count && b.count == clustersOfB.count, "one cluster per observation")
        let inA = Set(clustersOfA).count, inB = Set(clustersOfB).count
        guard inA >= max(minimumClusters, 2), inB >= max(minimumClusters, 2) else {
            return .failure(.tooFewClusters(a: inA, b: inB))
        }
        let (dense, count) = DenseCodes.make(clustersOfA + clustersOfB)
        var moments = ClusterMoments(k: 2, clusterCount: count)
        for (i, value) in a.enumerated() { moments.add(cluster: dense[i], constantRegressors: [1, 1], rows: 1, sumOfY: value) }
        for (i, value) in b.enumerated() { moments.add(cluster: dense[a.count + i], constantRegressors: [1, 0], rows: 1, sumOfY: value) }
        guard let model = CR2Regression(moments) else { return .failure(.cannotFit) }
        return ClusteredDifference.fit(model, coefficient: 1)
    }
}
