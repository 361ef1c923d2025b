/// The difference between the means of two groups of clusters — reps' outcomes under
/// managers of two coaching tiers, each manager a cluster — with the half-width of its 95%
/// interval robust to clustering: the coefficient of group `a` in `y ~ 1 + a dummy per other
/// group with rows` (group `b` the base), fitted by ``ClusteredLinearModel`` from each
/// cluster's group, rows and Σy, as `statsmodels.OLS(...).fit(cov_type="cluster")`.
public enum ClusteredGroupDifference {
    public struct Fit: Sendable {
        /// Half the width of the 95% interval of the difference.
        public var halfWidth: Double
        /// Clusters with rows.
        public var clusters: Int
    }

    /// Why there is no interval.
    public enum Gap: Error, Sendable {
        /// `a` or `b` has rows in one cluster only. Its residuals then sum to zero in that
        /// cluster, the sandwich leaves its variation out, and statsmodels returns an
        /// interval (nearly) zero wide: none is better.
        case oneClusterInAGroup
        /// The regression cannot be fitted (X'X singular, or too few rows).
        case cannotFit
    }

    /// - Parameters:
    ///   - groups: each cluster's group, below `groupCount`.
    ///   - rows, sumsOfY: each cluster's rows and Σy.
    public static func fit(
        groups: [Int], rows: [Int], sumsOfY: [Double], groupCount: Int, a: Int, b: Int
    ) -> Result<Fit, Gap> {
        var clustersOf = [Int](repeating: 0, count: groupCount)
        for (group, count) in zip(groups, rows) where count > 0 { clustersOf[group] += 1 }
        guard clustersOf[a] >= 2, clustersOf[b] >= 2 else { return .failure(.oneClusterInAGroup) }
        // a's dummy first, so that its coefficient is the second.
        let dummies = [a] + (0..<groupCount).filter { $0 != a && $0 != b && clustersOf[$0] > 0 }
        var regressors: [Double] = []
        regressors.reserveCapacity(groups.count * (1 + dummies.count))
        for group in groups {
            regressors.append(1)
            for dummy in dummies { regressors.append(group == dummy ? 1 : 0) }
        }
        guard let model = ClusteredLinearModel(regressors: regressors, k: 1 + dummies.count, rows: rows, sumsOfY: sumsOfY) else {
            return .failure(.cannotFit)
        }
        let interval = model.interval(1)
        return .success(Fit(halfWidth: (interval.high - interval.low) / 2, clusters: model.clusters))
    }
}
