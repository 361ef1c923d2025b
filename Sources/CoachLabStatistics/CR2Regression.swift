/// Ordinary least squares with the CR2 cluster-robust covariance and Bell–McCaffrey degrees
/// of freedom: the small-sample inference every CoachLab interval that summarises or
/// compares groups of reps uses (RESULTS.md, "CR2 and Bell–McCaffrey degrees of freedom").
///
/// CR2 (Bell & McCaffrey 2002) scales each cluster's residuals by (I − H_gg)^(−1/2) before
/// the sandwich, undoing the shrinkage that makes the plain (CR1) sandwich too small when
/// clusters are few or unequal; the t quantile takes the Satterthwaite-type degrees of
/// freedom of Imbens & Kolesár (2016) with an identity working covariance. With one row per
/// cluster the covariance is HC2; for a mean over G equal clusters the degrees of freedom
/// are G − 1.
///
/// Computed from per-cluster moments (``ClusterMoments``), never the rows: with
/// B_g = X_g'X_g, the identity X_g' f(X_g M X_g') = f(B_g M) X_g' for any function f of the
/// spectrum turns every n_g × n_g matrix of the definition into a k × k one, and
/// tr(K) and tr(K²) give the degrees of freedom without the G × G matrix K.
public struct CR2Regression: Sendable {
    public let coefficients: [Double]
    /// The CR2 covariance of the coefficients.
    public let covariance: SmallMatrix
    /// Clusters with rows.
    public let clusters: Int
    /// Rows in all.
    public let observations: Int

    /// What the degrees of freedom of a contrast need of each cluster with rows.
    private enum Clusters: Sendable {
        /// Any regressors: f(B_g M) B_g and f²(B_g M) B_g, with f(λ) = (1 − λ)^(−1/2).
        case general(adjusted: [SmallMatrix], squaredAdjusted: [SmallMatrix])
        /// Regressors constant within each cluster (tier dummies under a manager): B_g =
        /// n_g x_g x_g' has x_g as its one eigenvector, with eigenvalue λ_g = n_g x_g'M x_g, so
        /// each cluster is its regressors (flat, k each), rows, f(λ_g) and x_g'M x_g.
        case constant(regressors: [Double], rows: [Double], f: [Double], leverage: [Double])
    }

    private let clusterTerms: Clusters
    private let bread: SmallMatrix

    /// c'β with its CR2 standard error and Bell–McCaffrey degrees of freedom.
    public typealias Contrast = ContrastEstimate

    /// Eigenvalues of I − H_gg below this are taken as 0 (their inverse square root as 0):
    /// a cluster that alone determines a coefficient has none of its variation left to see.
    static let singularLeverage = 1e-12

    /// Fits the model; nil when X'X is singular or fewer than two clusters have rows.
    /// - Complexity: O(G·k³) for G clusters and k regressors.
    public init?(_ moments: ClusterMoments) {
        let k = moments.k
        let used = moments.rows.indices.filter { moments.rows[$0] > 0 }
        guard used.count >= 2 else { return nil }
        var xtx = SmallMatrix(size: k)
        var xty = [Double](repeating: 0, count: k)
        for g in used {
            let b = moments.crossProducts(of: g)
            for i in xtx.elements.indices { xtx.elements[i] += b.elements[i] }
            for (i, value) in moments.crossWithY(of: g).enumerated() { xty[i] += value }
        }
        // M is symmetric; kept so to the last bit, as its square roots assume.
        guard let bread = xtx.inverse()?.symmetrised() else { return nil }
        let beta = bread.multiplied(by: xty)
        // B_g M is similar to the symmetric T_g = M^(1/2) B_g M^(1/2):
        // f(B_g M) = M^(−1/2) f(T_g) M^(1/2).
        let (values, vectors) = bread.symmetricEigen()
        guard values.allSatisfy({ $0 > 0 }) else { return nil }
        let root = SmallMatrix(eigenvectors: vectors, eigenvalues: values.map { $0.squareRoot() })
        let inverseRoot = SmallMatrix(eigenvectors: vectors, eigenvalues: values.map { 1 / $0.squareRoot() })
        var meat = SmallMatrix(size: k)
        var adjusted: [SmallMatrix] = []
        var squaredAdjusted: [SmallMatrix] = []
        adjusted.reserveCapacity(used.count)
        squaredAdjusted.reserveCapacity(used.count)
        for g in used {
            let b = moments.crossProducts(of: g)
            let (leverages, directions) = root.multiplied(by: b).multiplied(by: root).symmetrised().symmetricEigen()
            let scale = leverages.map { 1 - $0 < Self.singularLeverage ? 0 : 1 / (1 - $0).squareRoot() }
            let f = inverseRoot.multiplied(by: SmallMatrix(eigenvectors: directions, eigenvalues: scale)).multiplied(by: root)
            let f2 = inverseRoot.multiplied(by: SmallMatrix(eigenvectors: directions, eigenvalues: scale.map { $0 * $0 }))
                .multiplied(by: root)
            // X_g'A_g e_g = f(B_g M) X_g'e_g, and X_g'e_g = X_g'y_g − B_g β.
            let fitted = b.multiplied(by: beta)
            let score = f.multiplied(by: zip(moments.crossWithY(of: g), fitted).map { $0 - $1 })
            meat.addOuterProduct(score)
            adjusted.append(f.multiplied(by: b))
            squaredAdjusted.append(f2.multiplied(by: b))
        }
        self.coefficients = beta
        self.covariance = bread.multiplied(by: meat).multiplied(by: bread)
        self.clusters = used.count
        self.observations = used.reduce(0) { $0 + moments.rows[$1] }
        self.clusterTerms = .general(adjusted: adjusted, squaredAdjusted: squaredAdjusted)
        self.bread = bread
    }

