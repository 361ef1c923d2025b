import CoachLabPluginAPI
import CoachLabKernels

/// How noisy a rep's mean change in attainment around its commitments is.
///
/// A commitment's change is a weighted sum of the rep's monthly attainments (1/|A| on each
/// of the months A after it with attainment, −1/|B| on each of the months B before), and a
/// rep's mean change over K commitments the sum with weights w_t = (1/K) Σ_k (those of k).
/// Commitments close in time share months, so their changes are not independent; this sum
/// says by how much. With a month's attainment varying around the rep's own trend line with
/// variance s² independently from month to month, the mean change has sampling variance
/// s² · Σ_t w_t².
enum ChangeNoise {
    /// The sums behind s², the residual variance of a month's attainment around each rep's
    /// OLS line on month pooled over reps with three or more months of attainment: Σ squared
    /// residuals (exactly) and Σ (months − 2), over the reps `reps`; s² is their ratio
    /// (``CommitmentState/monthVariance``).
    /// - Complexity: O(reps × months).
    static func monthSquares(_ grid: RepMonthGrid, reps: Range<Int>) -> (squares: Partial.ExactSum, degrees: Int) {
        var squares = Partial.ExactSum(), degrees = 0
        for rep in reps {
            var n = 0.0, sumX = 0.0, sumY = 0.0
            for column in 0..<grid.months {
                guard let y = grid.attainment(rep: rep, column: column) else { continue }
                n += 1
                sumX += Double(column)
                sumY += y
            }
            guard n >= 3 else { continue }
            let meanX = sumX / n, meanY = sumY / n
            var sxx = 0.0, sxy = 0.0, syy = 0.0
            for column in 0..<grid.months {
                guard let y = grid.attainment(rep: rep, column: column) else { continue }
                let dx = Double(column) - meanX, dy = y - meanY
                sxx += dx * dx
                sxy += dx * dy
                syy += dy * dy
            }
            squares.add(max(0, syy - sxy * sxy / sxx))
            degrees += Int(n) - 2
        }
        return (squares, degrees)
    }

    /// Σ_t w_t² for each rep's mean change (nil for a rep without a commitment with one).
    /// - Parameter commitments: every commitment, with its month's grid column.
    /// - Complexity: O(commitments + reps + months).
    static func weightSquares(_ commitments: [JudgedCommitment], grid: RepMonthGrid) -> [Double?] {
        var byRep = [[Int]](repeating: [], count: grid.reps)
        for (index, commitment) in commitments.enumerated() where commitment.outcome != nil {
            byRep[commitment.rep].append(index)
        }
        var weights = [Double](repeating: 0, count: grid.months)
        return byRep.indices.map { rep -> Double? in
            let mine = byRep[rep]
            guard !mine.isEmpty else { return nil }
            var touched: [Int] = []
            for index in mine {
                let at = commitments[index].month
                for (window, sign) in [((at + 1)...(at + SkillWillMatrix.window), 1.0), ((at - SkillWillMatrix.window)...(at - 1), -1.0)] {
                    let months = window.filter { $0 >= 0 && $0 < grid.months && grid.attainment(rep: rep, column: $0) != nil }
                    for month in months {
                        weights[month] += sign / Double(months.count)
                        touched.append(month)
                    }
                }
            }
            var sum = 0.0
            for month in Set(touched).sorted() {
                let w = weights[month] / Double(mine.count)
                sum += w * w
                weights[month] = 0
            }
            return sum
        }
    }
}
