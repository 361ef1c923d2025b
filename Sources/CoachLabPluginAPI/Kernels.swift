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
        accumulateAttainment(performance, groupOfRep: groupOfRep, into: &totals) { _, group in
            groups.contains(group) ? group : -1
        }
        if groups.lowerBound != 0 {
            // Exclusions are rows, not groups: the first share counts them.
            totals.missingQuota = 0
            totals.zeroQuota = 0
        }
        return totals
    }

    /// Adds every rep-period with quota > 0 whose rep has a group to `totals`, at the slot
    /// `slot(row, group)` names (-1 leaves the row out); counts missing and zero quotas.
    /// The one loop behind every attainment kernel.
    @inline(__always)
    static func accumulateAttainment(
        _ performance: Performance, groupOfRep: [Int32], into totals: inout AttainmentTotals,
        slot: (Int, Int) -> Int
    ) {
        var missing = 0
        var zero = 0
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
                    if quota.isNaN { missing += 1 } else { zero += 1 }
                    continue
                }
                let group = Int(groupOf[Int(reps[row])])
                if group < 0 { continue }
                let index = slot(row, group)
                if index < 0 { continue }
                let booked = bookings[row]
                counts[index] += 1
                attained[index] += booked >= quota ? 1 : 0
                sums[index] += booked / quota
            }
        }}}}}}}
        totals.missingQuota += missing
        totals.zeroQuota += zero
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
