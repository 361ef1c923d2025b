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

    /// The model of the exact sums `sums` over all its rows, which `reps` reps hold; nil
    /// when a sum is not valid (a value too large to sum).
    /// - Complexity: O(managers·k²).
    init?(_ sums: ExactClusterMoments, reps: Int) {
        guard let raw = sums.clusterMoments(), let totalValue = sums.valuesSum.value else { return nil }
        let n = sums.rows.reduce(0, +)
        // The means of the regressors, each from its exact total over all rows.
        var means = [Double](repeating: 0, count: sums.k)
        if n > 0 {
            let totals = sums.regressorTotals()
            for j in 1..<sums.k {
                guard let total = totals[j].value else { return nil }
                means[j] = total / Double(n)
            }
        }
        moments = raw.shifted(by: means)
        rows = n
        self.reps = reps
        managers = sums.rows.count { $0 > 0 }
        meanOutcome = n > 0 ? totalValue / Double(n) : nil
    }

    /// The model fitted alone; nil when too few managers have rows or a regressor does not
    /// vary (see ``CR2Regression/init(_:)``).
    var fit: CR2Regression? { CR2Regression(moments) }
}
