import CoachLabData
/// Each rep's months on one dense grid: whether the rep has a row of performance.csv in a
/// month, and its attainment there (NaN without a quota above zero). What the plugins that
/// join coaching events to outcomes ("attainment in the three months after a session")
/// index by (rep, month) instead of searching rows. A grid may hold a range of the reps
/// only (a part's), so that its memory grows with the part, not the org.
public struct RepMonthGrid: Sendable {
    /// ``MonthIndex`` of grid column 0.
    public let firstMonth: Int32
    public let months: Int
    /// Reps in the reps table (every code is below it).
    public let reps: Int
    /// The reps the grid holds; asking of another is a programming error.
    public let covered: Range<Int>
    /// `covered.count × months`, rep-major; NaN where the rep has no attainment that month.
    private var attainment: [Double]
    /// `covered.count × months`, rep-major: whether the rep has a row that month.
    private var present: [Bool]

    /// The grid of `performance` for the reps `covered` (default: all `reps`). Its months
    /// span every row of `performance`, whichever rep's.
    /// - Complexity: O(rows + covered reps × months).
    public init(_ performance: Performance, reps: Int, covering covered: Range<Int>? = nil) {
        var (_, first, last) = performance.periods.withUnsafeBufferPointer { MonthIndex.span(of: $0) }
        if first > last { (first, last) = (0, -1) }
        firstMonth = first
        months = Int(last - first) + 1
        self.reps = reps
        let covered = covered ?? 0..<reps
        precondition(covered.lowerBound >= 0 && covered.upperBound <= reps, "a grid covers reps of the reps table")
        self.covered = covered
        var attainment = [Double](repeating: .nan, count: covered.count * months)
        var present = [Bool](repeating: false, count: covered.count * months)
        let months = months
        performance.withAttainmentColumns { columns in
        attainment.withUnsafeMutableBufferPointer { attainment in
        present.withUnsafeMutableBufferPointer { present in
            for row in 0..<columns.periods.count {
                let period = columns.periods[row]
                guard period != MonthIndex.missing else { continue }
                let rep = Int(columns.reps[row])
                precondition(rep >= 0 && rep < reps, "a row's rep code is outside the reps table")
                guard covered.contains(rep) else { continue }
                let cell = (rep - covered.lowerBound) * months + Int(period - first)
                present[cell] = true
                if let value = Kernels.attainment(quota: columns.quotas[row], bookings: columns.bookings[row]) {
                    attainment[cell] = value
                }
            }
        }}}
        self.attainment = attainment
        self.present = present
    }

    /// The index of (`rep`, `column`) in an array of `covered.count × months` laid out as
    /// the grid's (rep-major), for values a plugin keeps beside the grid.
    public func cell(rep: Int, column: Int) -> Int {
        precondition(covered.contains(rep), "the grid does not cover rep \(rep)")
        return (rep - covered.lowerBound) * months + column
    }

    /// Cells in the grid: `covered.count × months`.
    public var cellCount: Int { covered.count * months }

    /// The grid column of `month`, or nil outside the grid.
    public func column(of month: Int32) -> Int? {
        // In Int: a missing month (the smallest Int32) is simply outside the grid.
        let column = Int(month) - Int(firstMonth)
        return column >= 0 && column < months ? column : nil
    }

    /// The grid column of the month of `day` (a ``CivilDate``), or nil outside the grid.
    public func column(ofDay day: Int32) -> Int? {
        let (year, month, _) = CivilDate.components(day)
        return column(of: MonthIndex.make(year: year, month: month))
    }

    public func attainment(rep: Int, column: Int) -> Double? {
        let value = attainment[cell(rep: rep, column: column)]
        return value.isNaN ? nil : value
    }

    public func isPresent(rep: Int, column: Int) -> Bool { present[cell(rep: rep, column: column)] }

    /// The mean attainment of `rep` over the grid columns in `columns` (clamped to the grid)
    /// that have one, with how many there were; nil when none has.
    public func meanAttainment(rep: Int, columns: ClosedRange<Int>) -> (mean: Double, months: Int)? {
        let low = max(0, columns.lowerBound), high = min(months - 1, columns.upperBound)
        guard low <= high else { return nil }
        var sum = 0.0
        var count = 0
        let start = cell(rep: rep, column: 0)
        for column in low...high {
            let value = attainment[start + column]
            if !value.isNaN {
                sum += value
                count += 1
            }
        }
        return count > 0 ? (sum / Double(count), count) : nil
    }

    /// The OLS slope of `rep`'s attainment on month (change per month) over its valid
    /// months; nil with fewer than `minimumMonths` of them.
    public func slope(rep: Int, minimumMonths: Int = 6) -> Double? {
        var n = 0.0, sumX = 0.0, sumY = 0.0
        let start = cell(rep: rep, column: 0)
        for column in 0..<months {
            let value = attainment[start + column]
            if value.isNaN { continue }
            n += 1
            sumX += Double(column)
            sumY += value
        }
        guard n >= Double(max(2, minimumMonths)) else { return nil }
        let meanX = sumX / n, meanY = sumY / n
        var sxx = 0.0, sxy = 0.0
        for column in 0..<months {
            let value = attainment[start + column]
            if value.isNaN { continue }
            let dx = Double(column) - meanX
            sxx += dx * dx
            sxy += dx * (value - meanY)
        }
        return sxx > 0 ? sxy / sxx : nil
    }
}
