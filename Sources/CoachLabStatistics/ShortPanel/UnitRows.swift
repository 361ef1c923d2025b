extension ShortPanelRegression {
    /// One unit's observations, filled by the caller and reused from unit to unit. Regressors
    /// are kept sparse (event counts are mostly 0): each observation lists the regressors
    /// it has other than 0, in ascending order.
    public struct UnitRows: Sendable {
        public let regressors: Int
        /// Each observation's time, a dense code below the panel's time count.
        public var times: [Int32] { storedTimes }
        public var outcomes: [Double] { storedOutcomes }
        @usableFromInline var storedTimes: [Int32] = []
        @usableFromInline var storedOutcomes: [Double] = []
        /// Observation i's entries are `rowStarts[i]..<rowStarts[i + 1]` (the last ends at the
        /// entries' end).
        @usableFromInline var rowStarts: [Int] = []
        @usableFromInline var entryRegressors: [Int] = []
        @usableFromInline var entryValues: [Double] = []

        public init(regressors: Int) {
            self.regressors = regressors
        }

        @inlinable public var count: Int { storedTimes.count }

        /// Empties the rows, keeping their storage for the next unit.
        @inlinable public mutating func removeAll() {
            storedTimes.removeAll(keepingCapacity: true)
            storedOutcomes.removeAll(keepingCapacity: true)
            rowStarts.removeAll(keepingCapacity: true)
            entryRegressors.removeAll(keepingCapacity: true)
            entryValues.removeAll(keepingCapacity: true)
        }

        /// Adds an observation with every regressor 0; ``appendRegressor(_:_:)`` sets them.
        @inlinable public mutating func append(time: Int32, outcome: Double) {
            storedTimes.append(time)
            storedOutcomes.append(outcome)
            rowStarts.append(entryValues.count)
        }

        /// Sets regressor `j` of the last observation to `value`, `j` above any set before.
        @inlinable public mutating func appendRegressor(_ j: Int, _ value: Double) {
            precondition(!storedTimes.isEmpty && j >= 0 && j < regressors, "a regressor of an observation")
            precondition(entryValues.count == rowStarts[rowStarts.count - 1] || entryRegressors[entryRegressors.count - 1] < j,
                         "regressors in ascending order")
            guard value != 0 else { return }
            entryRegressors.append(j)
            entryValues.append(value)
        }

        /// Adds an observation whose regressors other than 0 `write` puts into the buffers it
        /// is given — room for every regressor; indices ascending, values other than 0 —
        /// returning how many it wrote: for a caller that compacts its row without a branch
        /// per value (event counts are zero or not at random, which branches mispredict).
        @inlinable public mutating func append(
            time: Int32, outcome: Double,
            writingRegressors write: (UnsafeMutableBufferPointer<Int>, UnsafeMutableBufferPointer<Double>) -> Int
        ) {
            append(time: time, outcome: outcome)
            let start = entryValues.count
            entryRegressors.append(contentsOf: repeatElement(0, count: regressors))
            entryValues.append(contentsOf: repeatElement(0, count: regressors))
            let written = entryRegressors.withUnsafeMutableBufferPointer { indices in
                entryValues.withUnsafeMutableBufferPointer { values in
                    write(UnsafeMutableBufferPointer(rebasing: indices[start...]), UnsafeMutableBufferPointer(rebasing: values[start...]))
                }
            }
            precondition(written >= 0 && written <= regressors, "at most one entry per regressor")
            entryRegressors.removeLast(regressors - written)
            entryValues.removeLast(regressors - written)
        }

        /// The entries of observation `i`.
        @inline(__always) func entries(of i: Int) -> Range<Int> {
            rowStarts[i]..<(i + 1 < rowStarts.count ? rowStarts[i + 1] : entryValues.count)
        }
    }

    /// The orthonormal basis of a unit's `[1, t]` (just `1` without trends, or when all its
    /// observations share one time), which its rows are projected off.
    struct UnitBasis {
        let constant: Double
        /// The unit's first time: trends are taken from it, so that a unit's terms are the
        /// same to the bit whatever time code the panel's first time has.
        let origin: Int32
        let meanTime: Double
        /// 1/√Σ(t − t̄)², or 0 when the trend is not removed.
        let trendScale: Double

        init(times: [Int32], unitTrends: Bool) {
            let n = Double(times.count)
            origin = times.first ?? 0
            var sum = 0.0, squares = 0.0
            for t in times {
                let local = Double(t - origin)
                sum += local
                squares += local * local
            }
            constant = 1 / n.squareRoot()
            meanTime = sum / n
            // The same test of a usable spread as TwoWayWithin's.
            let spread = squares - n * meanTime * meanTime
            trendScale = unitTrends && spread > 1e-9 * max(1, squares) ? 1 / spread.squareRoot() : 0
        }

        /// The trend basis vector's entry at time `t`.
        @inline(__always) func trend(_ t: Int32) -> Double { (Double(t - origin) - meanTime) * trendScale }
    }
}
