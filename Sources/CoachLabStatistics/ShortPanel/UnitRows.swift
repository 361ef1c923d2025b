extension ShortPanelRegression {
    /// One unit's observations, filled by the caller and reused from unit to unit.
    public struct UnitRows: Sendable {
        public let regressors: Int
        /// Each observation's time, a dense code below the panel's time count.
        public private(set) var times: [Int32] = []
        public private(set) var outcomes: [Double] = []
        /// Row-major: `regressors` values per observation.
        public private(set) var values: [Double] = []

        public init(regressors: Int) {
            self.regressors = regressors
        }

        public var count: Int { times.count }

        /// Empties the rows, keeping their storage for the next unit.
        public mutating func removeAll() {
            times.removeAll(keepingCapacity: true)
            outcomes.removeAll(keepingCapacity: true)
            values.removeAll(keepingCapacity: true)
        }

        /// Adds an observation with every regressor 0; ``setRegressor(_:to:)`` sets them.
        public mutating func append(time: Int32, outcome: Double) {
            times.append(time)
            outcomes.append(outcome)
            values.append(contentsOf: repeatElement(0, count: regressors))
        }

        /// Sets regressor `j` of the last observation.
        public mutating func setRegressor(_ j: Int, to value: Double) {
            values[values.count - regressors + j] = value
        }

        /// Sets regressor `j` of observation `i`.
        public mutating func setRegressor(_ j: Int, ofObservation i: Int, to value: Double) {
            values[i * regressors + j] = value
        }
    }

    /// The orthonormal basis of a unit's `[1, t]` (just `1` without trends, or when all its
    /// observations share one time), which its rows are projected off.
    struct UnitBasis {
        let constant: Double
        let meanTime: Double
        /// 1/√Σ(t − t̄)², or 0 when the trend is not removed.
        let trendScale: Double

        init(times: [Int32], unitTrends: Bool) {
            let n = Double(times.count)
            var sum = 0.0, squares = 0.0
            for t in times {
                sum += Double(t)
                squares += Double(t) * Double(t)
            }
            constant = 1 / n.squareRoot()
            meanTime = sum / n
            // The same test of a usable spread as TwoWayWithin's.
            let spread = squares - n * meanTime * meanTime
            trendScale = unitTrends && spread > 1e-9 * max(1, squares) ? 1 / spread.squareRoot() : 0
        }

        /// The trend basis vector's entry at time `t`.
        @inline(__always) func trend(_ t: Int32) -> Double { (Double(t) - meanTime) * trendScale }
    }
}
