import CoachLabStatistics
import CoachLabSystem
import CoachLabData

/// What ``Kernels/summaries(of:in:columns:reps:repCount:threads:)`` gives one group of rows.
package struct RowGroupSummary: Sendable {
    /// The distinct reps among the group's rows.
    package var reps: Int
    /// The mean of each column over the group's rows, NaN values left out; nil for a column
    /// that is missing or has no value there.
    package var means: [Double?]
}

extension Kernels {
    /// For each group of rows — the rows `rows[group]` for each range in `groups` (the
    /// deciles of rows in some order, say) — its distinct reps and the mean of each of
    /// `columns` over its rows, each mean compensated and summed in the order of `rows`.
    /// Groups are taken by up to `threads` threads at once, each in one pass over its rows.
    /// - Complexity: O(rows × columns + reps × threads).
    package static func summaries(
        of groups: [Range<Int>], in rows: [Int32], columns: [Column<Double>?], reps: Column<Int32>, repCount: Int,
        threads: Int
    ) -> [RowGroupSummary] {
        let summaries = SharedBuffer<RowGroupSummary>(repeating: RowGroupSummary(reps: 0, means: []), count: groups.count)
        Parallel.forEachPart(of: groups.count, parts: threads) { owned in
            withBuffers(columns[...]) { columns in
            reps.withUnsafeBufferPointer { reps in
                // Which group last counted each rep: distinct reps without a set per group.
                var countedIn = [Int32](repeating: -1, count: repCount)
                for group in owned {
                    let part = rows[groups[group]]
                    var distinctReps = 0
                    for row in part where countedIn[Int(reps[Int(row)])] != Int32(group) {
                        countedIn[Int(reps[Int(row)])] = Int32(group)
                        distinctReps += 1
                    }
                    let means = columns.map { values in
                        values.flatMap { values in
                            var mean = MeanOfPresent()
                            for row in part { mean.add(values[Int(row)]) }
                            return mean.value
                        }
                    }
                    summaries[group] = RowGroupSummary(reps: distinctReps, means: means)
                }
            }}
        }
        return summaries.array
    }

    /// Calls `body` with the buffers of `columns`, nil for a column that is missing.
    private static func withBuffers<R>(
        _ columns: ArraySlice<Column<Double>?>, _ buffers: [UnsafeBufferPointer<Double>?] = [],
        _ body: ([UnsafeBufferPointer<Double>?]) -> R
    ) -> R {
        guard let first = columns.first else { return body(buffers) }
        guard let column = first else { return withBuffers(columns.dropFirst(), buffers + [nil], body) }
        return column.withUnsafeBufferPointer { withBuffers(columns.dropFirst(), buffers + [$0], body) }
    }
}

/// The mean of the values added that are not NaN, summed in the order added.
private struct MeanOfPresent {
    private var sum = CompensatedSum()
    private var count = 0

    mutating func add(_ value: Double) {
        guard !value.isNaN else { return }
        sum.add(value)
        count += 1
    }

    var value: Double? { count > 0 ? sum.value / Double(count) : nil }
}
