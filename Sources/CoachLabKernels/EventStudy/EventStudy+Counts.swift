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
        /// The reps counted: a part's, or all.
        public let reps: Range<Int>
        /// Rep-major (from `reps`' first): rep, then month, then group, so that a rep's
        /// counts are contiguous.
        var counts: [Int32]

        /// Months counted before and after the grid's: the farthest lead or lag.
        static let margin = 3

        /// Counts for the reps `reps` of `grid` (default: all of them).
        public init(groups: Int, grid: RepMonthGrid, reps: Range<Int>? = nil) {
            self.groups = groups
            firstMonth = grid.firstMonth - Int32(Self.margin)
            months = grid.months + 2 * Self.margin
            self.reps = reps ?? 0..<grid.reps
            counts = [Int32](repeating: 0, count: self.reps.count * months * groups)
        }

        /// Counts an event of `rep` in `group` on `day` (a ``CivilDate``); an event of a rep
        /// not counted here, or more than three months from the grid's months, is not
        /// counted (no row is within its reach).
        public mutating func add(group: Int, rep: Int, day: Int32, grid: RepMonthGrid) {
            guard reps.contains(rep) else { return }
            let (year, month, _) = CivilDate.components(day)
            let column = Int(MonthIndex.make(year: year, month: month)) - Int(firstMonth)
            guard column >= 0 && column < months else { return }
            counts[((rep - reps.lowerBound) * months + column) * groups + group] += 1
        }
    }
}
