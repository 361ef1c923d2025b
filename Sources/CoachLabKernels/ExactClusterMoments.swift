import CoachLabPluginAPI
import CoachLabStatistics

/// The sums behind a regression clustered by manager, per manager and exact: Σxᵢxⱼ and Σxᵢy
/// over each manager's rows, x₀ = 1 the intercept, in units of 2⁻⁶⁴ as
/// ``Partial/ExactSum`` keeps them, so that the moments of any split of the rows add up, to
/// the bit, to those of all of them. The units are held bare (16 bytes a sum, one validity
/// for the model) in planes of two sums per manager, each plane added in a pass of its own:
/// a plane for 10,000 managers (320 KB) then stays in a core's cache while a block of rows
/// is added, where rows come in no order of manager.
package struct ExactClusterMoments: Sendable, Equatable {
    /// The regressors with the intercept: 2 or 3.
    package let k: Int
    /// Manager g's sums — Σxᵢxⱼ for i ≤ j in row-major order except Σx₀x₀ (its rows), then
    /// Σxᵢy for each i — sum e at `(e / 4)·managers·4 + g·4 + e % 4` (``index(_:_:)``);
    /// meaningless when not ``isValid``.
    package private(set) var units: [Int128]
    /// The rows of each manager in the model.
    package private(set) var rows: [Int]
    /// Σ of the outcome itself (not its log) over the model's rows, for its mean.
    package var valuesSum = Partial.ExactSum()
    /// False once a term was not finite or a sum overflowed (as ``Partial/ExactSum/isValid``).
    package private(set) var isValid = true

    /// No rows, for `managerCount` managers.
    package init(k: Int, managerCount: Int) {
        precondition(k == 2 || k == 3, "one or two regressors beside the intercept")
        self.k = k
        units = Array(repeating: 0, count: managerCount * Self.entries(k: k))
        rows = Array(repeating: 0, count: managerCount)
    }

    /// Sums per manager for `k` regressors with the intercept: 4 or 8, whole planes.
    package static func entries(k: Int) -> Int { k * (k + 1) / 2 - 1 + k }
    package var entries: Int { Self.entries(k: k) }
    package var managerCount: Int { rows.count }
    /// Sums of a manager in one plane.
    package static let plane = 2

    /// Where sum `e` of manager `g` is in ``units``.
    @inline(__always)
    package func index(_ g: Int, _ e: Int) -> Int { (e / Self.plane) * managerCount * Self.plane + g * Self.plane + e % Self.plane }

    package static func == (a: ExactClusterMoments, b: ExactClusterMoments) -> Bool {
        a.k == b.k && a.rows == b.rows && a.valuesSum == b.valuesSum && a.isValid == b.isValid
            && (!a.isValid || a.units == b.units)
    }

    /// Adds the rows of a block whose `y` (log outcome) and `x1`, `x2` (log regressors;
    /// `x2` only for k = 3) are not NaN, each of manager `managers[i]` with outcome
    /// `values[i]`, and sets `bit` in `included[i]` for each row added.
    package mutating func add(
        _ count: Int, managers: UnsafePointer<Int32>, y: UnsafePointer<Double>, x1: UnsafePointer<Double>,
        x2: UnsafePointer<Double>?, values: UnsafePointer<Double>, included: UnsafeMutablePointer<UInt8>, bit: UInt8
    ) {
        var overflow = false
        var valid = isValid
        // Adds `term` to the sum at `at`, exactly: what ExactSum.add does, its flags kept here.
        @inline(__always) func add(_ sums: UnsafeMutablePointer<Int128>, _ at: Int, _ term: Double) {
            guard let term = Partial.ExactSum.units(of: term) else { valid = false; return }
            let (sum, over) = sums[at].addingReportingOverflow(term)
            sums[at] = sum
            overflow = overflow || over
        }
        let planeSize = managerCount * Self.plane
        let planes = entries / Self.plane
        rows.withUnsafeMutableBufferPointer { rows in
        units.withUnsafeMutableBufferPointer { units in
            // Plane 0 (Σx₁ and Σx₂, or for a link Σx₁ and Σx₁²) with the rows, the outcome
            // and the rows' bits; then each other plane over the same rows.
            let first = units.baseAddress!
            for i in 0..<count {
                let y = y[i], a = x1[i]
                if y.isNaN || a.isNaN { continue }
                let b = x2?[i] ?? 0
                if b.isNaN { continue }
                let g = Int(managers[i])
                let at = g * Self.plane
                add(first, at, a)
                add(first, at + 1, x2 == nil ? a * a : b)
                rows[g] += 1
                valuesSum.add(values[i])
                included[i] |= bit
            }
            for plane in 1..<planes {
                let sums = units.baseAddress! + plane * planeSize
                for i in 0..<count where included[i] & bit != 0 {
                    let y = y[i], a = x1[i], b = x2?[i] ?? 0
                    let at = Int(managers[i]) * Self.plane
                    // The sums in order: k = 2: Σx₁, Σx₁², Σy, Σx₁y; k = 3: Σx₁, Σx₂, Σx₁²,
                    // Σx₁x₂, Σx₂², Σy, Σx₁y, Σx₂y.
                    switch (planes, plane) {
                    case (2, _): add(sums, at, y); add(sums, at + 1, a * y)
                    case (_, 1): add(sums, at, a * a); add(sums, at + 1, a * b)
                    case (_, 2): add(sums, at, b * b); add(sums, at + 1, y)
                    default: add(sums, at, a * y); add(sums, at + 1, b * y)
                    }
                }
            }
        }}
        isValid = valid && !overflow
    }

    /// Adds the rows of `other`, of the same model and managers.
    package mutating func merge(_ other: ExactClusterMoments) {
        precondition(other.k == k && other.managerCount == managerCount, "moments of the same model and managers")
        var overflow = false
        for g in 0..<managerCount where other.rows[g] > 0 {
            rows[g] += other.rows[g]
            for e in 0..<entries {
                let at = index(g, e)
                let (sum, over) = units[at].addingReportingOverflow(other.units[at])
                units[at] = sum
                overflow = overflow || over
            }
        }
        valuesSum.merge(other.valuesSum)
        isValid = isValid && other.isValid && !overflow
    }

    /// Manager g's rows and sums (in ``units``' order), as a state record holds them.
    package func manager(_ g: Int) -> (rows: Int, sums: [Partial.ExactSum]) {
        (rows[g], (0..<entries).map { Partial.ExactSum(scaled: units[index(g, $0)], isValid: isValid) })
    }

    /// Sets manager g's rows and sums, as read from a state record.
    package mutating func setManager(_ g: Int, rows count: Int, sums values: [Partial.ExactSum]) {
        precondition(values.count == entries, "a sum per entry")
        rows[g] = count
        for e in 0..<entries { units[index(g, e)] = values[e].scaled }
        if values.contains(where: { !$0.isValid }) { isValid = false }
    }

    /// X'X and X'y of each manager as doubles, each sum rounded once, with the rows; nil when
    /// the sums are not valid (a term not finite, or too large to hold).
    package func clusterMoments() -> ClusterMoments? {
        guard isValid else { return nil }
        let managers = managerCount
        var crossProducts = [Double](repeating: 0, count: managers * k * k)
        var crossWithY = [Double](repeating: 0, count: managers * k)
        for g in 0..<managers where rows[g] > 0 {
            var e = 0
            crossProducts[g * k * k] = Double(rows[g])
            for i in 0..<k {
                for j in i..<k where i > 0 || j > 0 {
                    let value = Self.value(units[index(g, e)])
                    crossProducts[g * k * k + i * k + j] = value
                    crossProducts[g * k * k + j * k + i] = value
                    e += 1
                }
            }
            for i in 0..<k {
                crossWithY[g * k + i] = Self.value(units[index(g, e)])
                e += 1
            }
        }
        return ClusterMoments(k: k, crossProducts: crossProducts, crossWithY: crossWithY, rows: rows)
    }

    /// Σxⱼ over every manager's rows, exact, for each regressor j (0 in the intercept's
    /// place): what the model centres its regressors on.
    package func regressorTotals() -> [Partial.ExactSum] {
        var totals = [Partial.ExactSum](repeating: Partial.ExactSum(), count: k)
        for g in 0..<managerCount where rows[g] > 0 {
            // Σx₀xⱼ are the first k − 1 sums of the manager's.
            for j in 1..<k { totals[j].merge(Partial.ExactSum(scaled: units[index(g, j - 1)], isValid: isValid)) }
        }
        return totals
    }

    /// A sum in units of 2⁻⁶⁴ rounded once to a double.
    private static func value(_ units: Int128) -> Double { Partial.ExactSum.double(units) * 0x1p-64 }
}
