import CoachLabPluginAPI
import CoachLabData
/// Attainment totals per month and group: the series behind "attainment over time".
public struct MonthlyAttainment: Sendable, Equatable {
    /// ``MonthIndex`` of the first month; months run consecutively from it.
    public private(set) var firstMonth: Int32
    public private(set) var months: Int
    public let groupCount: Int
    /// Totals of month `m` and group `g` at group index `m * groupCount + g`.
    public private(set) var totals: AttainmentTotals

    /// No months yet.
    public init(groupCount: Int) {
        firstMonth = 0
        months = 0
        self.groupCount = groupCount
        totals = AttainmentTotals(groupCount: 0)
    }

    init(firstMonth: Int32, months: Int, groupCount: Int, totals: AttainmentTotals) {
        self.firstMonth = firstMonth
        self.months = months
        self.groupCount = groupCount
        self.totals = totals
    }

    /// The totals of one month and group.
    public func repPeriods(month: Int, group: Int) -> Int { totals.repPeriods[month * groupCount + group] }
    public func attained(month: Int, group: Int) -> Int { totals.attained[month * groupCount + group] }
    public func meanAttainment(month: Int, group: Int) -> Double? { totals.meanAttainment(month * groupCount + group) }

    /// Adds the totals of other rows over the same groups; the months span both.
    public mutating func merge(_ other: MonthlyAttainment) {
        precondition(other.groupCount == groupCount, "series over different groups")
        guard other.months > 0 else { return }
        guard months > 0 else {
            self = other
            return
        }
        let first = min(firstMonth, other.firstMonth)
        let last = max(firstMonth + Int32(months), other.firstMonth + Int32(other.months))
        var widened = rebased(first: first, months: Int(last - first))
        widened.totals.merge(other.rebased(first: first, months: Int(last - first)).totals)
        self = widened
    }

    /// The same totals over a wider span of months.
    private func rebased(first: Int32, months span: Int) -> MonthlyAttainment {
        if first == firstMonth && span == months { return self }
        var wide = AttainmentTotals(groupCount: span * groupCount)
        let offset = Int(firstMonth - first) * groupCount
        for slot in 0..<totals.groupCount {
            wide.repPeriods[offset + slot] = totals.repPeriods[slot]
            wide.attained[offset + slot] = totals.attained[slot]
            wide.attainmentSums[offset + slot] = totals.attainmentSums[slot]
        }
        wide.missingQuota = totals.missingQuota
        wide.zeroQuota = totals.zeroQuota
        return MonthlyAttainment(firstMonth: first, months: span, groupCount: groupCount, totals: wide)
    }

    // MARK: State records

    public func encode(to writer: inout Partial.Writer, as name: String) {
        writer.record(name + "_span", firstMonth, months, groupCount)
        totals.encode(to: &writer, as: name)
    }

    /// Reads what ``encode(to:as:)`` wrote: months within ``MonthIndex/representable``, and
    /// totals checked as ``AttainmentTotals/init(decoding:as:groupCount:)`` checks them.
    /// - Parameter expected: the number of groups there must be.
    public init(decoding reader: inout Partial.Reader, as name: String, groupCount expected: Int? = nil) throws(Partial.FormatError) {
        let span = try reader.expect(name + "_span")
        try span.expectFields(3)
        firstMonth = try span.field(0)
        months = try span.field(1)
        groupCount = try span.field(2)
        let valid = MonthIndex.representable
        guard months >= 0, months <= valid.count,
              months == 0 || (valid.contains(firstMonth) && Int(firstMonth) + months - 1 <= Int(valid.upperBound)) else {
            throw Partial.FormatError(line: span.line, "'\(name)' spans months outside the calendar a dataset can name")
        }
        if let expected, groupCount != expected {
            throw Partial.FormatError(line: span.line, "'\(name)' has \(groupCount) groups where \(expected) were expected")
        }
        guard groupCount >= 0, groupCount <= 100_000_000 else {
            throw Partial.FormatError(line: span.line, "'\(name)' has an impossible number of groups, \(groupCount)")
        }
        let (cells, overflow) = months.multipliedReportingOverflow(by: groupCount)
        guard !overflow else { throw Partial.FormatError(line: span.line, "'\(name)' has an impossible number of cells") }
        totals = try AttainmentTotals(decoding: &reader, as: name, groupCount: cells)
    }
}
