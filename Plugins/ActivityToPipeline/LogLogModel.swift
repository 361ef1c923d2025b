import CoachLabPluginAPI
import CoachLabStatistics

/// log(outcome) ~ 1 + log(regressor₁) + … over the rep-months where the outcome and every
/// regressor are above zero, as per-manager moments: OLS with the CR2 covariance clustered
/// by each rep's manager and Bell–McCaffrey degrees of freedom (``CR2Regression``), alone or
/// stacked with other models over the same managers (``ClusterMoments/stacked(_:)``).
struct LogLogModel: Sendable {
    /// X'X and X'y of each manager's rows, the log regressors centred on their means over
    /// all the model's rows (the slopes, their covariance and degrees of freedom are those of
    /// the uncentred fit; the intercept is the mean's).
    let moments: ClusterMoments
    /// Rep-months in the model.
    let rows: Int
    /// Reps and managers with rep-months in the model.
    let reps: Int
    let managers: Int
    /// The mean of the outcome itself (not its log) over the model's rep-months.
    let meanOutcome: Double?

    /// Gathers the model in one pass over the rows.
    /// - Parameters:
    ///   - outcome: log(outcome) of each row, NaN where it is not above zero.
    ///   - values: the outcome itself, for its mean.
    ///   - regressors: log(regressor) of each row, NaN where it is not above zero.
    ///   - reps: each row's rep; `managerOfRep` each rep's manager, of `managerCount`.
    /// - Complexity: O(n·k²) for n rows and k regressors with the intercept.
    init(outcome: [Double], values: Column<Double>, regressors: [[Double]],
         reps: Column<Int32>, repCount: Int, managerOfRep: [Int32], managerCount: Int) {
        let k = regressors.count + 1
        var crossProducts = [Double](repeating: 0, count: managerCount * k * k)
        var crossWithY = [Double](repeating: 0, count: managerCount * k)
        var rowsOf = [Int](repeating: 0, count: managerCount)
        var repSeen = [Bool](repeating: false, count: repCount)
        var sum = CompensatedSum()
        var x = [Double](repeating: 1, count: k)
        Self.withBuffers(regressors[...]) { regressors in
        outcome.withUnsafeBufferPointer { outcome in
        values.withUnsafeBufferPointer { values in
        reps.withUnsafeBufferPointer { reps in
        managerOfRep.withUnsafeBufferPointer { managerOfRep in
        rowsOf.withUnsafeMutableBufferPointer { rowsOf in
        repSeen.withUnsafeMutableBufferPointer { repSeen in
        crossProducts.withUnsafeMutableBufferPointer { crossProducts in
        crossWithY.withUnsafeMutableBufferPointer { crossWithY in
        x.withUnsafeMutableBufferPointer { x in
            rows: for row in 0..<outcome.count {
                let y = outcome[row]
                if y.isNaN { continue }
                for j in 1..<k {
                    let value = regressors[j - 1][row]
                    if value.isNaN { continue rows }
                    x[j] = value
                }
                let rep = Int(reps[row])
                let g = Int(managerOfRep[rep])
                rowsOf[g] += 1
                repSeen[rep] = true
                sum.add(values[row])
                let base = g * k * k
                for i in 0..<k {
                    crossWithY[g * k + i] += x[i] * y
                    for j in i..<k { crossProducts[base + i * k + j] += x[i] * x[j] }
                }
            }
        }}}}}}}}}}
        for g in 0..<managerCount where rowsOf[g] > 0 {
            for i in 0..<k { for j in 0..<i { crossProducts[g * k * k + i * k + j] = crossProducts[g * k * k + j * k + i] } }
        }
        let raw = ClusterMoments(k: k, crossProducts: crossProducts, crossWithY: crossWithY, rows: rowsOf)
        let n = rowsOf.reduce(0, +)
        // The means of the regressors: Σ_g (X_g'X_g)[0, j] / n.
        var means = [Double](repeating: 0, count: k)
        if n > 0 {
            for j in 1..<k {
                var total = CompensatedSum()
                for g in 0..<managerCount where rowsOf[g] > 0 { total.add(crossProducts[g * k * k + j]) }
                means[j] = total.value / Double(n)
            }
        }
        moments = raw.shifted(by: means)
        rows = n
        self.reps = repSeen.count { $0 }
        managers = rowsOf.count { $0 > 0 }
        meanOutcome = n > 0 ? sum.value / Double(n) : nil
    }

    /// The model fitted alone; nil when too few managers have rows or a regressor does not
    /// vary (see ``CR2Regression/init(_:)``).
    var fit: CR2Regression? { CR2Regression(moments) }

    /// Calls `body` with the buffers of `arrays`.
    private static func withBuffers<R>(
        _ arrays: ArraySlice<[Double]>, _ buffers: [UnsafeBufferPointer<Double>] = [],
        _ body: ([UnsafeBufferPointer<Double>]) -> R
    ) -> R {
        guard let first = arrays.first else { return body(buffers) }
        return first.withUnsafeBufferPointer { withBuffers(arrays.dropFirst(), buffers + [$0], body) }
    }
}
