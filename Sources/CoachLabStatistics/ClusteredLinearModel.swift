/// Ordinary least squares with a cluster-robust (sandwich) covariance, for regressors that
/// are constant within each cluster — such as tier dummies with clusters of managers.
///
/// Fitted from per-cluster sufficient statistics (rows nᵍ and Σy in the cluster), it equals
/// the row-level fit of `statsmodels.OLS(y, X).fit(cov_type="cluster", cov_kwds={"groups": g})`
/// exactly, including its default small-sample factor G/(G − 1) × (N − 1)/(N − K)
/// (Cameron & Miller 2015, §2.3), at a cost of O(G·K²) instead of O(N·K).
public struct ClusteredLinearModel: Sendable {
    /// One cluster: its regressor values, its rows and the sum of y over them.
    public struct Cluster: Sendable {
        public var regressors: [Double]
        public var rows: Int
        public var sumOfY: Double

        public init(regressors: [Double], rows: Int, sumOfY: Double) {
            self.regressors = regressors
            self.rows = rows
            self.sumOfY = sumOfY
        }
    }

    public let coefficients: [Double]
    public let covariance: SmallMatrix
    public let observations: Int
    public let clusters: Int

    /// Fits the model; nil when X'X is singular, there are fewer than two clusters or no
    /// more rows than regressors.
    public init?(clusters: [Cluster]) {
        guard let k = clusters.first?.regressors.count else { return nil }
        self.init(regressors: clusters.flatMap(\.regressors), k: k, rows: clusters.map(\.rows), sumsOfY: clusters.map(\.sumOfY))
    }

    /// The same fit from flat storage, without an array per cluster (a large org has tens of
    /// thousands of managers): cluster `g`'s regressors are `regressors[g·k ..< (g+1)·k]`,
    /// its rows `rows[g]` and its Σy `sumsOfY[g]`. Clusters without rows are left out.
    public init?(regressors: [Double], k: Int, rows: [Int], sumsOfY: [Double]) {
        precondition(regressors.count == rows.count * k && sumsOfY.count == rows.count, "k regressors, rows and Σy per cluster")
        let used = rows.indices.filter { rows[$0] > 0 }
        guard k > 0, used.count >= 2 else { return nil }
        let n = used.reduce(0) { $0 + rows[$1] }
        guard n > k else { return nil }
        let x = { (g: Int) in regressors[(g * k)..<(g * k + k)] }
        var xtx = SmallMatrix(size: k)
        var xty = [Double](repeating: 0, count: k)
        for g in used {
            xtx.addOuterProduct(x(g), weight: Double(rows[g]))
            for j in 0..<k { xty[j] += sumsOfY[g] * regressors[g * k + j] }
        }
        guard let bread = xtx.inverse() else { return nil }
        let beta = bread.multiplied(by: xty)
        var meat = SmallMatrix(size: k)
        var score = [Double](repeating: 0, count: k)
        for g in used {
            let fitted = zip(x(g), beta).reduce(0.0) { $0 + $1.0 * $1.1 }
            let residualSum = sumsOfY[g] - Double(rows[g]) * fitted
            for j in 0..<k { score[j] = regressors[g * k + j] * residualSum }
            meat.addOuterProduct(score)
        }
        var covariance = bread.multiplied(by: meat).multiplied(by: bread)
        let clusters = Double(used.count)
        let correction = clusters / (clusters - 1) * Double(n - 1) / Double(n - k)
        for index in covariance.elements.indices { covariance.elements[index] *= correction }
        self.coefficients = beta
        self.covariance = covariance
        self.observations = n
        self.clusters = used.count
    }

    /// The standard error of coefficient `index`.
    public func standardError(_ index: Int) -> Double { covariance[index, index].squareRoot() }

    /// The normal-based interval of coefficient `index`, as statsmodels' `conf_int()` for
    /// a cluster fit (which uses the normal distribution unless `use_t=True`).
    public func interval(_ index: Int, z: Double = NormalDistribution.z95) -> (low: Double, high: Double) {
        let halfWidth = z * standardError(index)
        return (coefficients[index] - halfWidth, coefficients[index] + halfWidth)
    }
}

extension ClusteredLinearModel {
    /// OLS of `y` on the rows of `x` (`k` values per row, row-major) with the covariance
    /// robust to clustering by `cluster` (dense codes), as statsmodels'
    /// `OLS(y, X).fit(cov_type="cluster", cov_kwds={"groups": cluster})` with its default
    /// small-sample factor. Two passes: the fit, then each cluster's score Σ xᵢeᵢ.
    /// - Returns: nil when X'X is singular, there are fewer than two clusters or no more
    ///   rows than regressors.
    public init?(x: [Double], k: Int, y: [Double], cluster: [Int32], clusterCount: Int) {
        let n = y.count
        precondition(x.count == n * k && cluster.count == n, "one row of x and one cluster per y")
        guard n > k else { return nil }
        var xtx = SmallMatrix(size: k)
        var xty = [Double](repeating: 0, count: k)
        x.withUnsafeBufferPointer { x in
            for row in 0..<n {
                let base = row * k
                for i in 0..<k {
                    let xi = x[base + i]
                    xty[i] += xi * y[row]
                    for j in i..<k { xtx.elements[i * k + j] += xi * x[base + j] }
                }
            }
        }
        for i in 0..<k { for j in 0..<i { xtx.elements[i * k + j] = xtx.elements[j * k + i] } }
        guard let bread = xtx.inverse() else { return nil }
        let beta = bread.multiplied(by: xty)
        var scores = [Double](repeating: 0, count: clusterCount * k)
        var seen = [Bool](repeating: false, count: clusterCount)
        x.withUnsafeBufferPointer { x in
            for row in 0..<n {
                let base = row * k
                var fitted = 0.0
                for j in 0..<k { fitted += x[base + j] * beta[j] }
                let residual = y[row] - fitted
                let g = Int(cluster[row])
                seen[g] = true
                for j in 0..<k { scores[g * k + j] += x[base + j] * residual }
            }
        }
        let used = seen.filter { $0 }.count
        guard used >= 2 else { return nil }
        var meat = SmallMatrix(size: k)
        for g in 0..<clusterCount where seen[g] { meat.addOuterProduct(Array(scores[(g * k)..<(g * k + k)])) }
        var covariance = bread.multiplied(by: meat).multiplied(by: bread)
        let correction = Double(used) / Double(used - 1) * Double(n - 1) / Double(n - k)
        for index in covariance.elements.indices { covariance.elements[index] *= correction }
        self.init(coefficients: beta, covariance: covariance, observations: n, clusters: used)
    }

    init(coefficients: [Double], covariance: SmallMatrix, observations: Int, clusters: Int) {
        self.coefficients = coefficients
        self.covariance = covariance
        self.observations = observations
        self.clusters = clusters
    }
}
