/// The within transformation of a two-way panel: a column with each unit's and each time's
/// mean removed, so that OLS on transformed columns gives the coefficients of a regression
/// with unit and time fixed effects (Frisch–Waugh–Lovell). For an unbalanced panel the two
/// demeanings are alternated until nothing changes (the method of alternating projections,
/// Guimarães & Portugal 2010; fixest and pyfixest do the same).
public struct TwoWayWithin: Sendable {
    public let units: [Int32]
    public let times: [Int32]
    public let unitCount: Int
    public let timeCount: Int
    private let unitSizes: [Double]
    private let timeSizes: [Double]

    /// - Parameters: `units[i]`, `times[i]`: observation i's unit and time, dense codes below
    ///   `unitCount` and `timeCount`.
    public init(units: [Int32], times: [Int32], unitCount: Int, timeCount: Int) {
        precondition(units.count == times.count, "a unit and a time per observation")
        self.units = units
        self.times = times
        self.unitCount = unitCount
        self.timeCount = timeCount
        var unitSizes = [Double](repeating: 0, count: unitCount), timeSizes = [Double](repeating: 0, count: timeCount)
        for (u, t) in zip(units, times) {
            unitSizes[Int(u)] += 1
            timeSizes[Int(t)] += 1
        }
        self.unitSizes = unitSizes
        self.timeSizes = timeSizes
    }

    /// The column with both sets of means removed, to `tolerance` (relative to the column's
    /// largest value) or after `maximumSweeps` sweeps.
    /// - Complexity: O(n) per sweep; one sweep for a balanced panel.
    public func transform(_ column: [Double], tolerance: Double = 1e-13, maximumSweeps: Int = 10_000) -> [Double] {
        precondition(column.count == units.count, "a value per observation")
        var values = column
        let scale = max(column.reduce(0.0) { max($0, abs($1)) }, .leastNormalMagnitude)
        var unitSums = [Double](repeating: 0, count: unitCount)
        var timeSums = [Double](repeating: 0, count: timeCount)
        for _ in 0..<maximumSweeps {
            for i in unitSums.indices { unitSums[i] = 0 }
            for i in values.indices { unitSums[Int(units[i])] += values[i] }
            for i in values.indices { values[i] -= unitSums[Int(units[i])] / unitSizes[Int(units[i])] }
            for i in timeSums.indices { timeSums[i] = 0 }
            for i in values.indices { timeSums[Int(times[i])] += values[i] }
            var largest = 0.0
            for t in timeSums.indices where timeSizes[t] > 0 { largest = max(largest, abs(timeSums[t] / timeSizes[t])) }
            for i in values.indices { values[i] -= timeSums[Int(times[i])] / timeSizes[Int(times[i])] }
            // The time means just removed are what the unit demeaning left; when they are
            // negligible, both sets of means are zero.
            if largest <= tolerance * scale { break }
        }
        return values
    }
}
