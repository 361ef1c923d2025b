/// The within transformation of a two-way panel: a column with each unit's and each time's
/// mean removed — and, with unit trends, each unit's own straight line in time — so that OLS
/// on transformed columns gives the coefficients of a regression with unit and time fixed
/// effects (and unit-specific linear trends) (Frisch–Waugh–Lovell). The two projections are
/// alternated until nothing changes (the method of alternating projections, Guimarães &
/// Portugal 2010; fixest and pyfixest do the same); a balanced panel without unit trends
/// needs one sweep.
public struct TwoWayWithin: Sendable {
    public let units: [Int32]
    public let times: [Int32]
    public let unitCount: Int
    public let timeCount: Int
    /// Whether each unit's linear trend in time is removed too (a rep's own trajectory).
    public let unitTrends: Bool
    private let unitSizes: [Double]
    private let timeSizes: [Double]
    /// Per unit, Σt and Σt² (times as numbers), for its line.
    private let unitTimeSums: [Double]
    private let unitTimeSquares: [Double]

    /// - Parameters: `units[i]`, `times[i]`: observation i's unit and time, dense codes below
    ///   `unitCount` and `timeCount` (a time's code is its position: month 3 is 3).
    public init(units: [Int32], times: [Int32], unitCount: Int, timeCount: Int, unitTrends: Bool = false) {
        precondition(units.count == times.count, "a unit and a time per observation")
        self.units = units
        self.times = times
        self.unitCount = unitCount
        self.timeCount = timeCount
        self.unitTrends = unitTrends
        var unitSizes = [Double](repeating: 0, count: unitCount), timeSizes = [Double](repeating: 0, count: timeCount)
        var sums = [Double](repeating: 0, count: unitCount), squares = [Double](repeating: 0, count: unitCount)
        for (u, t) in zip(units, times) {
            unitSizes[Int(u)] += 1
            timeSizes[Int(t)] += 1
            sums[Int(u)] += Double(t)
            squares[Int(u)] += Double(t) * Double(t)
        }
        self.unitSizes = unitSizes
        self.timeSizes = timeSizes
        self.unitTimeSums = sums
        self.unitTimeSquares = squares
    }

    /// The column with both sets of effects removed, to `tolerance` (relative to the column's
    /// largest value) or after `maximumSweeps` sweeps.
    /// - Complexity: O(n) per sweep.
    public func transform(_ column: [Double], tolerance: Double = 1e-13, maximumSweeps: Int = 10_000) -> [Double] {
        precondition(column.count == units.count, "a value per observation")
        var values = column
        let scale = max(column.reduce(0.0) { max($0, abs($1)) }, .leastNormalMagnitude)
        var unitSums = [Double](repeating: 0, count: unitCount)
        var unitCross = [Double](repeating: 0, count: unitCount)
        var timeSums = [Double](repeating: 0, count: timeCount)
        for _ in 0..<maximumSweeps {
            var largest = removeUnitEffects(&values, sums: &unitSums, cross: &unitCross)
            for i in timeSums.indices { timeSums[i] = 0 }
            for i in values.indices { timeSums[Int(times[i])] += values[i] }
            for t in timeSums.indices where timeSizes[t] > 0 { largest = max(largest, abs(timeSums[t] / timeSizes[t])) }
            for i in values.indices { values[i] -= timeSums[Int(times[i])] / timeSizes[Int(times[i])] }
            // What the time step removed, and what the unit step removed after a first sweep:
            // when both are negligible, both sets of effects are gone.
            if largest <= tolerance * scale { break }
        }
        return values
    }

    /// Removes each unit's mean, or its least-squares line in time (a unit seen at one time
    /// only, or at one time repeatedly, has its mean removed); returns the largest change.
    private func removeUnitEffects(_ values: inout [Double], sums: inout [Double], cross: inout [Double]) -> Double {
        for u in sums.indices { sums[u] = 0; cross[u] = 0 }
        for i in values.indices {
            sums[Int(units[i])] += values[i]
            cross[Int(units[i])] += values[i] * Double(times[i])
        }
        var largest = 0.0
        for i in values.indices {
            let u = Int(units[i])
            let n = unitSizes[u]
            var fitted = sums[u] / n
            if unitTrends {
                let meanT = unitTimeSums[u] / n
                let spread = unitTimeSquares[u] - n * meanT * meanT
                if spread > 1e-9 * max(1, unitTimeSquares[u]) {
                    let slope = (cross[u] - meanT * sums[u]) / spread
                    fitted += slope * (Double(times[i]) - meanT)
                }
            }
            largest = max(largest, abs(fitted))
            values[i] -= fitted
        }
        return largest
    }
}
