extension ShortPanelRegression {
    /// The coefficients from the sums of all units: the time effects are solved as a T × T
    /// system (its pseudo-inverse, since unit effects and trends make two of its directions
    /// vanish) and partialled out of the K × K one.
    ///
    /// With A = DᵀMD, B = DᵀMX, C = XᵀMX: the fully transformed XᵀX is C − BᵀA⁺B and its
    /// Xᵀy is XᵀMy − BᵀA⁺DᵀMy; Γ = A⁺B are the time effects of each regressor and
    /// δ = A⁺(DᵀMy − Bβ) those of the outcome.
    public struct Fit: Sendable {
        public let coefficients: [Double]
        /// (Xᵀ M_DM X)⁻¹, the bread of the sandwich.
        let bread: SmallMatrix
        /// Γ, T rows of K.
        let timeLoadings: [Double]
        /// δ, the outcome's time effects (up to the directions unit effects absorb).
        let timeEffects: [Double]
        public let observations: Int
        /// Distinct times with an observation: the time effects counted as parameters.
        public let timesObserved: Int
        let unitTrends: Bool

        /// Nil when the transformed XᵀX is singular (a regressor the effects explain).
        public init?(_ sums: Sums) {
            let t = sums.timeCount, k = sums.regressors
            guard k > 0, sums.observations > 0 else { return nil }
            var timeGram = SmallMatrix(size: t)
            for i in 0..<t {
                for j in i..<t {
                    timeGram[i, j] = sums.timeGram(i, j)
                    timeGram[j, i] = sums.timeGram(i, j)
                }
            }
            let inverse = Self.pseudoInverse(timeGram)
            // Γ = A⁺B and A⁺DᵀMy.
            var loadings = [Double](repeating: 0, count: t * k)
            var outcomeEffects = [Double](repeating: 0, count: t)
            for i in 0..<t {
                for j in 0..<t where inverse[i, j] != 0 {
                    let w = inverse[i, j]
                    outcomeEffects[i] += w * sums.timeOutcome(j)
                    for a in 0..<k { loadings[i * k + a] += w * sums.timeRegressor(j, a) }
                }
            }
            var gram = SmallMatrix(size: k)
            var xy = (0..<k).map { sums.regressorOutcome($0) }
            for a in 0..<k {
                for b in a..<k {
                    var partialled = sums.regressorGram(a, b)
                    for i in 0..<t { partialled -= sums.timeRegressor(i, a) * loadings[i * k + b] }
                    gram[a, b] = partialled
                    gram[b, a] = partialled
                }
                for i in 0..<t { xy[a] -= loadings[i * k + a] * sums.timeOutcome(i) }
            }
            guard let bread = Self.inverse(gram, scales: (0..<k).map { sums.regressorGram($0, $0) }) else { return nil }
            let beta = bread.multiplied(by: xy)
            var effects = outcomeEffects
            for i in 0..<t {
                for a in 0..<k { effects[i] -= loadings[i * k + a] * beta[a] }
            }
            coefficients = beta
            self.bread = bread
            timeLoadings = loadings
            timeEffects = effects
            observations = sums.observations
            timesObserved = sums.timeSeen.filter { $0 }.count
            unitTrends = sums.unitTrends
        }

        /// Times with a time effect: the width of a unit's residual sums after its K regressors.
        public var timeCount: Int { timeEffects.count }

        /// A cluster's score on the regressors, XᵀM_D e = Xᵀe − ΓᵀDᵀe, from its sums
        /// `[Xᵀe (K), Dᵀe (T)]` (``ClusterScores``).
        public func clusterScore(_ sums: ArraySlice<Double>, into score: inout [Double]) {
            let k = coefficients.count, base = sums.startIndex
            for a in 0..<k { score[a] = sums[base + a] }
            for i in 0..<timeEffects.count {
                let u = sums[base + k + i]
                if u == 0 { continue }
                for a in 0..<k { score[a] -= timeLoadings[i * k + a] * u }
            }
        }

        /// The inverse of the fully transformed XᵀX, nil when a regressor is (nearly) a
        /// combination of the others and the time effects. Singularity is judged on the
        /// matrix scaled by each regressor's size before the time effects (`scales`, the
        /// diagonal of XᵀMX): a regressor the time effects explain leaves only rounding
        /// behind, which unscaled would look like a small but usable variance.
        static func inverse(_ gram: SmallMatrix, scales: [Double]) -> SmallMatrix? {
            let k = gram.size
            guard scales.allSatisfy({ $0 > 0 }) else { return nil }
            let roots = scales.map { $0.squareRoot() }
            var scaled = gram
            for a in 0..<k {
                for b in 0..<k { scaled[a, b] /= roots[a] * roots[b] }
                guard scaled[a, a] > 1e-10 else { return nil }
            }
            guard var inverse = scaled.inverse() else { return nil }
            for a in 0..<k {
                for b in 0..<k { inverse[a, b] /= roots[a] * roots[b] }
            }
            return inverse.symmetrised()
        }

        /// The Moore–Penrose inverse of a symmetric positive semi-definite matrix, by its
        /// eigendecomposition, directions with an eigenvalue below 10⁻¹⁰ of the largest
        /// taken as absent.
        static func pseudoInverse(_ matrix: SmallMatrix) -> SmallMatrix {
            let (values, vectors) = matrix.symmetricEigen()
            let largest = values.reduce(0.0) { max($0, abs($1)) }
            let inverted = values.map { $0 > 1e-10 * largest ? 1 / $0 : 0 }
            return SmallMatrix(eigenvectors: vectors, eigenvalues: inverted)
        }
    }
}
