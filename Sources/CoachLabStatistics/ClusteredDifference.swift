/// A difference of two groups' means estimated with an interval robust to clustering (CR2,
/// Bell–McCaffrey degrees of freedom): what ``ClusteredGroupDifference`` and
/// ``ClusteredMeanDifference`` give, or why they give none.
public struct ClusteredDifference: Sendable, Equatable {
    /// mean(a) − mean(b).
    public var difference: Double
    public var low: Double
    public var high: Double
    public var standardError: Double
    public var degreesOfFreedom: Double
    /// Two-sided p-value of no difference, from t with the Bell–McCaffrey degrees of freedom.
    public var pValue: Double?
    /// Clusters with observations, all groups.
    public var clusters: Int

    /// Why there is no interval.
    public enum Gap: Error, Sendable, Equatable {
        /// `a` or `b` spans fewer clusters than the minimum (the two counts): so few cannot
        /// show how clusters vary, and a comparison resting on them claims more than it knows
        /// (a comparison whose smaller group spanned two managers excluded 0 in a third of
        /// generated orgs with no difference).
        case tooFewClusters(a: Int, b: Int)
        /// The regression cannot be fitted (X'X singular).
        case cannotFit
        /// Every cluster's mean equals its group's: the standard error is 0, and a zero-wide
        /// interval would claim a certainty the data cannot give.
        case noVariation
    }

    /// Managers each group needs for an interval, unless a caller asks otherwise.
    public static let minimumClusters = 5

    /// The difference as the coefficient `index` of a fitted model.
    static func fit(_ model: CR2Regression, coefficient index: Int) -> Result<ClusteredDifference, Gap> {
        let contrast = model.coefficient(index)
        guard contrast.hasVariation else { return .failure(.noVariation) }
        guard let interval = contrast.interval() else { return .failure(.cannotFit) }
        return .success(ClusteredDifference(
            difference: contrast.estimate, low: interval.low, high: interval.high,
            standardError: contrast.standardError, degreesOfFreedom: contrast.degreesOfFreedom,
            pValue: contrast.pValue, clusters: model.clusters))
    }
}
