import CoachLabPluginAPI

/// One rep's attainment history reduced to what its slope and its early and late
/// attainment need, mergeable exactly across any split of its months.
///
/// Months are counted from ``origin`` so that the exact sums stay small; the slope does
/// not depend on the origin.
struct RepTrend: Sendable, Equatable {
    static let origin: Int32 = 12 * 2000 + 1
    static let window = MonthWindow.capacity

    var count = 0
    /// Σx and Σx² of the months (x = month index − origin), exactly.
    var sumX = 0
    var sumXX = 0
    /// Σy and Σxy of the attainments, exactly.
    var sumY = ExactSum()
    var sumXY = ExactSum()
    /// The ``window`` earliest and latest (month, attainment) pairs, by month.
    var earliest = MonthWindow(keepsEarliest: true)
    var latest = MonthWindow(keepsEarliest: false)

    @inline(__always)
    mutating func add(month: Int32, attainment: Double) {
        let x = Int(month - Self.origin)
        count += 1
        sumX += x
        sumXX += x * x
        if let units = ExactSum.units(of: attainment) {
            sumY.add(units: units)
            sumXY.add(units: units, times: x)
        } else {
            sumY.add(attainment)  // marks both sums invalid
            sumXY.add(attainment, times: x)
        }
        let point = MonthWindow.Point(month: month, value: attainment)
        earliest.add(point)
        latest.add(point)
    }

    mutating func merge(_ other: RepTrend) {
        guard other.count > 0 else { return }
        count += other.count
        sumX += other.sumX
        sumXX += other.sumXX
        sumY.merge(other.sumY)
        sumXY.merge(other.sumXY)
        earliest.add(pointsOf: other.earliest)
        latest.add(pointsOf: other.latest)
    }

    /// The OLS slope of attainment on month: (nΣxy − ΣxΣy) / (nΣx² − (Σx)²), the numerator
    /// taken exactly and rounded once. Nil with fewer than two months, no spread in months,
    /// or a sum that overflowed.
    var slope: Double? {
        guard count >= 2, sumY.isValid, sumXY.isValid else { return nil }
        let denominator = count * sumXX - sumX * sumX
        guard denominator > 0 else { return nil }
        let (a, aOverflow) = sumXY.scaled.multipliedReportingOverflow(by: Int128(count))
        let (b, bOverflow) = sumY.scaled.multipliedReportingOverflow(by: Int128(sumX))
        let (numerator, overflow) = a.subtractingReportingOverflow(b)
        guard !aOverflow, !bOverflow, !overflow else { return nil }
        return ExactSum.double(numerator) * 0x1p-64 / Double(denominator)
    }

    /// Mean attainment of the first and of the last ``window`` months, with at least twice
    /// that many months (so the two do not overlap).
    var earlyAndLate: (early: Double, late: Double)? {
        guard count >= 2 * Self.window else { return nil }
        return (earliest.mean, latest.mean)
    }
}
