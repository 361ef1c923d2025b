extension ShortPanelRegression {
    /// The cross-products of the panel after each unit's effect (and trend) is projected
    /// off, M = I − Q Qᵀ with Q the unit's ``UnitBasis``: with D the time dummies,
    /// DᵀMD (T × T), DᵀMX (T × K), XᵀMX (K × K), DᵀMy and XᵀMy. Each is a sum over units, so
    /// sums of disjoint sets of units ``merge`` into the sums of their union.
    ///
    /// A unit's terms are formed without its projected columns: XᵀMX = XᵀX − (XᵀQ)(QᵀX) and
    /// likewise, so only observations with a regressor other than 0 cost K² work.
    public struct Sums: Sendable {
        public let timeCount: Int
        public let regressors: Int
        public let unitTrends: Bool
        /// The five sums end to end (``Layout``): one buffer for the hot loop and the merge.
        var storage: [Double]
        /// Whether any observation has time t.
        var timeSeen: [Bool]
        public private(set) var observations = 0

        /// Where each sum starts in ``storage``.
        struct Layout {
            let t: Int, k: Int
            /// DᵀMD, row-major; only its upper triangle is summed (``Fit`` mirrors it).
            var timeGram: Int { 0 }
            /// DᵀMX, T rows of K.
            var timeRegressor: Int { t * t }
            /// XᵀMX, row-major; upper triangle only.
            var regressorGram: Int { timeRegressor + t * k }
            var timeOutcome: Int { regressorGram + k * k }
            var regressorOutcome: Int { timeOutcome + t }
            var count: Int { regressorOutcome + k }
        }

        var layout: Layout { Layout(t: timeCount, k: regressors) }

        public init(timeCount: Int, regressors: Int, unitTrends: Bool) {
            self.timeCount = timeCount
            self.regressors = regressors
            self.unitTrends = unitTrends
            storage = [Double](repeating: 0, count: Layout(t: timeCount, k: regressors).count)
            timeSeen = [Bool](repeating: false, count: timeCount)
        }

        /// The five sums, for a caller that adds them elsewhere (exactly, or across machines).
        public enum Block: Sendable, CaseIterable {
            /// DᵀMD (T × T; its upper triangle, i ≤ j).
            case timeGram
            /// DᵀMX (T × K).
            case timeRegressor
            /// XᵀMX (K × K; its upper triangle, a ≤ b).
            case regressorGram
            /// DᵀMy (T, with j = 0).
            case timeOutcome
            /// XᵀMy (K, with j = 0).
            case regressorOutcome
        }

        /// Sums given entry by entry (each ``Block``'s (i, j)), with the observations behind them
        /// and whether each time has one.
        public init(
            timeCount: Int, regressors: Int, unitTrends: Bool, observations: Int, timeSeen: [Bool],
            entry: (Block, Int, Int) -> Double
        ) {
            precondition(timeSeen.count == timeCount, "a flag per time")
            self.init(timeCount: timeCount, regressors: regressors, unitTrends: unitTrends)
            self.timeSeen = timeSeen
            self.observations = observations
            let t = timeCount, k = regressors, layout = self.layout
            for i in 0..<t {
                for j in i..<t { storage[layout.timeGram + i * t + j] = entry(.timeGram, i, j) }
                for a in 0..<k { storage[layout.timeRegressor + i * k + a] = entry(.timeRegressor, i, a) }
                storage[layout.timeOutcome + i] = entry(.timeOutcome, i, 0)
            }
            for a in 0..<k {
                for b in a..<k { storage[layout.regressorGram + a * k + b] = entry(.regressorGram, a, b) }
                storage[layout.regressorOutcome + a] = entry(.regressorOutcome, a, 0)
            }
        }

        /// The index of entry (i, j) of `block` among the sums' entries (``withEntries(_:)``).
        public func index(_ block: Block, _ i: Int, _ j: Int) -> Int {
            switch block {
            case .timeGram: layout.timeGram + i * timeCount + j
            case .timeRegressor: layout.timeRegressor + i * regressors + j
            case .regressorGram: layout.regressorGram + i * regressors + j
            case .timeOutcome: layout.timeOutcome + i
            case .regressorOutcome: layout.regressorOutcome + i
            }
        }

        /// Runs `body` on the sums' entries, end to end (``index(_:_:_:)``), for a caller that
        /// moves one unit's terms elsewhere and zeroes them (then ``forgetObservations()``).
        public mutating func withEntries<R>(_ body: (UnsafeMutableBufferPointer<Double>) -> R) -> R {
            storage.withUnsafeMutableBufferPointer { body($0) }
        }

        /// Forgets which times have observations and how many, keeping the entries.
        public mutating func forgetObservations() {
            for i in timeSeen.indices { timeSeen[i] = false }
            observations = 0
        }

        /// Empties the sums, keeping their shape (a buffer reused unit by unit).
        public mutating func removeAll() {
            for i in storage.indices { storage[i] = 0 }
            for i in timeSeen.indices { timeSeen[i] = false }
            observations = 0
        }

        /// Entry (i, j) of DᵀMD, (i, a) of DᵀMX, (a, b) of XᵀMX (a ≤ b), i of DᵀMy, a of XᵀMy.
        func timeGram(_ i: Int, _ j: Int) -> Double { storage[layout.timeGram + min(i, j) * timeCount + max(i, j)] }
        func timeRegressor(_ i: Int, _ a: Int) -> Double { storage[layout.timeRegressor + i * regressors + a] }
        func regressorGram(_ a: Int, _ b: Int) -> Double { storage[layout.regressorGram + min(a, b) * regressors + max(a, b)] }
        func timeOutcome(_ i: Int) -> Double { storage[layout.timeOutcome + i] }
        func regressorOutcome(_ a: Int) -> Double { storage[layout.regressorOutcome + a] }

        /// Adds one unit's observations; DᵀMD too unless `formingTimeGram` is false, for a
        /// caller that forms it elsewhere (it depends on the unit's times alone) and would
        /// only discard it: O(n²) of a unit's work.
        public mutating func add(_ unit: UnitRows, formingTimeGram: Bool = true) {
            let n = unit.count
            guard n > 0 else { return }
            precondition(unit.regressors == regressors, "the unit's regressors are the panel's")
            observations += n
            let k = regressors, t = timeCount, layout = self.layout
            for time in unit.times {
                precondition(time >= 0 && Int(time) < t, "a time code below the panel's time count")
                timeSeen[Int(time)] = true
            }
            let basis = UnitBasis(times: unit.times, unitTrends: unitTrends)
            storage.withUnsafeMutableBufferPointer { sums in
            unit.times.withUnsafeBufferPointer { times in
            unit.outcomes.withUnsafeBufferPointer { outcomes in
            unit.entryRegressors.withUnsafeBufferPointer { regressorOf in
            unit.entryValues.withUnsafeBufferPointer { values in
            withUnsafeTemporaryAllocation(of: Double.self, capacity: 2 * k) { projections in
                // XᵀQ and Qᵀy, the unit's projections onto its basis.
                projections.initialize(repeating: 0)
                let onConstant = UnsafeMutableBufferPointer(rebasing: projections[0..<k])
                let onTrend = UnsafeMutableBufferPointer(rebasing: projections[k..<(2 * k)])
                var outcomeOnConstant = 0.0, outcomeOnTrend = 0.0
                for i in 0..<n {
                    let time = Int(times[i])
                    let y = outcomes[i], q2 = basis.trend(times[i])
                    outcomeOnConstant += y * basis.constant
                    outcomeOnTrend += y * q2
                    // Only the regressors other than 0, in ascending order: XᵀX needs their pairs.
                    let entries = unit.entries(of: i)
                    for p in entries {
                        let a = regressorOf[p], x = values[p]
                        onConstant[a] += x * basis.constant
                        onTrend[a] += x * q2
                        sums[layout.regressorOutcome + a] += x * y
                        sums[layout.timeRegressor + time * k + a] += x
                        let gramRow = layout.regressorGram + a * k
                        for r in p..<entries.upperBound { sums[gramRow + regressorOf[r]] += x * values[r] }
                    }
                }
                var active = false
                for a in 0..<k where onConstant[a] != 0 || onTrend[a] != 0 {
                    active = true
                    sums[layout.regressorOutcome + a] -= onConstant[a] * outcomeOnConstant + onTrend[a] * outcomeOnTrend
                    let gramRow = layout.regressorGram + a * k
                    for b in a..<k { sums[gramRow + b] -= onConstant[a] * onConstant[b] + onTrend[a] * onTrend[b] }
                }
                let q1 = basis.constant
                for i in 0..<n {
                    let time = Int(times[i])
                    let q2 = basis.trend(times[i])
                    sums[layout.timeOutcome + time] += outcomes[i] - q1 * outcomeOnConstant - q2 * outcomeOnTrend
                    if active {
                        let row = layout.timeRegressor + time * k
                        for a in 0..<k { sums[row + a] -= q1 * onConstant[a] + q2 * onTrend[a] }
                    }
                    guard formingTimeGram else { continue }
                    sums[layout.timeGram + time * t + time] += 1 - q1 * q1 - q2 * q2
                    for j in (i + 1)..<n {
                        let other = Int(times[j])
                        let product = q1 * q1 + q2 * basis.trend(times[j])
                        // The pairs (i, j) and (j, i): both on the diagonal for a repeated
                        // time, one in the upper triangle otherwise.
                        if time == other {
                            sums[layout.timeGram + time * t + time] -= 2 * product
                        } else {
                            sums[layout.timeGram + min(time, other) * t + max(time, other)] -= product
                        }
                    }
                }
            }}}}}}
        }

        /// Adds the sums of other units.
        public mutating func merge(_ other: Sums) {
            precondition(
                other.timeCount == timeCount && other.regressors == regressors && other.unitTrends == unitTrends,
                "sums of one panel")
            for i in storage.indices { storage[i] += other.storage[i] }
            for i in timeSeen.indices where other.timeSeen[i] { timeSeen[i] = true }
            observations += other.observations
        }
    }
}
