import CoachLabData

extension EventStudy {
    /// Per rep-month event counts of `groups` groups, over a dataset's months and the three
    /// before and after them: an event in a month just outside the rows still falls within
    /// three months of a rep's row, and counts there as a lead or lag.
    public struct Counts: Sendable {
        public let groups: Int
        /// ``MonthIndex`` of column 0: three months before the grid's first.
        let firstMonth: Int32
        let months: Int
        /// Rep-major: rep, then month, then group, so that a rep's counts are contiguous.
        var counts: [Int32]

        /// Months counted before and after the grid's: the farthest lead or lag.
        static let margin = 3

        public init(groups: Int, grid: RepMonthGrid) {
            self.groups = groups
            firstMonth = grid.firstMonth - Int32(Self.margin)
            months = grid.months + 2 * Self.margin
            counts = [Int32](repeating: 0, count: grid.reps * months * groups)
        }

        /// Counts an event of `rep` in `group` on `day` (a ``CivilDate``); an event more than
        /// three months from the grid's months is not counted (no row is within its reach).
        public mutating func add(group: Int, rep: Int, day: Int32, grid: RepMonthGrid) {
            let (year, month, _) = CivilDate.components(day)
            let column = Int(MonthIndex.make(year: year, month: month)) - Int(firstMonth)
            guard column >= 0 && column < months else { return }
            counts[(rep * months + column) * groups + group] += 1
        }

        /// The count of `rep`'s events of `group` in the month `month` (``MonthIndex``); 0
        /// outside the counted months.
        func count(rep: Int, month: Int, group: Int) -> Int32 {
            let column = month - Int(firstMonth)
            guard column >= 0 && column < months else { return 0 }
            return counts[(rep * months + column) * groups + group]
        }
    }
}
