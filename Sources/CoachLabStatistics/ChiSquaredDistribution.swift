/// The chi-squared distribution with `degreesOfFreedom` degrees of freedom.
public struct ChiSquaredDistribution: Sendable {
    public var degreesOfFreedom: Double

    public init(degreesOfFreedom: Double) {
        precondition(degreesOfFreedom > 0)
        self.degreesOfFreedom = degreesOfFreedom
    }

    public func cdf(_ x: Double) -> Double {
        x <= 0 ? 0 : SpecialFunctions.regularizedGammaP(degreesOfFreedom / 2, x / 2)
    }

    /// P(X > x), accurate in the far tail.
    public func survival(_ x: Double) -> Double {
        x <= 0 ? 1 : SpecialFunctions.regularizedGammaQ(degreesOfFreedom / 2, x / 2)
    }
}
