import CoachLabData
/// One row of performance.csv as ``Kernels/foldByRep(_:rows:repCount:initial:_:)`` hands it
/// over: NaN for a value that is missing or whose column the dataset lacks.
@usableFromInline
package struct PerformanceRow {
    @usableFromInline package var quota: Double
    @usableFromInline package var bookings: Double
    @usableFromInline package var calls: Double
    @usableFromInline package var meetings: Double
    @usableFromInline package var opportunities: Double
    @usableFromInline package var pipeline: Double

    @inlinable
    package init(quota: Double, bookings: Double, calls: Double, meetings: Double, opportunities: Double, pipeline: Double) {
        (self.quota, self.bookings, self.calls, self.meetings, self.opportunities, self.pipeline) =
            (quota, bookings, calls, meetings, opportunities, pipeline)
    }
}

extension Kernels {
    /// One value per rep of `repCount`, each starting as `initial`, with every row of `rows`
    /// folded into its rep's value by `add`, in row order: per-rep totals over the months.
    /// Inlined into its caller, so that `add` runs in the loop over the columns' buffers.
    /// - Complexity: O(rows + reps).
    @inlinable
    package static func foldByRep<Value>(
        _ performance: Performance, rows: Range<Int>, repCount: Int, initial: Value,
        _ add: (inout Value, PerformanceRow) -> Void
    ) -> [Value] {
        foldByRep(performance, rows: rows, reps: 0..<repCount, initial: initial, add)
    }

    /// ``foldByRep(_:rows:repCount:initial:_:)`` for the reps `reps` only, which must hold the
    /// rep of every row of `rows` (``repSpan(_:rows:)``): value `i` is rep `reps.lowerBound + i`'s.
    /// - Complexity: O(rows + reps.count).
    @inlinable
    package static func foldByRep<Value>(
        _ performance: Performance, rows: Range<Int>, reps: Range<Int>, initial: Value,
        _ add: (inout Value, PerformanceRow) -> Void
    ) -> [Value] {
        var values = [Value](repeating: initial, count: reps.count)
        let first = reps.lowerBound
        performance.reps.withUnsafeBufferPointer { repOf in
        performance.quotas.withUnsafeBufferPointer { quotas in
        performance.bookings.withUnsafeBufferPointer { bookings in
        withValues(performance.calls) { calls in
        withValues(performance.meetings) { meetings in
        withValues(performance.opportunitiesCreated) { opportunities in
        withValues(performance.pipelineValues) { pipeline in
        values.withUnsafeMutableBufferPointer { values in
            for row in rows {
                add(&values[Int(repOf[row]) - first], PerformanceRow(
                    quota: quotas[row], bookings: bookings[row], calls: calls?[row] ?? .nan, meetings: meetings?[row] ?? .nan,
                    opportunities: opportunities?[row] ?? .nan, pipeline: pipeline?[row] ?? .nan))
            }
        }}}}}}}}
        return values
    }

    /// The codes from the least to the greatest rep of the rows `rows` (empty without rows).
    /// - Complexity: O(rows).
    package static func repSpan(_ performance: Performance, rows: Range<Int>) -> Range<Int> {
        guard !rows.isEmpty else { return 0..<0 }
        var (low, high) = (Int32.max, Int32.min)
        performance.reps.withUnsafeBufferPointer { repOf in
            for row in rows {
                low = min(low, repOf[row])
                high = max(high, repOf[row])
            }
        }
        return Int(low)..<(Int(high) + 1)
    }

    /// Calls `body` with an optional column's values as a buffer, or nil without the column.
    @inlinable
    static func withValues(_ column: Column<Double>?, _ body: (UnsafeBufferPointer<Double>?) -> Void) {
        if let column { column.withUnsafeBufferPointer { body($0) } } else { body(nil) }
    }
}
