import CoachLabPluginAPI
import CoachLabKernels

extension ActivityToPipeline {
    /// Mean outcomes per decile of calls: rows with calls, in ascending order of calls (ties
    /// in file order), cut into ten groups of equal size (the first groups take the rest).
    /// Deciles are taken on up to `threads` threads at once.
    static func activityCurve(
        calls: Column<Double>, outcomes: [Column<Double>?], reps: Column<Int32>, repCount: Int, threads: Int
    ) -> ResultTable {
        var table = ResultTable(name: "activity_curve", columns: [
            ResultColumn("decile", label: "Calls decile", .count(of: .groups)),
            ResultColumn("calls_min", label: "Calls from", .quantity),
            ResultColumn("calls_max", label: "Calls to", .quantity),
            ResultColumn("rep_months", label: "Rep-months", .count(of: .repMonths)),
            ResultColumn("reps", label: "Reps", .count(of: .reps)),
            ResultColumn("mean_calls", label: "Mean calls", .quantity),
            ResultColumn("mean_opportunities", label: "Mean opportunities", .quantity),
            ResultColumn("mean_pipeline", label: "Mean pipeline", .quantity),
            ResultColumn("mean_attainment", label: "Mean attainment", .attainment),
        ])
        let rows = rowsInOrderOfCalls(calls)
        guard rows.count >= 10 else { return table }
        let deciles = (0..<10).map { (rows.count * $0 / 10)..<(rows.count * ($0 + 1) / 10) }
        let summaries = Kernels.summaries(
            of: deciles, in: rows, columns: [calls] + outcomes, reps: reps, repCount: repCount, threads: threads)
        table.rows = deciles.indices.map { decile in
            let part = rows[deciles[decile]]
            return [
                .integer(decile + 1), .number(calls[Int(part.first!)]), .number(calls[Int(part.last!)]),
                .integer(part.count), .integer(summaries[decile].reps),
            ] + summaries[decile].means.map { .number($0) }
        }
        return table
    }

    /// The rows with calls, in ascending order of calls and, for equal calls, of row: a
    /// counting sort when calls are whole numbers (as counts are), else a comparison sort.
    static func rowsInOrderOfCalls(_ calls: Column<Double>) -> [Int32] {
        var highest = 0.0
        var whole = true
        for value in calls where !value.isNaN {
            if value < 0 || value > 10_000_000 || value != value.rounded() { whole = false; break }
            highest = max(highest, value)
        }
        guard whole else {
            return calls.indices.filter { !calls[$0].isNaN }.sorted { (calls[$0], $0) < (calls[$1], $1) }.map { Int32($0) }
        }
        var starts = [Int](repeating: 0, count: Int(highest) + 2)
        for value in calls where !value.isNaN { starts[Int(value) + 1] += 1 }
        for v in 0..<(starts.count - 1) { starts[v + 1] += starts[v] }
        var ordered = [Int32](repeating: 0, count: starts[starts.count - 1])
        for (row, value) in calls.enumerated() where !value.isNaN {
            ordered[starts[Int(value)]] = Int32(row)
            starts[Int(value)] += 1
        }
        return ordered
    }
}
