import RealModule

/// Special functions behind the distributions: the regularised incomplete gamma and beta
/// functions, evaluated by series and by Lentz's continued fractions (Numerical Recipes,
/// 3rd ed., §6.2 and §6.4), accurate to a few ulps in relative terms, tails included.
public enum SpecialFunctions {
    static let epsilon = 1e-16
    static let tiny = 1e-300
    static let maxIterations = 10_000

    /// ln Γ(x) for x > 0.
    public static func logGamma(_ x: Double) -> Double { Double.logGamma(x) }

    /// The regularised lower incomplete gamma function P(a, x).
    public static func regularizedGammaP(_ a: Double, _ x: Double) -> Double {
        precondition(a > 0 && x >= 0)
        if x == 0 { return 0 }
        return x < a + 1 ? gammaSeries(a, x) : 1 - gammaContinuedFraction(a, x)
    }

    /// The regularised upper incomplete gamma function Q(a, x) = 1 − P(a, x).
    public static func regularizedGammaQ(_ a: Double, _ x: Double) -> Double {
        precondition(a > 0 && x >= 0)
        if x == 0 { return 1 }
        return x < a + 1 ? 1 - gammaSeries(a, x) : gammaContinuedFraction(a, x)
    }

    private static func gammaSeries(_ a: Double, _ x: Double) -> Double {
        var term = 1 / a
        var sum = term
        var denominator = a
        for _ in 0..<maxIterations {
            denominator += 1
            term *= x / denominator
            sum += term
            if abs(term) < abs(sum) * epsilon { break }
        }
        return sum * Double.exp(-x + a * Double.log(x) - logGamma(a))
    }

    private static func gammaContinuedFraction(_ a: Double, _ x: Double) -> Double {
        var b = x + 1 - a
        var c = 1 / tiny
        var d = 1 / b
        var h = d
        for i in 1...maxIterations {
            let an = -Double(i) * (Double(i) - a)
            b += 2
            d = an * d + b
            if abs(d) < tiny { d = tiny }
            c = b + an / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            h *= delta
            if abs(delta - 1) < epsilon { break }
        }
        return Double.exp(-x + a * Double.log(x) - logGamma(a)) * h
    }

    /// The regularised incomplete beta function I_x(a, b).
    public static func regularizedBeta(_ x: Double, _ a: Double, _ b: Double) -> Double {
        precondition(a > 0 && b > 0 && x >= 0 && x <= 1)
        if x == 0 { return 0 }
        if x == 1 { return 1 }
        let logFront = logGamma(a + b) - logGamma(a) - logGamma(b) + a * Double.log(x) + b * Double.log(onePlus: -x)
        if x < (a + 1) / (a + b + 2) {
            return Double.exp(logFront) * betaContinuedFraction(x, a, b) / a
        }
        return 1 - Double.exp(logFront) * betaContinuedFraction(1 - x, b, a) / b
    }

    /// 1 − I_x(a, b), computed without cancellation where it is small.
    public static func regularizedBetaComplement(_ x: Double, _ a: Double, _ b: Double) -> Double {
        regularizedBeta(1 - x, b, a)
    }

    private static func betaContinuedFraction(_ x: Double, _ a: Double, _ b: Double) -> Double {
        let qab = a + b
        let qap = a + 1
        let qam = a - 1
        var c = 1.0
        var d = 1 - qab * x / qap
        if abs(d) < tiny { d = tiny }
        d = 1 / d
        var h = d
        for m in 1...maxIterations {
            let m = Double(m)
            let m2 = 2 * m
            var aa = m * (b - m) * x / ((qam + m2) * (a + m2))
            d = 1 + aa * d
            if abs(d) < tiny { d = tiny }
            c = 1 + aa / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            h *= d * c
            aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
            d = 1 + aa * d
            if abs(d) < tiny { d = tiny }
            c = 1 + aa / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            h *= delta
            if abs(delta - 1) < epsilon { break }
        }
        return h
    }
}
