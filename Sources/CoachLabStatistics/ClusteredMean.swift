/// The mean of observations that come in clusters — a tier's rep-months, each manager's a
/// cluster — with its 95% interval robust to the clustering: the intercept of y ~ 1 with
/// CR2 covariance and Bell–McCaffrey degrees of freedom (``CR2Regression``). For a
/// proportion (y = 0 or 1) it is the interval of the rate.
///
/// A t interval or Wilson interval over the same observations treats them as independent;
/// where a cluster's observations move together it is too narrow, and this one is not.
public enum ClusteredMean {
    public struct Fit: Sendable, Equatable {
        public var mean: Double
        public var low: Double
        public var high: Double
        public var standardError: Double
        public var degreesOfFreedom: Double
        /// Clusters with observations.
        public var clusters: Int
    }

    /// Clusters an interval needs: with one, its residuals sum to zero and it shows no
    /// variation between clusters at all.
    public static let minimumClusters = 2

    /// From each cluster's count and Σy (clusters without observations left out).
    /// - Returns: nil with fewer than ``minimumClusters`` clusters, or when every cluster's
    ///   mean is the overall mean (no variation to measure: a zero-wide interval would claim
    ///   a certainty the data cannot give).
    /// - Complexity: O(G) for G clusters.
    public static func fit(counts: [Int], sums: [Double]) -> Fit? {
        precondition(counts.count == sums.count, "a count and a sum per cluster")
        guard counts.count(where: { $0 > 0 }) >= minimumClusters,
              let model = CR2Regression(
                constantRegressors: [Double](repeating: 1, count: counts.count), k: 1, rows: counts, sumsOfY: sums)
        else { return nil }
        return fit(model)
    }

    /// From the observations and the cluster of each (any codes).
    /// - Complexity: O(n) for n observations.
    public static func fit(_ values: [Double], clusters: [Int32]) -> Fit? {
        precondition(values.count == clusters.count, "a cluster per observation")
        let (dense, count) = DenseCodes.make(clusters)
        var counts = [Int](repeating: 0, count: count)
        var sums = [Double](repeating: 0, count: count)
        for (value, g) in zip(values, dense) {
            counts[g] += 1
            sums[g] += value
        }
        return fit(counts: counts, sums: sums)
    }

    private static func fit(_ model: CR2Regression) -> Fit? {
        let mean = model.coefficient(0)
        guard let interval = mean.interval() else { return nil }
        return Fit(mean: mean.estimate, low: interval.low, high: interval.high, standardError: mean.standardError,
                   degreesOfFreedom: mean.degreesOfFreedom, clusters: model.clusters)
    }
}

/// Codes 0, 1, … in order of first appearance for any cluster codes.
enum DenseCodes {
    static func make(_ codes: [Int32]) -> (dense: [Int], count: Int) {
        var map: [Int32: Int] = [:]
        let dense = codes.map { code in
            if let known = map[code] { return known }
            let next = map.count
            map[code] = next
            return next
        }
        return (dense, map.count)
    }
}
