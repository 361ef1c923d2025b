import CoachLabPluginAPI
import CoachLabStatistics
import CoachLabKernels

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
        let gathered = ManagerCrossProducts(
            outcome: outcome, regressors: regressors, summing: values,
            reps: reps, repCount: repCount, managerOfRep: managerOfRep, managerCount: managerCount)
        let (k, crossProducts, rowsOf) = (gathered.k, gathered.crossProducts, gathered.rows)
        let raw = ClusterMoments(k: k, crossProducts: crossProducts, crossWithY: gathered.crossWithY, rows: rowsOf)
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
        self.reps = gathered.reps
        managers = rowsOf.count { $0 > 0 }
        meanOutcome = n > 0 ? gathered.valuesSum / Double(n) : nil
    }

    /// The model fitted alone; nil when too few managers have rows or a regressor does not
    /// vary (see ``CR2Regression/init(_:)``).
    var fit: CR2Regression? { CR2Regression(moments) }
}
