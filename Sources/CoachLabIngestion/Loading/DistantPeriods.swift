import CoachLabData

/// Months of performance.csv far outside the rest — a typo such as `0224-01` for
/// `2024-01`, or a placeholder such as `9999-12` — found before any plugin sizes a
/// month-by-month table by the calendar between them (one such row made a 3,000-rep run
/// take 36 times the memory).
///
/// The usual months are the run of months with the most rows in which no two months with
/// rows are more than ``maximumGap`` apart; every other month, and any month outside
/// ``plausible``, is distant.
public struct DistantPeriods: Sendable, Equatable {
    /// Months with data further apart than this split the data into separate runs.
    public static let maximumGap = 60
    /// Months a sales export can plausibly hold.
    public static let plausible = MonthIndex.make(year: 1900, month: 1)...MonthIndex.make(year: 2200, month: 12)

    /// The first and last of the usual months; nil when no month is usual (all are
    /// outside ``plausible``).
    public var usual: ClosedRange<Int32>?
    /// Each distant month, its rows, and the first of them (a row of the dataset).
    public var months: [Month]

    public struct Month: Sendable, Equatable {
        public var month: Int32
        public var rows: Int
        public var firstRow: Int
    }

    /// The distant months of `periods` (a performance table's column); nil when there are none.
    /// - Complexity: O(rows + months between the first and the last).
    public init?(_ periods: Column<Int32>) {
        var first = Int32.max, last = Int32.min
        for period in periods where period != MonthIndex.missing {
            first = min(first, period)
            last = max(last, period)
        }
        guard first <= last else { return nil }
        // The span is at most the calendar a period can name (some 120,000 months).
        let span = Int(last) - Int(first) + 1
        var rows = [Int](repeating: 0, count: span)
        var firstRow = [Int](repeating: -1, count: span)
        for (row, period) in periods.enumerated() where period != MonthIndex.missing {
            let slot = Int(period) - Int(first)
            if rows[slot] == 0 { firstRow[slot] = row }
            rows[slot] += 1
        }
        // Runs of plausible months with rows, no gap in a run longer than the maximum.
        var runs: [(range: ClosedRange<Int>, rows: Int)] = []
        var previous: Int?
        for slot in 0..<span where rows[slot] > 0 && Self.plausible.contains(first + Int32(slot)) {
            if let previous, slot - previous <= Self.maximumGap, let run = runs.popLast() {
                runs.append((run.range.lowerBound...slot, run.rows + rows[slot]))
            } else {
                runs.append((slot...slot, rows[slot]))
            }
            previous = slot
        }
        // The run with the most rows; of two alike, the later.
        let main = runs.indices.max { runs[$0].rows < runs[$1].rows || (runs[$0].rows == runs[$1].rows && $0 < $1) }
        let usualSlots = main.map { runs[$0].range }
        months = (0..<span).filter { rows[$0] > 0 && !(usualSlots?.contains($0) ?? false) }.map {
            Month(month: first + Int32($0), rows: rows[$0], firstRow: firstRow[$0])
        }
        guard !months.isEmpty else { return nil }
        usual = usualSlots.map { (first + Int32($0.lowerBound))...(first + Int32($0.upperBound)) }
    }

    /// What the refusal of `month` says after its value: where the usual months are, how
    /// many rows it holds, and how to keep it.
    public func message(for month: Month) -> String {
        let usual = self.usual.map { "outside the other periods (\(MonthIndex.format($0.lowerBound)) to \(MonthIndex.format($0.upperBound)))" }
            ?? "outside 1900-01 to 2200-12"
        let more = month.rows > 1 ? "; so are \(month.rows - 1) more row(s) of that month" : ""
        return "is far \(usual)\(more): a typo? Fix it, or pass --allow-periods to use it"
    }
}
