/// The difference between the means of two groups of clusters — rep-months or reps under
/// managers of two coaching tiers, each manager a cluster — with its 95% interval robust to
/// clustering: the coefficient of group `a` in `y ~ 1 + a dummy per other group with rows`
/// (group `b` the base), with CR2 covariance and Bell–McCaffrey degrees of freedom
/// (``CR2Regression``), from each cluster's group, rows and Σy.
public enum ClusteredGroupDifference {
    public typealias Fit = ClusteredDifference
    public typealias Gap = ClusteredDifference.Gap

    /// Clusters each group needs, unless a caller asks otherwise.
    public static let minimumClusters = ClusteredDifference.minimumClusters

    /// - Parameters:
    ///   - groups: each cluster's group, below `groupCount`.
    ///   - rows, sumsOfY: each cluster's rows and Σy.
    ///   - minimumClusters: the clusters with rows that `a` and `b` each need.
    /// - Complexity: O(G) for G clusters.
    public static func fit(
        groups: [Int], rows: [Int], sumsOfY: [Double], groupCount: Int, a: Int, b: Int,
        minimumClusters: Int = minimumClusters
    ) -> Result<Fit, Gap> {
        var clustersOf = [Int](repeating: 0, count: groupCount)
        for (group, count) in zip(groups, rows) where count > 0 { clustersOf[group] += 1 }
        guard clustersOf[a] >= max(minimumClusters, 2), clustersOf[b] >= max(minimumClusters, 2) else {
            return .failure(.tooFewClusters(a: clustersOf[a], b: clustersOf[b]))
        }
        // a's dummy first, so that its coefficient is the second.
        let dummies = [a] + (0..<groupCount).filter { $0 != a && $0 != b && clustersOf[$0] > 0 }
        var regressors: [Double] = []
        regressors.reserveCapacity(groups.count * (1 + dummies.count))
        for group in groups {
            regressors.append(1)
            for dummy in dummies { regressors.append(group == dummy ? 1 : 0) }
        }
        guard let model = CR2Regression(constantRegressors: regressors, k: 1 + dummies.count, rows: rows, sumsOfY: sumsOfY)
        else { return .failure(.cannotFit) }
        return ClusteredDifference.fit(model, coefficient: 1)
    }
}
