import CoachLabData
import CoachLabSystem
import CoachLabPluginAPI

extension Kernels {
    /// ``attainmentTotals(_:rows:groupOfRep:groupCount:)`` and
    /// ``monthlyAttainment(_:rows:groupOfRep:groupCount:)`` in one pass over the rows: each
    /// row's attainment is divided and converted to fixed point once for both. The results
    /// are those of the two kernels, to the bit (exact sums do not depend on order), and
    /// which reps have a rep-period with an attainment among the rows (any group, or none).
    public static func attainmentTotalsAndMonthly(
        _ performance: Performance, rows: Range<Int>? = nil,
        groupOfRep: [Int32], groupCount: Int,
        monthlyGroupOfRep: [Int32], monthlyGroupCount: Int
    ) -> (totals: AttainmentTotals, monthly: MonthlyAttainment, repHasAttainment: [Bool]) {
        let rows = rows ?? 0..<performance.count
        let (_, first, last) = performance.periods.withUnsafeBufferPointer { periods in
            MonthIndex.span(of: UnsafeBufferPointer(rebasing: periods[rows]))
        }
        let months = first <= last ? Int(last - first) + 1 : 0
        var totals = AttainmentTotals(groupCount: groupCount)
        var monthly = AttainmentTotals(groupCount: months * monthlyGroupCount)
        // One slot per group holds its count, attained count and sum together: a row
        // touches one cache line per group instead of three (the groups of a large org
        // do not fit in cache). Counts are 32-bit, so a part of 2³¹ rows or more takes
        // the two separate kernels instead.
        guard rows.count < Int(Int32.max) else {
            var repHasAttainment = [Bool](repeating: false, count: groupOfRep.count)
            for row in rows where performance.quotas[row] > 0 { repHasAttainment[Int(performance.reps[row])] = true }
            return (attainmentTotals(performance, rows: rows, groupOfRep: groupOfRep, groupCount: groupCount),
                    monthlyAttainment(performance, rows: rows, groupOfRep: monthlyGroupOfRep, groupCount: monthlyGroupCount),
                    repHasAttainment)
        }
        // Rows are summed per rep first, then reps into their groups. A rep's slot is
        // where the previous month's row of the same rep left it (exports list reps in
        // the same order month after month), so the rows sweep the rep slots in order;
        // the groups (a manager each) are touched once per rep rather than once per row,
        // at random in an array larger than a core's cache.
        var repSlots = [AttainmentSlot](largeRepeating: AttainmentSlot(), count: groupOfRep.count)
        var monthlySlots = [AttainmentSlot](repeating: AttainmentSlot(), count: months * monthlyGroupCount)
        var missing = 0
        var zero = 0
        performance.withAttainmentColumns { columns in
        monthlyGroupOfRep.withUnsafeBufferPointer { monthlyGroupOf in
        repSlots.withUnsafeMutableBufferPointer { repSlots in
        monthlySlots.withUnsafeMutableBufferPointer { monthlySlots in
            let (reps, periods, quotas, bookings) = (columns.reps, columns.periods, columns.quotas, columns.bookings)
            for row in rows {
                let quota = quotas[row]
                guard quota > 0 else {
                    if quota.isNaN { missing += 1 } else { zero += 1 }
                    continue
                }
                let rep = Int(reps[row])
                let booked = bookings[row]
                let hit: UInt32 = booked >= quota ? 1 : 0
                let units = Partial.ExactSum.units(of: booked / quota)
                repSlots[rep].add(units, hit: hit)
                let monthlyGroup = Int(monthlyGroupOf[rep])
                let period = periods[row]
                if monthlyGroup >= 0 && period != MonthIndex.missing {
                    monthlySlots[(Int(period) - Int(first)) * monthlyGroupCount + monthlyGroup].add(units, hit: hit)
                }
            }
        }}}}
        var slots = [AttainmentSlot](repeating: AttainmentSlot(), count: groupCount)
        var repHasAttainment = [Bool](repeating: false, count: repSlots.count)
        for rep in repSlots.indices where repSlots[rep].repPeriods > 0 {
            repHasAttainment[rep] = true
            if groupOfRep[rep] >= 0 { slots[Int(groupOfRep[rep])].merge(repSlots[rep]) }
        }
        for (index, slot) in slots.enumerated() { slot.store(into: &totals, at: index) }
        for (index, slot) in monthlySlots.enumerated() { slot.store(into: &monthly, at: index) }
        totals.missingQuota = missing
        totals.zeroQuota = zero
        monthly.missingQuota = missing
        monthly.zeroQuota = zero
        let series = months == 0
            ? MonthlyAttainment(groupCount: monthlyGroupCount)
            : MonthlyAttainment(firstMonth: first, months: months, groupCount: monthlyGroupCount, totals: monthly)
        return (totals, series, repHasAttainment)
    }
}

/// A group's attainment totals in one place while rows are added (see
/// ``Kernels/attainmentTotalsAndMonthly(_:rows:groupOfRep:groupCount:monthlyGroupOfRep:monthlyGroupCount:)``).
struct AttainmentSlot {
    var units: Int128 = 0
    var repPeriods: UInt32 = 0
    var attained: UInt32 = 0
    var valid = true

    /// Adds a rep-period's attainment (nil when it is not finite: the sum becomes invalid).
    @inline(__always)
    mutating func add(_ term: Int128?, hit: UInt32) {
        repPeriods &+= 1
        attained &+= hit
        guard let term else {
            valid = false
            return
        }
        let (sum, overflow) = units.addingReportingOverflow(term)
        units = sum
        if overflow { valid = false }
    }

    /// Adds the rows of another slot.
    @inline(__always)
    mutating func merge(_ other: AttainmentSlot) {
        repPeriods &+= other.repPeriods
        attained &+= other.attained
        let (sum, overflow) = units.addingReportingOverflow(other.units)
        units = sum
        if overflow || !other.valid { valid = false }
    }

    func store(into totals: inout AttainmentTotals, at index: Int) {
        totals.repPeriods[index] = Int(repPeriods)
        totals.attained[index] = Int(attained)
        totals.attainmentSums[index] = Partial.ExactSum(scaled: units, isValid: valid)
    }
}
