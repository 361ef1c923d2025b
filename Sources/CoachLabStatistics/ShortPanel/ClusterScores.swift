extension ShortPanelRegression {
    /// Per cluster, the sums Xᵀe and Dᵀe of its units' residuals (e = M(y − Xβ − Dδ)), from
    /// which ``Fit`` forms the cluster's score. Clusters are kept in the order first seen, so
    /// merging in a fixed order of units gives the same result to the bit.
    public struct ClusterScores: Sendable {
        let width: Int
        private var slots: [Int32: Int] = [:]
        /// Cluster codes in slot order.
        private(set) var codes: [Int32] = []
        private var sums: [Double] = []

        public init(_ fit: Fit) {
            width = fit.coefficients.count + fit.timeEffects.count
        }

        /// Clusters with an observation.
        public var count: Int { codes.count }

        func sums(ofSlot slot: Int) -> ArraySlice<Double> { sums[(slot * width)..<((slot + 1) * width)] }

        /// Adds one unit's residual sums to its cluster's; a unit with an observation makes
        /// its cluster count even when its residuals are all 0.
        public mutating func add(_ unit: UnitRows, cluster: Int32, fit: Fit) {
            guard unit.count > 0 else { return }
            let slot = self.slot(of: cluster)
            let width = self.width
            sums.withUnsafeMutableBufferPointer { sums in
                Self.addUnitSums(unit, fit: fit, into: UnsafeMutableBufferPointer(rebasing: sums[(slot * width)..<((slot + 1) * width)]))
            }
        }

        /// Adds one unit's residual sums `[Xᵀe (K), Dᵀe (T)]` at `fit` to `sums`, K + T long.
        public static func addUnitSums(_ unit: UnitRows, fit: Fit, into sums: UnsafeMutableBufferPointer<Double>) {
            let n = unit.count
            guard n > 0 else { return }
            let k = fit.coefficients.count
            precondition(sums.count == k + fit.timeCount, "room for the regressors' and the times' sums")
            let basis = UnitBasis(times: unit.times, unitTrends: fit.unitTrends)
            unit.times.withUnsafeBufferPointer { times in
            unit.entryRegressors.withUnsafeBufferPointer { regressorOf in
            unit.entryValues.withUnsafeBufferPointer { values in
            fit.coefficients.withUnsafeBufferPointer { beta in
            fit.timeEffects.withUnsafeBufferPointer { delta in
            withUnsafeTemporaryAllocation(of: Double.self, capacity: n) { residuals in
                // y − Xβ − δ, then projected off the unit's basis.
                var onConstant = 0.0, onTrend = 0.0
                for i in 0..<n {
                    var value = unit.outcomes[i] - delta[Int(times[i])]
                    for p in unit.entries(of: i) { value -= values[p] * beta[regressorOf[p]] }
                    residuals[i] = value
                    onConstant += value * basis.constant
                    onTrend += value * basis.trend(times[i])
                }
                for i in 0..<n {
                    let e = residuals[i] - basis.constant * onConstant - basis.trend(times[i]) * onTrend
                    for p in unit.entries(of: i) { sums[regressorOf[p]] += values[p] * e }
                    sums[k + Int(times[i])] += e
                }
            }}}}}}
        }

        /// Adds the sums of other units, their clusters after this one's.
        public mutating func merge(_ other: ClusterScores) {
            precondition(other.width == width, "scores of one fit")
            for (otherSlot, code) in other.codes.enumerated() {
                let slot = self.slot(of: code)
                for j in 0..<width { sums[slot * width + j] += other.sums[otherSlot * width + j] }
            }
        }

        private mutating func slot(of cluster: Int32) -> Int {
            if let slot = slots[cluster] { return slot }
            let slot = codes.count
            slots[cluster] = slot
            codes.append(cluster)
            sums.append(contentsOf: repeatElement(0, count: width))
            return slot
        }
    }
}
