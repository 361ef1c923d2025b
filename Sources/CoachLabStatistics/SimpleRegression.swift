/// Ordinary least squares of y on one regressor x.
public enum SimpleRegression {
    /// The OLS slope of `y` on `x`, computed on centred values (two passes, no
    /// cancellation from large x such as month indices).
    /// - Returns: nil with fewer than two points or no variation in x.
    /// - Complexity: O(n).
    public static func slope(x: [Double], y: [Double]) -> Double? {
        precondition(x.count == y.count)
        guard x.count >= 2 else { return nil }
        let meanX = CompensatedSum.of(x) / Double(x.count)
        let meanY = CompensatedSum.of(y) / Double(y.count)
        var sxy = CompensatedSum()
        var sxx = CompensatedSum()
        for i in x.indices {
            let dx = x[i] - meanX
            sxy.add(dx * (y[i] - meanY))
            sxx.add(dx * dx)
        }
        guard sxx.value > 0 else { return nil }
        return sxy.value / sxx.value
    }
}
