import CoachLabData
extension Kernels {
    /// Attainment totals per month and group of reps, over the rep-periods in `rows` with
    /// quota > 0.
    /// - Complexity: O(rows), two passes (the span of months, then the totals).
    public static func monthlyAttainment(
        _ performance: Performance, rows: Range<Int>? = nil, groupOfRep: [Int32], groupCount: Int
    ) -> MonthlyAttainment {
        let rows = rows ?? 0..<performance.count
        var first = Int32.max
        var last = Int32.min
        for row in rows {
            let period = performance.periods[row]
            if period == MonthIndex.missing { continue }
            first = min(first, period)
            last = max(last, period)
        }
        guard first <= last else {
            return MonthlyAttainment(groupCount: groupCount)
        }
        let months = Int(last - first) + 1
        var totals = AttainmentTotals(groupCount: months * groupCount)
        performance.periods.withUnsafeBufferPointer { periods in
            Kernels.accumulateAttainment(performance, rows: rows, groupOfRep: groupOfRep, into: &totals) { row, group in
                let period = periods[row]
                return period == MonthIndex.missing ? -1 : (Int(period) - Int(first)) * groupCount + group
            }
        }
        return MonthlyAttainment(firstMonth: first, months: months, groupCount: groupCount, totals: totals)
    }
}
