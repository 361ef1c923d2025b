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

    /// Per cluster with rows: f(B_g M) and f²(B_g M) B_g, with f(λ) = (1 − λ)^(−1/2).
    private let adjustedCrossProducts: [SmallMatrix]
    private let squaredAdjustedCrossProducts: [SmallMatrix]
    private let bread: SmallMatrix

    /// An estimate of a linear combination c'β with its CR2 standard error and
    /// Bell–McCaffrey degrees of freedom.
    public struct Contrast: Sendable, Equatable {
        public var estimate: Double
        public var standardError: Double
        public var degreesOfFreedom: Double

        /// estimate ± t(1 − α/2, dof) × se; nil when the degrees of freedom are not positive
        /// and finite. A standard error of 0 (every residual 0) gives the point itself, as the
        /// definition does; callers that compare groups refuse it.
        public func interval(confidence: Double = 0.95) -> (low: Double, high: Double)? {
            guard degreesOfFreedom.isFinite, degreesOfFreedom > 0, standardError.isFinite else { return nil }
            let t = StudentTDistribution(degreesOfFreedom: degreesOfFreedom).quantile(1 - (1 - confidence) / 2)
            return (estimate - t * standardError, estimate + t * standardError)
        }

        /// The two-sided p-value of c'β = 0 from t(dof); nil where ``interval(confidence:)`` is.
        public var pValue: Double? {
            guard degreesOfFreedom.isFinite, degreesOfFreedom > 0, standardError.isFinite, standardError > 0 else { return nil }
            return StudentTDistribution(degreesOfFreedom: degreesOfFreedom).twoSidedPValue(estimate / standardError)
        }
    }

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
        self.adjustedCrossProducts = adjusted
        self.squaredAdjustedCrossProducts = squaredAdjusted
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
        for g in adjustedCrossProducts.indices {
            let d = zip(m, squaredAdjustedCrossProducts[g].multiplied(by: m)).reduce(0.0) { $0 + $1.0 * $1.1 }
            let w = adjustedCrossProducts[g].multiplied(by: m)
            s.addOuterProduct(w)
            sumD += d
            sumD2 += d * d
            cross += d * bread.quadraticForm(w)
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
