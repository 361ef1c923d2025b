import CoachLabSystem
import CoachLabData
extension RepAttainmentTrends {
    /// Rows out of month order in the file: visited rep by rep, months ascending (the
    /// loader's ``Performance/monthOrder``), the reps split between threads where one rep's
    /// rows end.
    static func trendsInMonthOrder(
        _ performance: Performance, monthOrder: Column<Int32>, rows: Range<Int>, reps: Int, threads: Int
    ) -> [RepTrend] {
        var visited = [RepTrend](largeRepeating: RepTrend(), count: reps, threads: threads)
        visited.withUnsafeMutableBufferPointer { trends in
            let bounds = repBoundaries(monthOrder, reps: performance.reps, parts: threads)
            Parallel.forEachPart(of: bounds.count - 1, parts: bounds.count - 1, writingInto: trends) { parts, trends in
                TrendRows.of(performance) { columns in
                    for part in parts {
                        for row in monthOrder[bounds[part]..<bounds[part + 1]] where rows.contains(Int(row)) {
                            columns.add(row: Int(row), to: trends)
                        }
                    }
                }
            }
        }
        return visited
    }

    /// Block by block of reps, so that their trends stay in cache; blocks of different reps
    /// at once, a few at a time to whichever thread is free. A block's trends are first
    /// written just before its rows are added, so the threads share the page faults of a
    /// large org's fresh trends as they share the blocks, and the trends are in cache when
    /// the rows come.
    static func trendsByBlocks(_ performance: Performance, rows: Range<Int>, reps: Int, threads: Int) -> [RepTrend] {
        let blocks = Kernels.repBlocks(performance, rows: rows, repCount: reps, repsPerBlock: 2048, threads: threads)
        return [RepTrend](largeUninitializedCount: reps) { trends in
            Parallel.forEachChunk(of: blocks.count, chunk: 4, threads: threads, writingInto: trends) { owned, trends in
                TrendRows.of(performance) { columns in
                    withUnsafeTemporaryAllocation(of: Double.self, capacity: TrendRows.chunk) { scratch in
                        for block in owned {
                            let reps = blocks.reps(ofBlock: block)
                            (trends.baseAddress! + reps.lowerBound).initialize(repeating: RepTrend(), count: reps.count)
                            blocks.forEachRun(ofBlock: block) { columns.add(rows: $0, to: trends, scratch: scratch) }
                        }
                    }
                }
            }
        }
    }

    /// Indices into `monthOrder` cutting it into at most `parts` runs of whole reps.
    private static func repBoundaries(_ monthOrder: Column<Int32>, reps: Column<Int32>, parts: Int) -> [Int] {
        var bounds = [0]
        for part in 1..<max(1, parts) {
            var cut = max(bounds.last!, monthOrder.count * part / parts)
            while cut > 0 && cut < monthOrder.count && reps[Int(monthOrder[cut])] == reps[Int(monthOrder[cut - 1])] { cut += 1 }
            if cut > bounds.last! && cut < monthOrder.count { bounds.append(cut) }
        }
        bounds.append(monthOrder.count)
        return bounds
    }
}

/// The columns a trend reads, as buffers (no bounds check per row in the hot loop).
private struct TrendRows {
    let reps: UnsafeBufferPointer<Int32>
    let periods: UnsafeBufferPointer<Int32>
    let quotas: UnsafeBufferPointer<Double>
    let bookings: UnsafeBufferPointer<Double>

    static func of(_ performance: Performance, _ body: (TrendRows) -> Void) {
        performance.withAttainmentColumns { columns in
            body(TrendRows(reps: columns.reps, periods: columns.periods, quotas: columns.quotas, bookings: columns.bookings))
        }
    }

    /// A row without a period (possible only in a dataset built in code: the loader
    /// refuses or rejects them) has no place on a rep's timeline and is left out.
    @inline(__always)
    func add(row: Int, to trends: UnsafeMutableBufferPointer<RepTrend>) {
        guard periods[row] != MonthIndex.missing,
              let attainment = Kernels.attainment(quota: quotas[row], bookings: bookings[row]) else { return }
        trends[Int(reps[row])].add(id: Int32(truncatingIfNeeded: row), month: periods[row], attainment: attainment, months: periods)
    }

    /// Rows of a run taken ``chunk`` at a time.
    static let chunk = 512

    /// Adds consecutive `rows`: each chunk's attainments first, in a loop the compiler
    /// vectorises, so that the divisions overlap instead of each one stalling the trend
    /// update that needs it. The same values as ``add(row:to:)``, row by row.
    @inline(__always)
    func add(rows: Range<Int>, to trends: UnsafeMutableBufferPointer<RepTrend>, scratch: UnsafeMutableBufferPointer<Double>) {
        var start = rows.lowerBound
        while start < rows.upperBound {
            let end = min(start + Self.chunk, rows.upperBound)
            for row in start..<end { scratch[row &- start] = bookings[row] / quotas[row] }
            for row in start..<end where quotas[row] > 0 && periods[row] != MonthIndex.missing {
                trends[Int(reps[row])].add(
                    id: Int32(truncatingIfNeeded: row), month: periods[row], attainment: scratch[row &- start], months: periods)
            }
            start = end
        }
    }
}
