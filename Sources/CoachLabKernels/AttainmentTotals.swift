import CoachLabPluginAPI
/// Attainment sufficient statistics per group, over the rep-periods that have an
/// attainment (quota > 0): how many, how many attained, and the sum of bookings/quota.
///
/// Totals of disjoint rows merge exactly (integer counts, ``Partial/ExactSum`` sums), so pieces
/// of a table can be computed apart, in any order, on any machine.
public struct AttainmentTotals: Sendable, Equatable {
    public var repPeriods: [Int]
    public var attained: [Int]
    public var attainmentSums: [Partial.ExactSum]
    /// Rows with an empty quota.
    public var missingQuota = 0
    /// Rows with a quota of 0.
    public var zeroQuota = 0

    public init(groupCount: Int) {
        repPeriods = [Int](repeating: 0, count: groupCount)
        attained = [Int](repeating: 0, count: groupCount)
        attainmentSums = [Partial.ExactSum](repeating: Partial.ExactSum(), count: groupCount)
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
    public func encode(to writer: inout Partial.Writer, as name: String) {
        writer.record(name + "_excluded", groupCount, missingQuota, zeroQuota)
        for g in 0..<groupCount where repPeriods[g] > 0 || !attainmentSums[g].isValid {
            writer.record(name, g, repPeriods[g], attained[g], attainmentSums[g])
        }
    }

    /// Reads what ``encode(to:as:)`` wrote, checking every count against the rows the
    /// state covers (``Partial/Reader/bounds``) and the counts against each other: attained
    /// at most rep-periods, and the rep-periods of all groups with the rows excluded at
    /// most the rows covered (each row counts in one group at most).
    /// - Parameter expected: the number of groups there must be (managers, say), checked
    ///   before anything is allocated.
    public init(decoding reader: inout Partial.Reader, as name: String, groupCount expected: Int? = nil) throws(Partial.FormatError) {
        let header = try reader.expect(name + "_excluded")
        try header.expectFields(3)
        let count: Int = try header.field(0)
        if let expected, count != expected {
            throw Partial.FormatError(line: header.line, "'\(name)' has \(count) groups where \(expected) were expected")
        }
        guard count >= 0 && count <= 100_000_000 else {
            throw Partial.FormatError(line: header.line, "'\(name)' has an impossible number of groups, \(count)")
        }
        self.init(groupCount: count)
        let rows = reader.bounds.rows
        missingQuota = try header.count(1, atMost: rows)
        zeroQuota = try header.count(2, atMost: rows)
        // Counts are at most 2⁴⁸ (Partial.Bounds.maximumRows): a sum of two cannot overflow.
        var total = missingQuota + zeroQuota
        var listed = [Bool](repeating: false, count: count)
        while reader.peek()?.name == name {
            let record = reader.next()!
            try record.expectFields(4)
            let g = try record.code(0, below: count)
            guard !listed[g] else { throw Partial.FormatError(line: record.line, "'\(name)' lists group \(g) twice") }
            listed[g] = true
            repPeriods[g] = try record.count(1, atMost: rows)
            attained[g] = try record.count(2, atMost: rows)
            attainmentSums[g] = try record.field(3)
            total += repPeriods[g]
            guard attained[g] <= repPeriods[g] else {
                throw Partial.FormatError(line: record.line, "'\(name)': \(attained[g]) attained of \(repPeriods[g]) rep-periods")
            }
            guard total <= rows else {
                throw Partial.FormatError(line: record.line, "'\(name)' counts more rep-periods than the \(rows) row(s) the state covers")
            }
        }
        guard total <= rows else {
            throw Partial.FormatError(line: header.line, "'\(name)' excludes more rep-periods than the \(rows) row(s) the state covers")
        }
    }
}
