import CoachLabPluginAPI
/// One rep's attainment history reduced to what its slope and its early and late
/// attainment need, mergeable exactly across any split of its months: 128 bytes.
///
/// Months are counted from ``origin`` so that the exact sums stay small; the slope does
/// not depend on the origin.
struct RepTrend: Sendable {
    static let origin: Int32 = 12 * 2000 + 1
    static let window = MonthWindow.capacity

    // The widest fields first: stored in declaration order, that packs the trend into 128
    // bytes (two exact sums as such would take 32 bytes each).
    private var sumYUnits: Int128 = 0
    private var sumXYUnits: Int128 = 0
    var count = 0
    /// Σx and Σx² of the months (x = month index − origin), exactly.
    var sumX = 0
    var sumXX = 0
    /// The ``window`` earliest and latest points, by month.
    var earliest = MonthWindow(keepsEarliest: true)
    var latest = MonthWindow(keepsEarliest: false)
    private var sumYValid = true
    private var sumXYValid = true

    init() {}

    /// Σy and Σxy of the attainments, exactly.
    var sumY: Partial.ExactSum {
        get { Partial.ExactSum(scaled: sumYUnits, isValid: sumYValid) }
        set { (sumYUnits, sumYValid) = (newValue.scaled, newValue.isValid) }
    }

    var sumXY: Partial.ExactSum {
        get { Partial.ExactSum(scaled: sumXYUnits, isValid: sumXYValid) }
        set { (sumXYUnits, sumXYValid) = (newValue.scaled, newValue.isValid) }
    }

    /// Adds point `id`, the rep's attainment in `month`; `months` gives the month of every
    /// point id.
    @inline(__always)
    mutating func add(id: Int32, month: Int32, attainment: Double, months: UnsafeBufferPointer<Int32>) {
        let x = Int(month - Self.origin)
        count += 1
        sumX += x
        sumXX += x * x
        if let units = Partial.ExactSum.units(of: attainment) {
            sumY.add(units: units)
            sumXY.add(units: units, times: x)
        } else {
            sumY.add(attainment)  // marks both sums invalid
            sumXY.add(attainment, times: x)
        }
        earliest.add(id: id, month: month, months: months)
        latest.add(id: id, month: month, months: months)
    }

    /// Adds the sums of `other`, over other months of the same rep (windows apart).
    mutating func mergeSums(_ other: RepTrend) {
        count += other.count
        sumX += other.sumX
        sumXX += other.sumXX
        sumY.merge(other.sumY)
        sumXY.merge(other.sumXY)
    }

    /// Whether the month sums Σx and Σx² can be those of ``count`` months from `first` to
    /// `last` (month indices): each x between theirs, so Σx between count × each and Σx²
    /// at most count × the larger square. A state read from a file is checked so.
    func sumsFit(between first: Int32, and last: Int32) -> Bool {
        let low = Int128(first - Self.origin), high = Int128(last - Self.origin)
        let n = Int128(count)
        let square = max(low * low, high * high)
        return first <= last && n * low <= Int128(sumX) && Int128(sumX) <= n * high
            && sumXX >= 0 && Int128(sumXX) <= n * square
    }

    /// Whether ``mergeSums(_:)`` can add `other`'s sums without overflow.
    func canMergeSums(_ other: RepTrend) -> Bool {
        !count.addingReportingOverflow(other.count).overflow
            && !sumX.addingReportingOverflow(other.sumX).overflow
            && !sumXX.addingReportingOverflow(other.sumXX).overflow
    }

    /// Whether the sums of two trends are equal (windows apart).
    func sumsEqual(_ other: RepTrend) -> Bool {
        count == other.count && sumX == other.sumX && sumXX == other.sumXX
            && sumY == other.sumY && sumXY == other.sumXY
    }

    /// The OLS slope of attainment on month: (nΣxy − ΣxΣy) / (nΣx² − (Σx)²), the numerator
    /// taken exactly and rounded once. Nil with fewer than two months, no spread in months,
    /// or a sum that overflowed.
    var slope: Double? {
        guard count >= 2, sumYValid, sumXYValid else { return nil }
        // In 128 bits: sums read from a state may hold values whose products need them.
        let denominator = Int128(count) * Int128(sumXX) - Int128(sumX) * Int128(sumX)
        guard denominator > 0 else { return nil }
        let (a, aOverflow) = sumXYUnits.multipliedReportingOverflow(by: Int128(count))
        let (b, bOverflow) = sumYUnits.multipliedReportingOverflow(by: Int128(sumX))
        let (numerator, overflow) = a.subtractingReportingOverflow(b)
        guard !aOverflow, !bOverflow, !overflow else { return nil }
        return Partial.ExactSum.double(numerator) * 0x1p-64 / Partial.ExactSum.double(denominator)
    }
}
