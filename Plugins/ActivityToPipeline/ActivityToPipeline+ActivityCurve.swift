import CoachLabPluginAPI
import CoachLabStatistics

extension ActivityToPipeline {
    /// Mean outcomes per decile of calls: rows with calls, in ascending order of calls (ties
    /// in file order), cut into ten groups of equal size (the first groups take the rest).
    /// Deciles are taken by up to `threads` threads at once, each in one pass over its rows.
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
        let columns = [calls] + outcomes
        let decileRows = SharedBuffer<[ResultValue]>(repeating: [], count: 10)
        Parallel.forEachPart(of: 10, parts: threads) { deciles in
            Self.withBuffers(columns[...]) { columns in
            reps.withUnsafeBufferPointer { reps in
                // Which decile last counted each rep: distinct reps without a set per decile.
                var countedIn = [Int32](repeating: -1, count: repCount)
                for decile in deciles {
                    let part = rows[(rows.count * decile / 10)..<(rows.count * (decile + 1) / 10)]
                    var distinctReps = 0
                    for row in part where countedIn[Int(reps[Int(row)])] != Int32(decile) {
                        countedIn[Int(reps[Int(row)])] = Int32(decile)
                        distinctReps += 1
                    }
                    let means = columns.map { values in
                        values.flatMap { values in
                            var mean = MeanOfPresent()
                            for row in part { mean.add(values[Int(row)]) }
                            return mean.value
                        }
                    }
                    decileRows[decile] = [
                        .integer(decile + 1), .number(calls[Int(part.first!)]), .number(calls[Int(part.last!)]),
                        .integer(part.count), .integer(distinctReps),
                    ] + means.map { .number($0) }
                }
            }}
        }
        table.rows = decileRows.array
        return table
    }

    /// Calls `body` with the buffers of `columns`, nil for a column that is missing.
    static func withBuffers<R>(
        _ columns: ArraySlice<Column<Double>?>, _ buffers: [UnsafeBufferPointer<Double>?] = [],
        _ body: ([UnsafeBufferPointer<Double>?]) -> R
    ) -> R {
        guard let first = columns.first else { return body(buffers) }
        guard let column = first else { return withBuffers(columns.dropFirst(), buffers + [nil], body) }
        return column.withUnsafeBufferPointer { withBuffers(columns.dropFirst(), buffers + [$0], body) }
    }

    /// The mean of the values added that are not NaN, summed in the order added.
    struct MeanOfPresent {
        private var sum = CompensatedSum()
        private var count = 0

        mutating func add(_ value: Double) {
            guard !value.isNaN else { return }
            sum.add(value)
            count += 1
        }

        var value: Double? { count > 0 ? sum.value / Double(count) : nil }
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
