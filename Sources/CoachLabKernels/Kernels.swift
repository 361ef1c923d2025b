import CoachLabData
/// The loops over a dataset's columns, behind entry points that say what they compute
/// ("attainment totals per group", "each rep's trend", "group these values by tier"), so
/// that a plugin reads like its definition. Blocks of reps stay inside (`Machinery/`,
/// internal to this module), buffers, threads and page handling in the support module
/// (`CoachLabSystem`, which plugins do not import); every entry point
/// gives the same result, to the bit, for any number of threads. Those that read rows take
/// a range of them, so that a plugin's partial step runs them on its share of a table.
///
/// The public ones serve any plugin; the `package` ones serve the plugins in this
/// repository (Plugins/README.md, "Fast paths").
public enum Kernels {
    /// Attainment totals per group of reps (for example per manager) over `rows`.
    /// - Parameters:
    ///   - groupOfRep: the group of each rep; a rep in group -1 is left out.
    ///   - groupCount: the number of groups.
    /// - Complexity: O(rows), no allocation beyond the totals.
    public static func attainmentTotals(
        _ performance: Performance, rows: Range<Int>? = nil, groupOfRep: [Int32], groupCount: Int
    ) -> AttainmentTotals {
        var totals = AttainmentTotals(groupCount: groupCount)
        accumulateAttainment(performance, rows: rows ?? 0..<performance.count, groupOfRep: groupOfRep, into: &totals) { _, group in group }
        return totals
    }

    /// Adds every rep-period in `rows` with quota > 0 whose rep has a group to `totals`, at
    /// the slot `slot(row, group)` names (-1 leaves the row out); counts missing and zero
    /// quotas. The one loop behind every attainment kernel.
    @inline(__always)
    static func accumulateAttainment(
        _ performance: Performance, rows: Range<Int>, groupOfRep: [Int32], into totals: inout AttainmentTotals,
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
            for row in rows {
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
                sums[index].add(booked / quota)
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
}
