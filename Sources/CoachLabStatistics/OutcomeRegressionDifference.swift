/// One 2×2 difference in differences by outcome regression (Heckman, Ichimura & Todd 1997;
/// Sant'Anna & Zhao 2020, `reg_did_panel`): the treated units' mean change minus the change
/// a regression of the controls' changes on covariates predicts for them, with its influence
/// function (the regression's own estimation error included). With no covariates the
/// prediction is the controls' mean change, and this is the plain difference of means.
struct OutcomeRegressionDifference {
    let att: Double
    /// One value per unit of the whole sample (0 outside the cell), scaled so that the
    /// standard error is sqrt(Σ_c (Σ_{i∈c} ψ_i)²) / n.
    let influence: [Double]
    /// Covariates left out of the controls' regression because they add nothing there
    /// (constant, or a combination of the others, among the controls).
    let droppedCovariates: Int

    /// - Parameters:
    ///   - changes: each unit's change in the outcome (only treated and control units are read).
    ///   - covariates: covariate columns, one value per unit; the regression adds an intercept.
    ///   - units: the sample size n the influence function is scaled by.
    /// - Returns: nil when a group is empty, or when the treated units reach covariate values
    ///   the controls' regression cannot speak for (no overlap: a category no control has).
    init?(changes: [Double], treated: [Int], controls: [Int], covariates: [[Double]], units: Int) {
        guard !treated.isEmpty, !controls.isEmpty else { return nil }
        let n = Double(units)
        let treatedMean = treated.reduce(0.0) { $0 + changes[$1] } / Double(treated.count)
        var psi = [Double](repeating: 0, count: units)
        guard !covariates.isEmpty else {
            // The closed form, so that results without covariates stay those of the means.
            let controlMean = controls.reduce(0.0) { $0 + changes[$1] } / Double(controls.count)
            for i in treated { psi[i] = n / Double(treated.count) * (changes[i] - treatedMean) }
            for i in controls { psi[i] = -n / Double(controls.count) * (changes[i] - controlMean) }
            att = treatedMean - controlMean
            influence = psi
            droppedCovariates = 0
            return
        }
        let kept = Self.independentColumns(covariates, over: controls)
        let k = kept.count + 1
        func row(_ i: Int) -> [Double] { [1] + kept.map { covariates[$0][i] } }
        var gram = SmallMatrix(size: k)
        var moment = [Double](repeating: 0, count: k)
        for i in controls {
            let x = row(i)
            gram.addOuterProduct(x)
            for j in 0..<k { moment[j] += x[j] * changes[i] }
        }
        guard let inverse = gram.symmetrised().inverse() else { return nil }
        guard Self.treatedWithinSpan(covariates, kept: kept, inverse: inverse, treated: treated, controls: controls) else { return nil }
        let beta = inverse.multiplied(by: moment)
        func predicted(_ x: [Double]) -> Double { zip(x, beta).reduce(0.0) { $0 + $1.0 * $1.1 } }
        var treatedCovariateMean = [Double](repeating: 0, count: k)
        var predictedMean = 0.0
        for i in treated {
            let x = row(i)
            for j in 0..<k { treatedCovariateMean[j] += x[j] / Double(treated.count) }
            predictedMean += predicted(x) / Double(treated.count)
        }
        let estimate = treatedMean - predictedMean
        // Treated: their residual from the controls' prediction, centred. Controls: how each
        // moves β̂, and through it the prediction at the treated units' mean covariates.
        for i in treated { psi[i] = n / Double(treated.count) * (changes[i] - predicted(row(i)) - estimate) }
        let leverage = inverse.multiplied(by: treatedCovariateMean)
        for i in controls {
            let x = row(i)
            psi[i] = -n * (changes[i] - predicted(x)) * zip(x, leverage).reduce(0.0) { $0 + $1.0 * $1.1 }
        }
        att = estimate
        influence = psi
        droppedCovariates = covariates.count - kept.count
    }

    /// Whether every covariate left out is, at the treated units too, the combination of the
    /// kept ones it is at the controls: a repeated or constant column is harmless, but one the
    /// controls lack (a region only treated reps are in) leaves their prediction without a
    /// basis, and the cell undefined.
    static func treatedWithinSpan(_ columns: [[Double]], kept: [Int], inverse: SmallMatrix, treated: [Int], controls: [Int]) -> Bool {
        let keptSet = Set(kept)
        for (index, column) in columns.enumerated() where !keptSet.contains(index) {
            var moment = [Double](repeating: 0, count: kept.count + 1)
            for i in controls {
                moment[0] += column[i]
                for (j, k) in kept.enumerated() { moment[j + 1] += columns[k][i] * column[i] }
            }
            let gamma = inverse.multiplied(by: moment)
            let scale = max(1, controls.reduce(0.0) { max($0, abs(column[$1])) })
            for i in treated {
                var fitted = gamma[0]
                for (j, k) in kept.enumerated() { fitted += gamma[j + 1] * columns[k][i] }
                if abs(column[i] - fitted) > 1e-7 * scale { return false }
            }
        }
        return true
    }

    /// The covariates, in order, that are not (numerically) constant or a linear combination
    /// of the intercept and the covariates kept before them, among `rows`: Gram–Schmidt on the
    /// centred columns, a column kept when what it adds keeps more than 1e-9 of its variance.
    static func independentColumns(_ columns: [[Double]], over rows: [Int]) -> [Int] {
        var basis: [[Double]] = []
        var kept: [Int] = []
        for (index, column) in columns.enumerated() {
            let mean = rows.reduce(0.0) { $0 + column[$1] } / Double(rows.count)
            var residual = rows.map { column[$0] - mean }
            let variance = residual.reduce(0.0) { $0 + $1 * $1 }
            guard variance > 0 else { continue }
            for direction in basis {
                let projection = zip(residual, direction).reduce(0.0) { $0 + $1.0 * $1.1 }
                for r in residual.indices { residual[r] -= projection * direction[r] }
            }
            let left = residual.reduce(0.0) { $0 + $1 * $1 }
            guard left > 1e-9 * variance else { continue }
            basis.append(residual.map { $0 / left.squareRoot() })
            kept.append(index)
        }
        return kept
    }
}
