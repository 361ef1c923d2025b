/// Attainment sufficient statistics per group, over the rep-periods that have an
/// attainment (quota > 0): how many, how many attained, and the sum of bookings/quota.
///
/// Totals of disjoint rows merge exactly (integer counts, ``ExactSum`` sums), so pieces
/// of a table can be computed apart, in any order, on any machine.
public struct AttainmentTotals: Sendable, Equatable {
    public var repPeriods: [Int]
    public var attained: [Int]
    public var attainmentSums: [ExactSum]
    /// Rows with an empty quota.
    public var missingQuota = 0
    /// Rows with a quota of 0.
    public var zeroQuota = 0

    public init(groupCount: Int) {
        repPeriods = [Int](repeating: 0, count: groupCount)
        attained = [Int](repeating: 0, count: groupCount)
        attainmentSums = [ExactSum](repeating: ExactSum(), count: groupCount)
    }

    public var groupCount: Int { repPeriods.count }

    /// Rows left out of attainment statistics.
    public var excluded: Int { missingQuota + zeroQuota }

    /// The mean bookings/quota of group `g`; nil without rep-periods.
    public func meanAttainment(_ g: Int) -> Double? {
        repPeriods[g] > 0 ? attainmentSums[g].value.map { $0 / Double(repPeriods[g]) } : nil
    }

    /// The share of group `g`'s rep-periods that attained; nil without rep-periods.
    public func rate(_ g: Int) -> Double? {
        repPeriods[g] > 0 ? Double(attained[g]) / Double(repPeriods[g]) : nil
    }

    /// Adds the totals of other rows over the same groups.
    public mutating func merge(_ other: AttainmentTotals) {
        precondition(other.groupCount == groupCount, "totals over different groups")
        for g in 0..<groupCount {
            repPeriods[g] += other.repPeriods[g]
            attained[g] += other.attained[g]
            attainmentSums[g].merge(other.attainmentSums[g])
        }
        missingQuota += other.missingQuota
        zeroQuota += other.zeroQuota
    }

    /// Sums groups into coarser ones: `parent[g]` is the coarse group of group `g`.
    public func rolledUp(into parent: [Int32], groupCount coarse: Int) -> AttainmentTotals {
        var result = AttainmentTotals(groupCount: coarse)
        for g in 0..<groupCount {
            let p = Int(parent[g])
            result.repPeriods[p] += repPeriods[g]
            result.attained[p] += attained[g]
            result.attainmentSums[p].merge(attainmentSums[g])
        }
        result.missingQuota = missingQuota
        result.zeroQuota = zeroQuota
        return result
    }

    // MARK: State records

    /// Writes the groups with rep-periods as `name` records (group, count, attained, sum)
    /// and the exclusions as one `<name>_excluded` record.
    public func encode(to writer: inout StateWriter, as name: String) {
        writer.record(name + "_excluded", groupCount, missingQuota, zeroQuota)
        for g in 0..<groupCount where repPeriods[g] > 0 || !attainmentSums[g].isValid {
            writer.record(name, g, repPeriods[g], attained[g], attainmentSums[g])
        }
    }

    /// Reads what ``encode(to:as:)`` wrote.
    public init(decoding reader: inout StateReader, as name: String) throws(StateFormatError) {
        let header = try reader.expect(name + "_excluded")
        try header.expectFields(3)
        let count: Int = try header.field(0)
        guard count >= 0 && count <= 100_000_000 else {
            throw StateFormatError(line: header.line, "'\(name)' has an impossible number of groups, \(count)")
        }
        self.init(groupCount: count)
        missingQuota = try header.field(1)
        zeroQuota = try header.field(2)
        while reader.peek()?.name == name {
            let record = reader.next()!
            try record.expectFields(4)
            let g = try record.code(0, below: count)
            repPeriods[g] = try record.field(1)
            attained[g] = try record.field(2)
            attainmentSums[g] = try record.field(3)
            guard repPeriods[g] >= 0 && attained[g] >= 0 && attained[g] <= repPeriods[g] else {
                throw StateFormatError(line: record.line, "'\(name)' counts are inconsistent")
            }
        }
    }
}
