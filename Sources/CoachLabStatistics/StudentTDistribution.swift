import RealModule

/// Student's t distribution, for any positive (also fractional) degrees of freedom.
public struct StudentTDistribution: Sendable {
    public var degreesOfFreedom: Double

    public init(degreesOfFreedom: Double) {
        precondition(degreesOfFreedom > 0)
        self.degreesOfFreedom = degreesOfFreedom
    }

    /// P(T > t), through I_{ν/(ν+t²)}(ν/2, 1/2), accurate in the far tail.
    public func survival(_ t: Double) -> Double {
        let tail = 0.5 * twoSidedPValue(t)
        return t >= 0 ? tail : 1 - tail
    }

    public func cdf(_ t: Double) -> Double { survival(-t) }

    /// P(|T| ≥ |t|).
    public func twoSidedPValue(_ t: Double) -> Double {
        let nu = degreesOfFreedom
        let t2 = t * t
        return SpecialFunctions.regularizedBeta(nu / (nu + t2), complement: t2 / (nu + t2), nu / 2, 0.5)
    }

    public func pdf(_ t: Double) -> Double {
        let nu = degreesOfFreedom
        let logDensity = Double.logGamma((nu + 1) / 2) - Double.logGamma(nu / 2) - 0.5 * Double.log(nu * Double.pi)
            - (nu + 1) / 2 * Double.log(onePlus: t * t / nu)
        return Double.exp(logDensity)
    }

    /// The p-quantile: Newton's method on the cdf from the normal quantile, kept inside a
    /// bracket that bisection shrinks whenever a step would leave it.
    public func quantile(_ p: Double) -> Double {
        precondition(p > 0 && p < 1, "a quantile needs 0 < p < 1")
        if p == 0.5 { return 0 }
        if p < 0.5 { return -quantile(1 - p) }
        var low = 0.0
        var high = 1.0
        while cdf(high) < p { low = high; high *= 2 }
        var t = min(max(NormalDistribution.quantile(p), low), high)
        for _ in 0..<200 {
            let error = cdf(t) - p
            if error > 0 { high = t } else { low = t }
            var next = t - error / pdf(t)
            if !(next > low && next < high) { next = (low + high) / 2 }
            if abs(next - t) <= 1e-15 * max(1, abs(t)) { return next }
            t = next
        }
        return t
    }
}
