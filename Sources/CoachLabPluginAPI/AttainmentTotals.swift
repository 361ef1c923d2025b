/// Attainment sufficient statistics per group, over the rep-periods that have an
/// attainment (quota > 0): how many, how many attained, and the sum of bookings/quota.
///
/// Totals of disjoint row ranges merge by addition, so chunks can be computed apart.
public struct AttainmentTotals: Sendable, Equatable {
    public var repPeriods: [Int]
    public var attained: [Int]
    public var attainmentSums: [Double]
    /// Rows with an empty quota.
    public var missingQuota = 0
    /// Rows with a quota of 0.
    public var zeroQuota = 0

    public init(groupCount: Int) {
        repPeriods = [Int](repeating: 0, count: groupCount)
        attained = [Int](repeating: 0, count: groupCount)
        attainmentSums = [Double](repeating: 0, count: groupCount)
    }

    public var groupCount: Int { repPeriods.count }

    /// Rows left out of attainment statistics.
    public var excluded: Int { missingQuota + zeroQuota }

    /// Adds another set of totals over the same groups.
    public mutating func merge(_ other: AttainmentTotals) {
        precondition(other.groupCount == groupCount)
        for g in 0..<groupCount {
            repPeriods[g] += other.repPeriods[g]
            attained[g] += other.attained[g]
            attainmentSums[g] += other.attainmentSums[g]
        }
        missingQuota += other.missingQuota
        zeroQuota += other.zeroQuota
    }

    /// Takes the totals of the groups in `range` from `other` (which computed only those).
    mutating func absorbGroups(_ other: AttainmentTotals, range: Range<Int>) {
        for g in range {
            repPeriods[g] = other.repPeriods[g]
            attained[g] = other.attained[g]
            attainmentSums[g] = other.attainmentSums[g]
        }
    }

    /// Sums groups into coarser ones: `parent[g]` is the coarse group of group `g`.
    public func rolledUp(into parent: [Int32], groupCount coarse: Int) -> AttainmentTotals {
        var result = AttainmentTotals(groupCount: coarse)
        var sums = [[Double]](repeating: [], count: coarse)
        for g in 0..<groupCount {
            let p = Int(parent[g])
            result.repPeriods[p] += repPeriods[g]
            result.attained[p] += attained[g]
            sums[p].append(attainmentSums[g])
        }
        for p in 0..<coarse { result.attainmentSums[p] = Kernels.accurateSum(sums[p]) }
        result.missingQuota = missingQuota
        result.zeroQuota = zeroQuota
        return result
    }
}
