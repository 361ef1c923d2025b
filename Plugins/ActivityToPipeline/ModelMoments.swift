import CoachLabPluginAPI
import CoachLabStatistics

/// The sums behind one log-log model, per manager and exact (``Partial/ExactSum``): Σxᵢxⱼ
/// and Σxᵢy over each manager's rows in the model, x₀ = 1 the intercept, so that the
/// moments of any split of the rows add up, to the bit, to those of all of them.
struct ModelMoments: Sendable, Equatable {
    /// The regressors with the intercept: 2 for a link, 3 for a model on calls and meetings.
    let k: Int
    /// Manager g's sums at `g·entries ..< (g+1)·entries`: Σxᵢxⱼ for i ≤ j in row-major order
    /// except Σx₀x₀ (its rows), then Σxᵢy for each i.
    private(set) var sums: [Partial.ExactSum]
    /// The rows of each manager in the model.
    private(set) var rows: [Int]
    /// Σ of the outcome itself (not its log) over the model's rows, for its mean.
    var valuesSum = Partial.ExactSum()

    /// No rows, for `managerCount` managers.
    init(k: Int, managerCount: Int) {
        precondition(k >= 2, "a slope beside the intercept")
        self.k = k
        sums = Array(repeating: Partial.ExactSum(), count: managerCount * Self.entries(k: k))
        rows = Array(repeating: 0, count: managerCount)
    }

    /// Sums per manager for `k` regressors with the intercept.
    static func entries(k: Int) -> Int { k * (k + 1) / 2 - 1 + k }
    var entries: Int { Self.entries(k: k) }
    var managerCount: Int { rows.count }

    /// Adds one row of manager `manager`: its regressors `x` (x[0] = 1), log outcome `y` and
    /// outcome `value`.
    @inline(__always)
    mutating func add(manager: Int, x: UnsafeBufferPointer<Double>, y: Double, value: Double) {
        rows[manager] += 1
        valuesSum.add(value)
        var at = manager * entries
        sums.withUnsafeMutableBufferPointer { sums in
            for i in 0..<k {
                for j in i..<k where i > 0 || j > 0 {
                    sums[at].add(x[i] * x[j])
                    at += 1
                }
            }
            for i in 0..<k {
                sums[at].add(x[i] * y)
                at += 1
            }
        }
    }

    /// Adds the rows of `other`, of the same model and managers.
    mutating func merge(_ other: ModelMoments) {
        precondition(other.k == k && other.managerCount == managerCount, "moments of the same model and managers")
        for g in 0..<managerCount where other.rows[g] > 0 {
            rows[g] += other.rows[g]
            for e in (g * entries)..<((g + 1) * entries) { sums[e].merge(other.sums[e]) }
        }
        valuesSum.merge(other.valuesSum)
    }

    /// Manager g's rows and sums (in ``sums``' order), as a state record holds them.
    func manager(_ g: Int) -> (rows: Int, sums: ArraySlice<Partial.ExactSum>) {
        (rows[g], sums[(g * entries)..<((g + 1) * entries)])
    }

    /// Sets manager g's rows and sums, as read from a state record.
    mutating func setManager(_ g: Int, rows count: Int, sums values: [Partial.ExactSum]) {
        precondition(values.count == entries, "a sum per entry")
        rows[g] = count
        sums.replaceSubrange((g * entries)..<((g + 1) * entries), with: values)
    }

    /// X'X and X'y of each manager as doubles, each sum rounded once, with the rows; nil when
    /// a sum is not valid (a term not finite, or too large to hold).
    func clusterMoments() -> ClusterMoments? {
        let managers = managerCount
        var crossProducts = [Double](repeating: 0, count: managers * k * k)
        var crossWithY = [Double](repeating: 0, count: managers * k)
        for g in 0..<managers where rows[g] > 0 {
            var at = g * entries
            crossProducts[g * k * k] = Double(rows[g])
            for i in 0..<k {
                for j in i..<k where i > 0 || j > 0 {
                    guard let value = sums[at].value else { return nil }
                    crossProducts[g * k * k + i * k + j] = value
                    crossProducts[g * k * k + j * k + i] = value
                    at += 1
                }
            }
            for i in 0..<k {
                guard let value = sums[at].value else { return nil }
                crossWithY[g * k + i] = value
                at += 1
            }
        }
        return ClusterMoments(k: k, crossProducts: crossProducts, crossWithY: crossWithY, rows: rows)
    }

    /// Σxⱼ over every manager's rows, exact, for each regressor j (0 in the intercept's
    /// place): what the model centres its regressors on.
    func regressorTotals() -> [Partial.ExactSum] {
        var totals = [Partial.ExactSum](repeating: Partial.ExactSum(), count: k)
        for g in 0..<managerCount where rows[g] > 0 {
            // Σx₀xⱼ are the first k − 1 sums of the manager's.
            for j in 1..<k { totals[j].merge(sums[g * entries + j - 1]) }
        }
        return totals
    }
}
