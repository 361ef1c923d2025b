/// A linear combination c'β of regression coefficients with its standard error and the
/// degrees of freedom of its t reference: what every clustered regression here reports
/// (Bell–McCaffrey's for ``CR2Regression``, G − 1 for ``FixedEffectsRegression``).
public struct ContrastEstimate: Sendable, Equatable {
    public var estimate: Double
    public var standardError: Double
    public var degreesOfFreedom: Double

    public init(estimate: Double, standardError: Double, degreesOfFreedom: Double) {
        self.estimate = estimate
        self.standardError = standardError
        self.degreesOfFreedom = degreesOfFreedom
    }

    /// Whether the standard error shows variation: one within rounding of zero (1e-12 of the
    /// estimate, or absolutely) is none — groups whose clusters all sit at their mean give
    /// 1e-16, not 0, in floating point.
    public var hasVariation: Bool {
        standardError.isFinite && standardError > 1e-12 * max(1, abs(estimate))
    }

    private var isMeasured: Bool { hasVariation && degreesOfFreedom.isFinite && degreesOfFreedom > 0 }

    /// estimate ± t(1 − α/2, dof) × se; nil without a positive standard error or degrees of
    /// freedom (a zero-wide interval would claim a certainty the data cannot give).
    public func interval(confidence: Double = 0.95) -> (low: Double, high: Double)? {
        guard isMeasured else { return nil }
        let t = StudentTDistribution(degreesOfFreedom: degreesOfFreedom).quantile(1 - (1 - confidence) / 2)
        return (estimate - t * standardError, estimate + t * standardError)
    }

    /// The two-sided p-value of c'β = 0 from t(dof); nil where ``interval(confidence:)`` is.
    public var pValue: Double? {
        guard isMeasured else { return nil }
        return StudentTDistribution(degreesOfFreedom: degreesOfFreedom).twoSidedPValue(estimate / standardError)
    }
}
