/// Per-cluster sufficient statistics of a linear regression: Xg'Xg and Xg'yg for every
/// cluster g, from which ``CR2Regression`` computes the fit, its CR2 covariance and its
/// Bell–McCaffrey degrees of freedom exactly, without the rows.
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

    /// Moments held in flat arrays laid out as the stored properties are: cluster g's
    /// Xg'Xg at `crossProducts[g·k·k ..< (g+1)·k·k]` (row-major, symmetric), its Xg'yg at
    /// `crossWithY[g·k ..< (g+1)·k]` and its rows at `rows[g]` — for a caller that gathers
    /// them in a loop of its own, without an array per row.
    public init(k: Int, crossProducts: [Double], crossWithY: [Double], rows: [Int]) {
        precondition(k > 0 && crossProducts.count == rows.count * k * k && crossWithY.count == rows.count * k,
                     "k·k cross products and k cross products with y per cluster")
        self.k = k
        self.crossProducts = crossProducts
        self.crossWithY = crossWithY
        self.rows = rows
    }

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

    /// The moments of the same rows with each regressor j replaced by xⱼ − shifts[j] · x₀,
    /// x₀ being the intercept (shifts[0] = 0): centring the regressors on their means this way
    /// leaves every slope, its CR2 covariance and its degrees of freedom as they are (the
    /// column space is the same) while X'X is far better conditioned than for log counts
    /// near 12.
    /// - Complexity: O(G·k²).
    public func shifted(by shifts: [Double]) -> ClusterMoments {
        precondition(shifts.count == k && shifts[0] == 0, "one shift per regressor, none for the intercept")
        var shifted = self
        for g in rows.indices where rows[g] > 0 {
            let base = g * k * k
            let b = { (i: Int, j: Int) in crossProducts[base + i * k + j] }
            for i in 0..<k {
                shifted.crossWithY[g * k + i] = crossWithY[g * k + i] - shifts[i] * crossWithY[g * k]
                for j in 0..<k {
                    shifted.crossProducts[base + i * k + j] =
                        b(i, j) - shifts[i] * b(0, j) - shifts[j] * b(i, 0) + shifts[i] * shifts[j] * b(0, 0)
                }
            }
        }
        return shifted
    }

    /// Several regressions over the same clusters as one system: the regressors of block b
    /// are columns of their own and its rows carry zeros in every other block's columns, so
    /// X'X is block-diagonal and every block's coefficients, CR2 covariance and degrees of
    /// freedom are those of its own fit, while the covariance across blocks — the sum over
    /// clusters of one block's adjusted scores times another's — is what a function of
    /// several blocks' coefficients needs (the seemingly unrelated regressions of Zellner
    /// 1962, each by OLS, clustered as one). A cluster's rows are its rows in all blocks.
    /// - Complexity: O(G·K²) for K regressors in all.
    public static func stacked(_ blocks: [ClusterMoments]) -> ClusterMoments {
        precondition(!blocks.isEmpty && blocks.allSatisfy { $0.clusterCount == blocks[0].clusterCount }, "blocks over the same clusters")
        let k = blocks.reduce(0) { $0 + $1.k }
        var stacked = ClusterMoments(k: k, clusterCount: blocks[0].clusterCount)
        var offset = 0
        for block in blocks {
            for g in 0..<block.clusterCount where block.rows[g] > 0 {
                stacked.rows[g] += block.rows[g]
                for i in 0..<block.k {
                    stacked.crossWithY[g * k + offset + i] = block.crossWithY[g * block.k + i]
                    for j in 0..<block.k {
                        stacked.crossProducts[g * k * k + (offset + i) * k + offset + j] =
                            block.crossProducts[g * block.k * block.k + i * block.k + j]
                    }
                }
            }
            offset += block.k
        }
        return stacked
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
