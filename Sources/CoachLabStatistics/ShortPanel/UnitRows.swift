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

        /// Replaces the rows by those `write` appends through a ``RowWriter``, at most
        /// `maximumRows` of them: room for every row and every regressor is made once, not
        /// row by row, for a caller that fills a whole unit in one go.
        @inlinable public mutating func replaceRows<E: Error>(
            maximumRows: Int, _ write: (inout RowWriter) throws(E) -> Void
        ) throws(E) {
            precondition(maximumRows >= 0, "room for no rows or more")
            let room = maximumRows * regressors
            removeAll()
            storedTimes.append(contentsOf: repeatElement(0, count: maximumRows))
            storedOutcomes.append(contentsOf: repeatElement(0, count: maximumRows))
            rowStarts.append(contentsOf: repeatElement(0, count: maximumRows))
            entryRegressors.append(contentsOf: repeatElement(0, count: room))
            entryValues.append(contentsOf: repeatElement(0, count: room))
            let regressors = self.regressors
            let (rows, entries) = try storedTimes.withUnsafeMutableBufferPointer { times throws(E) in
                try storedOutcomes.withUnsafeMutableBufferPointer { outcomes throws(E) in
                    try rowStarts.withUnsafeMutableBufferPointer { starts throws(E) in
                        try entryRegressors.withUnsafeMutableBufferPointer { regressorOf throws(E) in
                            try entryValues.withUnsafeMutableBufferPointer { values throws(E) in
                                var writer = RowWriter(
                                    times: times.baseAddress, outcomes: outcomes.baseAddress, starts: starts.baseAddress,
                                    regressorOf: regressorOf.baseAddress, values: values.baseAddress,
                                    maximumRows: maximumRows, regressors: regressors)
                                try write(&writer)
                                return (writer.rows, writer.entries)
                            }
                        }
                    }
                }
            }
            storedTimes.removeLast(maximumRows - rows)
            storedOutcomes.removeLast(maximumRows - rows)
            rowStarts.removeLast(maximumRows - rows)
            entryRegressors.removeLast(room - entries)
            entryValues.removeLast(room - entries)
        }

        /// Appends rows to the room ``replaceRows(maximumRows:_:)`` made, each with its
        /// regressors in ascending order. A regressor set to 0 is written and then left
        /// behind, without a branch on the value: event counts are 0 or not at random, which
        /// branches mispredict.
        public struct RowWriter {
            @usableFromInline let times: UnsafeMutablePointer<Int32>?
            @usableFromInline let outcomes: UnsafeMutablePointer<Double>?
            @usableFromInline let starts: UnsafeMutablePointer<Int>?
            @usableFromInline let regressorOf: UnsafeMutablePointer<Int>?
            @usableFromInline let values: UnsafeMutablePointer<Double>?
            @usableFromInline let maximumRows: Int
            @usableFromInline let regressors: Int
            /// The last regressor set in the current row (−1 before the first).
            @usableFromInline var lastRegressor = -1
            @usableFromInline var rowCount = 0
            @usableFromInline var entryCount = 0
            /// Rows appended.
            @inlinable public var rows: Int { rowCount }
            /// Entries kept: regressors other than 0.
            @inlinable public var entries: Int { entryCount }

            @usableFromInline
            init(
                times: UnsafeMutablePointer<Int32>?, outcomes: UnsafeMutablePointer<Double>?, starts: UnsafeMutablePointer<Int>?,
                regressorOf: UnsafeMutablePointer<Int>?, values: UnsafeMutablePointer<Double>?, maximumRows: Int, regressors: Int
            ) {
                self.times = times
                self.outcomes = outcomes
                self.starts = starts
                self.regressorOf = regressorOf
                self.values = values
                self.maximumRows = maximumRows
                self.regressors = regressors
            }

            /// Starts an observation with every regressor 0.
            @inlinable @inline(__always)
            public mutating func appendRow(time: Int32, outcome: Double) {
                precondition(rowCount < maximumRows, "no more rows than room was made for")
                times.unsafelyUnwrapped[rowCount] = time
                outcomes.unsafelyUnwrapped[rowCount] = outcome
                starts.unsafelyUnwrapped[rowCount] = entryCount
                rowCount &+= 1
                lastRegressor = -1
            }

            /// Sets regressor `j` of the last row to `value`, `j` above any set before in it.
            @inlinable @inline(__always)
            public mutating func setRegressor(_ j: Int, _ value: Double) {
                // Ascending and in range, so a row writes at most `regressors` entries and every
                // write lands in the room made.
                precondition(rowCount > 0 && j > lastRegressor && j < regressors, "regressors of a row, in ascending order")
                lastRegressor = j
                regressorOf.unsafelyUnwrapped[entryCount] = j
                values.unsafelyUnwrapped[entryCount] = value
                entryCount &+= value != 0 ? 1 : 0
            }
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