    /// The same fit for regressors constant within each cluster, from each cluster's
    /// regressors, rows and Σy alone: O(G·k²) with no allocation per cluster, for the tens of
    /// thousands of managers of a large org. Cluster g's regressors are
    /// `regressors[g·k ..< (g+1)·k]`; clusters without rows are left out.
    /// - Returns: nil when X'X is singular or fewer than two clusters have rows.
    public init?(constantRegressors regressors: [Double], k: Int, rows: [Int], sumsOfY: [Double]) {
        precondition(k > 0 && regressors.count == rows.count * k && sumsOfY.count == rows.count, "k regressors, rows and Σy per cluster")
        let used = rows.indices.filter { rows[$0] > 0 }
        guard used.count >= 2 else { return nil }
        var xtx = SmallMatrix(size: k)
        var xty = [Double](repeating: 0, count: k)
        for g in used {
            for i in 0..<k {
                xty[i] += regressors[g * k + i] * sumsOfY[g]
                for j in 0..<k { xtx[i, j] += Double(rows[g]) * regressors[g * k + i] * regressors[g * k + j] }
            }
        }
        guard let bread = xtx.inverse()?.symmetrised() else { return nil }
        let beta = bread.multiplied(by: xty)
        var meat = SmallMatrix(size: k)
        var kept = [Double](), keptRows = [Double](), fs = [Double](), leverages = [Double]()
        kept.reserveCapacity(used.count * k)
        for g in used {
            var leverage = 0.0, fitted = 0.0
            for i in 0..<k {
                fitted += regressors[g * k + i] * beta[i]
                for j in 0..<k { leverage += regressors[g * k + i] * bread[i, j] * regressors[g * k + j] }
            }
            let n = Double(rows[g])
            let lambda = n * leverage
            let f = 1 - lambda < Self.singularLeverage ? 0 : 1 / (1 - lambda).squareRoot()
            // X_g'A_g e_g = f(λ_g) x_g (Σy_g − n_g x_g'β): x_g is B_g M's eigenvector.
            let scale = f * (sumsOfY[g] - n * fitted)
            for i in 0..<k {
                for j in 0..<k { meat[i, j] += scale * scale * regressors[g * k + i] * regressors[g * k + j] }
                kept.append(regressors[g * k + i])
            }
            keptRows.append(n)
            fs.append(f)
            leverages.append(leverage)
        }
        self.coefficients = beta
        self.covariance = bread.multiplied(by: meat).multiplied(by: bread)
        self.clusters = used.count
        self.observations = used.reduce(0) { $0 + rows[$1] }
        self.clusterTerms = .constant(regressors: kept, rows: keptRows, f: fs, leverage: leverages)
        self.bread = bread
    }

    /// c'β with its CR2 standard error and Bell–McCaffrey degrees of freedom: with
    /// m = Mc, v_g'v_g = m' f²(B_g M) B_g m and w_g = f(B_g M) B_g m, K = diag(v_g'v_g) − W'MW
    /// and dof = tr(K)² / tr(K²), where tr(K) = Σ v_g'v_g − tr(M S),
    /// tr(K²) = Σ (v_g'v_g)² − 2 Σ v_g'v_g · w_g'M w_g + tr((M S)²) and S = Σ w_g w_g'.
    public func contrast(_ c: [Double]) -> Contrast {
        precondition(c.count == coefficients.count, "one weight per coefficient")
        let k = c.count
        let m = bread.multiplied(by: c)
        var s = SmallMatrix(size: k)
        var sumD = 0.0, sumD2 = 0.0, cross = 0.0
        switch clusterTerms {
        case .general(let adjusted, let squaredAdjusted):
            for g in adjusted.indices {
                let d = zip(m, squaredAdjusted[g].multiplied(by: m)).reduce(0.0) { $0 + $1.0 * $1.1 }
                let w = adjusted[g].multiplied(by: m)
                s.addOuterProduct(w)
                sumD += d
                sumD2 += d * d
                cross += d * bread.quadraticForm(w)
            }
        case .constant(let regressors, let rows, let f, let leverage):
            // v_g'v_g = n_g (x_g'm)² f², w_g = n_g (x_g'm) f x_g, w_g'M w_g = (n_g (x_g'm) f)² x_g'M x_g.
            for g in rows.indices {
                var xm = 0.0
                for i in 0..<k { xm += regressors[g * k + i] * m[i] }
                let weight = rows[g] * xm * f[g]
                let d = weight * xm * f[g]
                for i in 0..<k {
                    for j in 0..<k { s[i, j] += weight * weight * regressors[g * k + i] * regressors[g * k + j] }
                }
                sumD += d
                sumD2 += d * d
                cross += d * weight * weight * leverage[g]
            }
        }
        let ms = bread.multiplied(by: s)
        let trace = sumD - (0..<k).reduce(0.0) { $0 + ms[$1, $1] }
        let traceOfSquare = sumD2 - 2 * cross + ms.traceOfProduct(with: ms)
        let variance = covariance.quadraticForm(c)
        return Contrast(
            estimate: zip(c, coefficients).reduce(0.0) { $0 + $1.0 * $1.1 },
            standardError: max(variance, 0).squareRoot(),
            degreesOfFreedom: traceOfSquare > 0 ? trace * trace / traceOfSquare : .nan)
    }

    /// Coefficient `index` as a contrast.
    public func coefficient(_ index: Int) -> Contrast {
        var c = [Double](repeating: 0, count: coefficients.count)
        c[index] = 1
        return contrast(c)
    }
}
