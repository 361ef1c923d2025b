/// Snedecor's F distribution with `numerator` and `denominator` degrees of freedom.
public struct FDistribution: Sendable {
    public var numerator: Double
    public var denominator: Double

    public init(numerator: Double, denominator: Double) {
        precondition(numerator > 0 && denominator > 0)
        self.numerator = numerator
        self.denominator = denominator
    }

    /// P(F > f), through I_{d₂/(d₂ + d₁f)}(d₂/2, d₁/2), accurate in the far tail.
    public func survival(_ f: Double) -> Double {
        guard f > 0 else { return 1 }
        let scaled = numerator * f
        return SpecialFunctions.regularizedBeta(
            denominator / (denominator + scaled), complement: scaled / (denominator + scaled), denominator / 2, numerator / 2)
    }
}
