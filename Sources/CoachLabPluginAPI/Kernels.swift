/// Vectorised kernels over the columns of a dataset: tight loops over contiguous buffers
/// and dense codes, shared by every plugin.
public enum Kernels {
    /// Attainment totals per group of reps (for example per manager) over `rows` of
    /// performance.csv.
    /// - Parameters:
    ///   - groupOfRep: the group of each rep; a rep in group -1 is left out.
    ///   - groupCount: the number of groups.
    /// - Complexity: O(rows), one pass, no allocation beyond the totals.
    public static func attainmentTotals(
        _ performance: Performance, groupOfRep: [Int32], groupCount: Int, rows: Range<Int>? = nil
    ) -> AttainmentTotals {
        var totals = AttainmentTotals(groupCount: groupCount)
        let range = rows ?? 0..<performance.count
        var missing = 0
        var zero = 0
        performance.reps.withUnsafeBufferPointer { reps in
        performance.quotas.withUnsafeBufferPointer { quotas in
        performance.bookings.withUnsafeBufferPointer { bookings in
        groupOfRep.withUnsafeBufferPointer { groups in
        totals.repPeriods.withUnsafeMutableBufferPointer { counts in
        totals.attained.withUnsafeMutableBufferPointer { attained in
        totals.attainmentSums.withUnsafeMutableBufferPointer { sums in
            for row in range {
                let quota = quotas[row]
                guard quota > 0 else {
                    if quota.isNaN { missing += 1 } else { zero += 1 }
                    continue
                }
                let group = Int(groups[Int(reps[row])])
                if group < 0 { continue }
                let booked = bookings[row]
                counts[group] += 1
                attained[group] += booked >= quota ? 1 : 0
                sums[group] += booked / quota
            }
        }}}}}}}
        totals.missingQuota = missing
        totals.zeroQuota = zero
        return totals
    }

    /// The attainment of a rep-period, or nil when its quota is missing or 0.
    @inlinable
    public static func attainment(quota: Double, bookings: Double) -> Double? {
        quota > 0 ? bookings / quota : nil
    }

    /// A sum of few values with Neumaier's compensation.
    public static func accurateSum(_ values: [Double]) -> Double {
        var sum = 0.0
        var compensation = 0.0
        for value in values {
            let total = sum + value
            compensation += abs(sum) >= abs(value) ? (sum - total) + value : (value - total) + sum
            sum = total
        }
        return sum + compensation
    }
}
