import RealModule

/// Pearson's correlation of paired values, with the test and interval scipy gives
/// (`scipy.stats.pearsonr(x, y)`: two-sided p from t = r √((n − 2)/(1 − r²)) on n − 2
/// degrees of freedom; `.confidence_interval()`: Fisher's z, tanh(atanh r ± z₀.₉₇₅/√(n − 3))).
public enum PearsonCorrelation {
    public struct Result: Sendable, Equatable {
        public var r: Double
        public var n: Int
        public var pValue: Double
        /// Nil below four pairs (the interval needs n − 3 > 0) or when |r| = 1.
        public var interval: (low: Double, high: Double)?

        public static func == (a: Result, b: Result) -> Bool {
            a.r == b.r && a.n == b.n && a.pValue == b.pValue && a.interval?.low == b.interval?.low && a.interval?.high == b.interval?.high
        }
    }

    /// Nil with fewer than three pairs or no variation in either.
    public static func test(_ x: [Double], _ y: [Double]) -> Result? {
        precondition(x.count == y.count, "paired values")
        let n = x.count
        guard n >= 3 else { return nil }
        let meanX = CompensatedSum.of(x) / Double(n)
        let meanY = CompensatedSum.of(y) / Double(n)
        var sxx = CompensatedSum(), syy = CompensatedSum(), sxy = CompensatedSum()
        for i in 0..<n {
            let dx = x[i] - meanX, dy = y[i] - meanY
            sxx.add(dx * dx)
            syy.add(dy * dy)
            sxy.add(dx * dy)
        }
        guard sxx.value > 0, syy.value > 0 else { return nil }
        let r = max(-1, min(1, sxy.value / (sxx.value * syy.value).squareRoot()))
        let degrees = Double(n - 2)
        let pValue: Double
        if abs(r) == 1 {
            pValue = 0
        } else {
            let t = r * (degrees / ((1 - r) * (1 + r))).squareRoot()
            pValue = StudentTDistribution(degreesOfFreedom: degrees).twoSidedPValue(t)
        }
        var interval: (Double, Double)?
        if n > 3 && abs(r) < 1 {
            let z = Double.atanh(r)
            let half = NormalDistribution.z95 / Double(n - 3).squareRoot()
            interval = (Double.tanh(z - half), Double.tanh(z + half))
        }
        return Result(r: r, n: n, pValue: pValue, interval: interval)
    }
}
