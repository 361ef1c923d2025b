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
        let valid = performance.periods.filter { $0 != MonthIndex.missing }
        guard let first = valid.min(), let last = valid.max() else {
            return MonthlyAttainment(firstMonth: 0, months: 0, groupCount: groupCount, totals: AttainmentTotals(groupCount: 0))
        }
        let months = Int(last - first) + 1
        var totals = AttainmentTotals(groupCount: months * groupCount)
        for row in 0..<performance.count {
            let quota = performance.quotas[row]
            guard quota > 0 else {
                if quota.isNaN { totals.missingQuota += 1 } else { totals.zeroQuota += 1 }
                continue
            }
            let group = Int(groupOfRep[Int(performance.reps[row])])
            if group < 0 { continue }
            let index = Int(performance.periods[row] - first) * groupCount + group
            let booked = performance.bookings[row]
            totals.repPeriods[index] += 1
            totals.attained[index] += booked >= quota ? 1 : 0
            totals.attainmentSums[index] += booked / quota
        }
        return MonthlyAttainment(firstMonth: first, months: months, groupCount: groupCount, totals: totals)
    }
}
