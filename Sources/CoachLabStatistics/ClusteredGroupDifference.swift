/// The difference between the means of two groups of clusters — rep-months or reps under
/// managers of two coaching tiers, each manager a cluster — with its 95% interval robust to
/// clustering: the coefficient of group `a` in `y ~ 1 + a dummy per other group with rows`
/// (group `b` the base), with CR2 covariance and Bell–McCaffrey degrees of freedom
/// (``CR2Regression``), from each cluster's group, rows and Σy.
public enum ClusteredGroupDifference {
    public struct Fit: Sendable, Equatable {
        /// mean(a) − mean(b).
        public var difference: Double
        public var low: Double
        public var high: Double
        public var standardError: Double
        public var degreesOfFreedom: Double
        /// Two-sided p-value of no difference, from t with the Bell–McCaffrey degrees of freedom.
        public var pValue: Double?
        /// Clusters with rows, all groups.
        public var clusters: Int
    }

    /// Why there is no interval.
    public enum Gap: Error, Sendable, Equatable {
        /// `a` or `b` has rows in fewer clusters than the minimum (the two counts): so few
        /// managers cannot show how managers vary, and a comparison resting on them claims
        /// more than it knows (two managers: a 95% interval excluded 0 in a third of orgs
        /// with no difference).
        case tooFewClusters(a: Int, b: Int)
        /// The regression cannot be fitted (X'X singular).
        case cannotFit
        /// Every cluster's mean equals its group's: the standard error is 0, and a zero-wide
        /// interval would claim a certainty the data cannot give.
        case noVariation
    }

    /// Managers each group needs for an interval, unless a caller asks otherwise.
    public static let minimumClusters = 5

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
        let contrast = model.coefficient(1)
        guard contrast.standardError > 0 else { return .failure(.noVariation) }
        guard let interval = contrast.interval() else { return .failure(.cannotFit) }
        return .success(Fit(
            difference: contrast.estimate, low: interval.low, high: interval.high,
            standardError: contrast.standardError, degreesOfFreedom: contrast.degreesOfFreedom,
            pValue: contrast.pValue, clusters: model.clusters))
    }
}
