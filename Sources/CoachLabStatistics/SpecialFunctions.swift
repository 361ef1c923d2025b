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
        regularizedBeta(x, complement: 1 - x, a, b)
    }

    /// I_x(a, b) given both x and 1 − x, so that a caller who knows 1 − x more precisely
    /// than by subtraction (as the t distribution does) loses nothing near x = 1.
    public static func regularizedBeta(_ x: Double, complement y: Double, _ a: Double, _ b: Double) -> Double {
        precondition(a > 0 && b > 0 && x >= 0 && x <= 1 && y >= 0 && y <= 1)
        if x == 0 { return 0 }
        if y == 0 { return 1 }
        let logX = x < 0.5 ? Double.log(x) : Double.log(onePlus: -y)
        let logY = y < 0.5 ? Double.log(y) : Double.log(onePlus: -x)
        let logFront = a * logX + b * logY - logBeta(a, b)
        if x < (a + 1) / (a + b + 2) {
            return Double.exp(logFront) * betaContinuedFraction(x, a, b) / a
        }
        return 1 - Double.exp(logFront) * betaContinuedFraction(y, b, a) / b
    }

    /// ln B(a, b), without the cancellation of ln Γ(a) + ln Γ(b) − ln Γ(a + b) when an
    /// argument is large: ln Γ(big + small) − ln Γ(big) is taken from Stirling's series.
    public static func logBeta(_ a: Double, _ b: Double) -> Double {
        let big = max(a, b)
        let small = min(a, b)
        guard big >= 20 else { return logGamma(a) + logGamma(b) - logGamma(a + b) }
        func correction(_ z: Double) -> Double {
            let z2 = z * z
            return (1.0 / 12 - (1.0 / 360 - (1.0 / 1260 - (1.0 / 1680 - 1.0 / (1188 * z2)) / z2) / z2) / z2) / z
        }
        let difference = (big - 0.5) * Double.log(onePlus: small / big) + small * Double.log(big + small) - small
            + correction(big + small) - correction(big)
        return logGamma(small) - difference
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
