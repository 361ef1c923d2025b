/// Attainment totals per month and group: the series behind "attainment over time".
public struct MonthlyAttainment: Sendable, Equatable {
    /// ``MonthIndex`` of the first month; months run consecutively from it.
    public var firstMonth: Int32
    public var months: Int
    public var groupCount: Int
    /// Totals of month `m` and group `g` at group index `m * groupCount + g`.
    public var totals: AttainmentTotals

    /// The totals of one month and group.
    public func repPeriods(month: Int, group: Int) -> Int { totals.repPeriods[month * groupCount + group] }
    public func attained(month: Int, group: Int) -> Int { totals.attained[month * groupCount + group] }
    public func attainmentSum(month: Int, group: Int) -> Double { totals.attainmentSums[month * groupCount + group] }
}

extension Kernels {
    /// Attainment totals per month and group of reps, over rep-periods with quota > 0.
    /// - Complexity: O(rows), one pass.
    public static func monthlyAttainment(
        _ performance: Performance, groupOfRep: [Int32], groupCount: Int
    ) -> MonthlyAttainment {
        var first = Int32.max
        var last = Int32.min
        for period in performance.periods where period != MonthIndex.missing {
            first = min(first, period)
            last = max(last, period)
        }
        guard first <= last else {
            return MonthlyAttainment(firstMonth: 0, months: 0, groupCount: groupCount, totals: AttainmentTotals(groupCount: 0))
        }
        let months = Int(last - first) + 1
        var totals = AttainmentTotals(groupCount: months * groupCount)
        performance.periods.withUnsafeBufferPointer { periods in
            Kernels.accumulateAttainment(performance, groupOfRep: groupOfRep, into: &totals) { row, group in
                let period = periods[row]
                return period == MonthIndex.missing ? -1 : (Int(period) - Int(first)) * groupCount + group
            }
        }
        return MonthlyAttainment(firstMonth: first, months: months, groupCount: groupCount, totals: totals)
    }
}
