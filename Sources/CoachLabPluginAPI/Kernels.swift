/// Vectorised kernels over the columns of a dataset: tight loops over contiguous buffers
/// and dense codes, shared by every plugin.
public enum Kernels {
    /// Attainment totals per group of reps (for example per manager).
    /// - Parameters:
    ///   - groupOfRep: the group of each rep; a rep in group -1 is left out.
    ///   - groupCount: the number of groups.
    ///   - threads: threads to use; each takes a range of groups and every group's sums
    ///     are taken in row order, so the result is the same for any number of threads.
    /// - Complexity: O(rows) per thread, no allocation beyond the totals.
    public static func attainmentTotals(
        _ performance: Performance, groupOfRep: [Int32], groupCount: Int, threads: Int = 1
    ) -> AttainmentTotals {
        let parts = max(1, min(threads, groupCount))
        let partial = SharedBuffer(repeating: AttainmentTotals(groupCount: 0), count: parts)
        let bounds = (0...parts).map { groupCount * $0 / parts }
        Parallel.forEachPart(of: parts, parts: parts) { range in
            for part in range {
                partial[part] = attainmentTotals(performance, groupOfRep: groupOfRep, groupCount: groupCount,
                                                 groups: bounds[part]..<bounds[part + 1])
            }
        }
        var totals = partial[0]
        for part in 1..<parts { totals.absorbGroups(partial[part], range: bounds[part]..<bounds[part + 1]) }
        return totals
    }

    /// One thread's share: the rows whose group falls in `groups`.
    private static func attainmentTotals(
        _ performance: Performance, groupOfRep: [Int32], groupCount: Int, groups: Range<Int>
    ) -> AttainmentTotals {
        var totals = AttainmentTotals(groupCount: groupCount)
        var missing = 0
        var zero = 0
        let (low, high) = (groups.lowerBound, groups.upperBound)
        let countsExclusions = low == 0
        performance.reps.withUnsafeBufferPointer { reps in
        performance.quotas.withUnsafeBufferPointer { quotas in
        performance.bookings.withUnsafeBufferPointer { bookings in
        groupOfRep.withUnsafeBufferPointer { groupOf in
        totals.repPeriods.withUnsafeMutableBufferPointer { counts in
        totals.attained.withUnsafeMutableBufferPointer { attained in
        totals.attainmentSums.withUnsafeMutableBufferPointer { sums in
            for row in 0..<reps.count {
                let quota = quotas[row]
                guard quota > 0 else {
                    if countsExclusions {
                        if quota.isNaN { missing += 1 } else { zero += 1 }
                    }
                    continue
                }
                let group = Int(groupOf[Int(reps[row])])
                if group < low || group >= high { continue }
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
