extension SmallMatrix {
    /// The eigendecomposition of a symmetric matrix, A = V diag(values) Vᵀ, by cyclic Jacobi
    /// rotations (Golub & Van Loan, §8.5): exact to rounding for the handful of regressors
    /// CoachLab fits, and simple enough to trust.
    /// - Returns: the eigenvalues and the eigenvectors as the columns of a matrix.
    /// - Complexity: O(k³) per sweep for a k × k matrix; a few sweeps suffice.
    public func symmetricEigen() -> (values: [Double], vectors: SmallMatrix) {
        var a = self
        var vectors = SmallMatrix(size: size)
        for i in 0..<size { vectors[i, i] = 1 }
        let scale = elements.reduce(0.0) { max($0, abs($1)) }
        guard scale > 0 else { return ([Double](repeating: 0, count: size), vectors) }
        for _ in 0..<64 {
            var offDiagonal = 0.0
            for p in 0..<size { for q in (p + 1)..<size { offDiagonal += a[p, q] * a[p, q] } }
            if offDiagonal.squareRoot() <= 1e-17 * scale { break }
            for p in 0..<size {
                for q in (p + 1)..<size where a[p, q] != 0 {
                    // The rotation that zeroes a[p, q] (the smaller of the two angles).
                    let theta = (a[q, q] - a[p, p]) / (2 * a[p, q])
                    let t = (theta >= 0 ? 1.0 : -1.0) / (abs(theta) + (theta * theta + 1).squareRoot())
                    let c = 1 / (t * t + 1).squareRoot()
                    let s = t * c
                    for k in 0..<size {
                        let akp = a[k, p], akq = a[k, q]
                        a[k, p] = c * akp - s * akq
                        a[k, q] = s * akp + c * akq
                    }
                    for k in 0..<size {
                        let apk = a[p, k], aqk = a[q, k]
                        a[p, k] = c * apk - s * aqk
                        a[q, k] = s * apk + c * aqk
                    }
                    for k in 0..<size {
                        let vkp = vectors[k, p], vkq = vectors[k, q]
                        vectors[k, p] = c * vkp - s * vkq
                        vectors[k, q] = s * vkp + c * vkq
                    }
                }
            }
        }
        return ((0..<size).map { a[$0, $0] }, vectors)
    }

    /// V diag(values) Vᵀ: a symmetric matrix from its eigendecomposition.
    public init(eigenvectors vectors: SmallMatrix, eigenvalues values: [Double]) {
        self.init(size: vectors.size)
        for i in 0..<size {
            for j in 0..<size {
                var sum = 0.0
                for k in 0..<size { sum += vectors[i, k] * values[k] * vectors[j, k] }
                self[i, j] = sum
            }
        }
    }

    /// The matrix made exactly symmetric: each pair of off-diagonal elements replaced by
    /// their mean, removing the rounding of products that are symmetric in exact arithmetic.
    public func symmetrised() -> SmallMatrix {
        var result = self
        for i in 0..<size { for j in 0..<i { result[i, j] = (self[i, j] + self[j, i]) / 2; result[j, i] = result[i, j] } }
        return result
    }

    /// The trace of the product with `other`, tr(A B), without forming it.
    public func traceOfProduct(with other: SmallMatrix) -> Double {
        var sum = 0.0
        for i in 0..<size { for j in 0..<size { sum += self[i, j] * other[j, i] } }
        return sum
    }

    /// vᵀ A v.
    public func quadraticForm(_ v: [Double]) -> Double {
        var sum = 0.0
        for i in 0..<size { for j in 0..<size { sum += v[i] * self[i, j] * v[j] } }
        return sum
    }
}
