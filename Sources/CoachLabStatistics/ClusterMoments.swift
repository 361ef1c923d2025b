/// Per-cluster sufficient statistics of a linear regression: Xg'Xg and Xg'yg for every
/// cluster g, from which ``CR2Regression`` computes the fit, its CR2 covariance and its
/// Bell–McCaffrey degrees of freedom exactly, without the rows.
///
/// Moments of disjoint rows add, so they can be gathered in pieces.
public struct ClusterMoments: Sendable, Equatable {
    /// Regressors per row.
    public let k: Int
    /// Xg'Xg of cluster g at `crossProducts[g·k·k ..< (g+1)·k·k]`, row-major.
    public private(set) var crossProducts: [Double]
    /// Xg'yg of cluster g at `crossWithY[g·k ..< (g+1)·k]`.
    public private(set) var crossWithY: [Double]
    /// Rows of cluster g.
    public private(set) var rows: [Int]

    public init(k: Int, clusterCount: Int) {
        precondition(k > 0 && clusterCount >= 0, "at least one regressor")
        self.k = k
        crossProducts = [Double](repeating: 0, count: clusterCount * k * k)
        crossWithY = [Double](repeating: 0, count: clusterCount * k)
        rows = [Int](repeating: 0, count: clusterCount)
    }

    public var clusterCount: Int { rows.count }

    /// Clusters with at least one row.
    public var clustersWithRows: Int { rows.reduce(0) { $0 + ($1 > 0 ? 1 : 0) } }

    /// Adds one row: its regressors `x` (k values) and outcome `y`, in `cluster`.
    public mutating func add(cluster: Int, x: [Double], y: Double) {
        precondition(x.count == k, "k regressors")
        add(cluster: cluster, x: x, rows: 1, sumOfY: y, sumOfSquaredX: 1)
    }

    /// Adds `rows` rows that share the regressors `x` (a tier's dummies, constant within a
    /// manager), whose outcomes sum to `sumOfY`.
    public mutating func add(cluster: Int, constantRegressors x: [Double], rows count: Int, sumOfY: Double) {
        precondition(x.count == k && count >= 0, "k regressors")
        add(cluster: cluster, x: x, rows: count, sumOfY: sumOfY, sumOfSquaredX: Double(count))
    }

    private mutating func add(cluster g: Int, x: [Double], rows count: Int, sumOfY: Double, sumOfSquaredX weight: Double) {
        guard count > 0 else { return }
        rows[g] += count
        let base = g * k * k
        for i in 0..<k {
            crossWithY[g * k + i] += x[i] * sumOfY
            for j in 0..<k { crossProducts[base + i * k + j] += weight * x[i] * x[j] }
        }
    }

    /// Adds the moments of other rows over the same clusters.
    public mutating func merge(_ other: ClusterMoments) {
        precondition(other.k == k && other.clusterCount == clusterCount, "moments of the same model")
        for i in crossProducts.indices { crossProducts[i] += other.crossProducts[i] }
        for i in crossWithY.indices { crossWithY[i] += other.crossWithY[i] }
        for g in rows.indices { rows[g] += other.rows[g] }
    }

    /// Xg'Xg of cluster `g`.
    func crossProducts(of g: Int) -> SmallMatrix {
        var matrix = SmallMatrix(size: k)
        matrix.elements = Array(crossProducts[(g * k * k)..<((g + 1) * k * k)])
        return matrix
    }

    /// Xg'yg of cluster `g`.
    func crossWithY(of g: Int) -> [Double] { Array(crossWithY[(g * k)..<((g + 1) * k)]) }
}
