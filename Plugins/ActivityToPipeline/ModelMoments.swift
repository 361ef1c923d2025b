import CoachLabPluginAPI
import CoachLabStatistics

/// The sums behind one log-log model, per manager and exact: Σxᵢxⱼ and Σxᵢy over each
/// manager's rows in the model, x₀ = 1 the intercept, in units of 2⁻⁶⁴ as
/// ``Partial/ExactSum`` keeps them, so that the moments of any split of the rows add up, to
/// the bit, to those of all of them. The units are held bare (16 bytes a sum, one validity
/// for the model): a model's sums for 10,000 managers then stay in a core's cache while
/// its rows are added.
struct ModelMoments: Sendable, Equatable {
    /// The regressors with the intercept: 2 for a link, 3 for a model on calls and meetings.
    let k: Int
    /// Manager g's sums at `g·entries ..< (g+1)·entries`: Σxᵢxⱼ for i ≤ j in row-major order
    /// except Σx₀x₀ (its rows), then Σxᵢy for each i; meaningless when not ``isValid``.
    private(set) var units: [Int128]
    /// The rows of each manager in the model.
    private(set) var rows: [Int]
    /// Σ of the outcome itself (not its log) over the model's rows, for its mean.
    var valuesSum = Partial.ExactSum()
    /// False once a term was not finite or a sum overflowed (as ``Partial/ExactSum/isValid``).
    private(set) var isValid = true

    /// No rows, for `managerCount` managers.
    init(k: Int, managerCount: Int) {
        precondition(k == 2 || k == 3, "one or two regressors beside the intercept")
        self.k = k
        units = Array(repeating: 0, count: managerCount * Self.entries(k: k))
        rows = Array(repeating: 0, count: managerCount)
    }

    /// Sums per manager for `k` regressors with the intercept.
    static func entries(k: Int) -> Int { k * (k + 1) / 2 - 1 + k }
    var entries: Int { Self.entries(k: k) }
    var managerCount: Int { rows.count }

    static func == (a: ModelMoments, b: ModelMoments) -> Bool {
        a.k == b.k && a.rows == b.rows && a.valuesSum == b.valuesSum && a.isValid == b.isValid
            && (!a.isValid || a.units == b.units)
    }

    /// Adds the rows of a block whose `y` (log outcome) and `x1`, `x2` (log regressors;
    /// `x2` only for k = 3) are not NaN, each of manager `managers[i]` with outcome
    /// `values[i]`, and sets `bit` in `included[i]` for each row added.
    mutating func add(
        _ count: Int, managers: UnsafePointer<Int32>, y: UnsafePointer<Double>, x1: UnsafePointer<Double>,
        x2: UnsafePointer<Double>?, values: UnsafePointer<Double>, included: UnsafeMutablePointer<UInt8>, bit: UInt8
    ) {
        let entries = self.entries
        var overflow = false
        var valid = isValid
        // Adds `term` to the sum at `at`, exactly: what ExactSum.add does, its flags kept here.
        @inline(__always) func add(_ sums: UnsafeMutablePointer<Int128>, _ at: Int, _ term: Double) {
            guard let term = Partial.ExactSum.units(of: term) else { valid = false; return }
            let (sum, over) = sums[at].addingReportingOverflow(term)
            sums[at] = sum
            overflow = overflow || over
        }
        rows.withUnsafeMutableBufferPointer { rows in
        units.withUnsafeMutableBufferPointer { units in
            let sums = units.baseAddress!
            for i in 0..<count {
                let y = y[i], a = x1[i]
                if y.isNaN || a.isNaN { continue }
                let g = Int(managers[i])
                let at = g * entries
                if let x2 {
                    let b = x2[i]
                    if b.isNaN { continue }
                    add(sums, at, a); add(sums, at + 1, b)
                    add(sums, at + 2, a * a); add(sums, at + 3, a * b); add(sums, at + 4, b * b)
                    add(sums, at + 5, y); add(sums, at + 6, a * y); add(sums, at + 7, b * y)
                } else {
                    add(sums, at, a); add(sums, at + 1, a * a)
                    add(sums, at + 2, y); add(sums, at + 3, a * y)
                }
                rows[g] += 1
                valuesSum.add(values[i])
                included[i] |= bit
            }
        }}
        isValid = valid && !overflow
    }

    /// Adds the rows of `other`, of the same model and managers.
    mutating func merge(_ other: ModelMoments) {
        precondition(other.k == k && other.managerCount == managerCount, "moments of the same model and managers")
        var overflow = false
        for g in 0..<managerCount where other.rows[g] > 0 {
            rows[g] += other.rows[g]
            for e in (g * entries)..<((g + 1) * entries) {
                let (sum, over) = units[e].addingReportingOverflow(other.units[e])
                units[e] = sum
                overflow = overflow || over
            }
        }
        valuesSum.merge(other.valuesSum)
        isValid = isValid && other.isValid && !overflow
    }

    /// Manager g's rows and sums (in ``units``' order), as a state record holds them.
    func manager(_ g: Int) -> (rows: Int, sums: [Partial.ExactSum]) {
        (rows[g], units[(g * entries)..<((g + 1) * entries)].map { Partial.ExactSum(scaled: $0, isValid: isValid) })
    }

    /// Sets manager g's rows and sums, as read from a state record.
    mutating func setManager(_ g: Int, rows count: Int, sums values: [Partial.ExactSum]) {
        precondition(values.count == entries, "a sum per entry")
        rows[g] = count
        units.replaceSubrange((g * entries)..<((g + 1) * entries), with: values.map(\.scaled))
        if values.contains(where: { !$0.isValid }) { isValid = false }
    }

    /// X'X and X'y of each manager as doubles, each sum rounded once, with the rows; nil when
    /// the sums are not valid (a term not finite, or too large to hold).
    func clusterMoments() -> ClusterMoments? {
        guard isValid else { return nil }
        let managers = managerCount
        var crossProducts = [Double](repeating: 0, count: managers * k * k)
        var crossWithY = [Double](repeating: 0, count: managers * k)
        for g in 0..<managers where rows[g] > 0 {
            var at = g * entries
            crossProducts[g * k * k] = Double(rows[g])
            for i in 0..<k {
                for j in i..<k where i > 0 || j > 0 {
                    let value = Self.value(units[at])
                    crossProducts[g * k * k + i * k + j] = value
                    crossProducts[g * k * k + j * k + i] = value
                    at += 1
                }
            }
            for i in 0..<k {
                crossWithY[g * k + i] = Self.value(units[at])
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
            for j in 1..<k { totals[j].merge(Partial.ExactSum(scaled: units[g * entries + j - 1], isValid: isValid)) }
        }
        return totals
    }

    /// A sum in units of 2⁻⁶⁴ rounded once to a double.
    private static func value(_ units: Int128) -> Double { Partial.ExactSum.double(units) * 0x1p-64 }
}
