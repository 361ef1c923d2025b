import CoachLabStatistics
import CoachLabData

/// X'X and X'y of each manager's rows for the regression y ~ 1 + x₁ + … + xₖ₋₁, over the
/// rows where y and every x are numbers (not NaN): the per-cluster moments of a regression
/// clustered by manager, gathered in one pass over the rows.
package struct ManagerCrossProducts: Sendable {
    /// The regressors with the intercept.
    package let k: Int
    /// X_g'X_g of manager g at `g·k·k + i·k + j`, both triangles filled.
    package let crossProducts: [Double]
    /// X_g'y of manager g at `g·k + i`.
    package let crossWithY: [Double]
    /// The rows of each manager in the regression.
    package let rows: [Int]
    /// The distinct reps with a row in the regression.
    package let reps: Int
    /// The sum of `values` over the rows in the regression, compensated, in row order.
    package let valuesSum: Double

    /// Gathers the moments.
    /// - Parameters:
    ///   - outcome: y of each row, NaN to leave the row out.
    ///   - regressors: each regressor's value of each row, NaN to leave the row out.
    ///   - values: a column summed over the rows in the regression (the outcome before a
    ///     transformation, for its mean).
    ///   - reps: each row's rep; `managerOfRep` each rep's manager, of `managerCount`.
    /// - Complexity: O(n·k²) for n rows.
    package init(outcome: [Double], regressors: [[Double]], summing values: Column<Double>,
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
        self.k = k
        self.crossProducts = crossProducts
        self.crossWithY = crossWithY
        self.rows = rowsOf
        self.reps = repSeen.count { $0 }
        self.valuesSum = sum.value
    }

    /// Calls `body` with the buffers of `arrays`.
    private static func withBuffers<R>(
        _ arrays: ArraySlice<[Double]>, _ buffers: [UnsafeBufferPointer<Double>] = [],
        _ body: ([UnsafeBufferPointer<Double>]) -> R
    ) -> R {
        guard let first = arrays.first else { return body(buffers) }
        return first.withUnsafeBufferPointer { withBuffers(arrays.dropFirst(), buffers + [$0], body) }
    }
}
