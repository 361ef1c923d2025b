import CoachLabData

/// Each rep's rows of performance.csv, sorted by month, to find the row of a (rep, month)
/// without a grid of every rep by every month (whose size a stray early period would blow up).
struct RepMonthRows {
    /// Rep `r`'s rows are `rows[starts[r]..<starts[r + 1]]`, in month order.
    private let starts: [Int]
    private let rows: [Int32]
    private let periods: [Int32]

    /// - Complexity: O(n + reps) to group, plus sorting each rep's rows.
    init(_ performance: Performance, reps: Int) {
        let repOfRow = performance.reps.array
        periods = performance.periods.array
        rows = RepMonthOrder.permutation(reps: repOfRow, periods: periods, repCount: reps)
        var starts = [Int](repeating: 0, count: reps + 1)
        for rep in repOfRow { starts[Int(rep) + 1] += 1 }
        for rep in 0..<reps { starts[rep + 1] += starts[rep] }
        self.starts = starts
    }

    /// The row of `rep` in `month`, or nil when the rep has none.
    /// - Complexity: O(log m) for the rep's m rows.
    func row(rep: Int, month: Int32) -> Int? {
        var low = starts[rep], high = starts[rep + 1]
        while low < high {
            let middle = (low + high) / 2
            if periods[Int(rows[middle])] < month { low = middle + 1 } else { high = middle }
        }
        guard low < starts[rep + 1], periods[Int(rows[low])] == month else { return nil }
        return Int(rows[low])
    }
}
