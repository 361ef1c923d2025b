import CoachLabSystem
import CoachLabData
/// Rows of performance.csv regrouped so that per-rep state stays in cache: rows of reps
/// `0..<k`, then of reps `k..<2k`, and so on, each block's rows in file order.
///
/// Exports list all reps month after month, so a loop over file order touches every rep's
/// state once per month, sweeping megabytes of it; within a block of a few thousand reps
/// the state fits in the core's cache.
///
/// In those exports a block's rows come in long runs of consecutive rows (one per month,
/// or one in all when each rep's months are listed together), so a block is kept as its
/// runs: a few thousand ranges instead of an index of every row, found in one pass. Rows
/// in no such order (reps shuffled within a month) fall back to a counting sort of the
/// row indices.
struct RepBlocks: Sendable {
    let repsPerBlock: Int
    /// The reps the blocks cover, `0..<repCount`: block `b` holds reps ``reps(ofBlock:)``.
    let repCount: Int
    /// Block `b` is runs (or rows) `blockStarts[b]..<blockStarts[b + 1]`.
    let blockStarts: [Int]
    /// The first row and the end of each run, block after block (empty when rows are indexed).
    let runStarts: [Int32]
    let runEnds: [Int32]
    /// Row indices, block after block, when runs would be too short to pay.
    let rowIndex: [Int32]

    var count: Int { blockStarts.count - 1 }

    /// The reps of block `b`: every rep is in exactly one block.
    func reps(ofBlock b: Int) -> Range<Int> {
        (b * repsPerBlock)..<min((b + 1) * repsPerBlock, repCount)
    }

    /// Calls `body` with every row of block `b`, in file order.
    func forEachRow(ofBlock b: Int, _ body: (Int) -> Void) {
        if rowIndex.isEmpty {
            for run in blockStarts[b]..<blockStarts[b + 1] {
                for row in Int(runStarts[run])..<Int(runEnds[run]) { body(row) }
            }
        } else {
            for position in blockStarts[b]..<blockStarts[b + 1] { body(Int(rowIndex[position])) }
        }
    }

    /// Calls `body` with block `b`'s rows as ranges of consecutive rows, in file order (one
    /// row per range when the rows are indexed), for kernels that take a range at a time.
    func forEachRun(ofBlock b: Int, _ body: (Range<Int>) -> Void) {
        if rowIndex.isEmpty {
            for run in blockStarts[b]..<blockStarts[b + 1] { body(Int(runStarts[run])..<Int(runEnds[run])) }
        } else {
            for position in blockStarts[b]..<blockStarts[b + 1] {
                let row = Int(rowIndex[position])
                body(row..<(row + 1))
            }
        }
    }

    /// The rows of block `b`, in file order.
    func rows(ofBlock b: Int) -> [Int] {
        var rows: [Int] = []
        forEachRow(ofBlock: b) { rows.append($0) }
        return rows
    }
}

extension Kernels {
    /// `rows` of `performance` grouped in blocks of `repsPerBlock` reps, each block's rows
    /// in file order (see ``RepBlocks``). The grouping is the same for any `threads`; the
    /// rows are scanned by up to `threads` threads, each taking at least `rowsPerThread`.
    /// - Complexity: O(rows) — one pass to find the runs, or two for the counting sort.
    static func repBlocks(
        _ performance: Performance, rows: Range<Int>, repCount: Int, repsPerBlock: Int, threads: Int = 1,
        rowsPerThread: Int = 1 << 20
    ) -> RepBlocks {
        let shift = repsPerBlock.trailingZeroBitCount
        precondition(repsPerBlock > 0 && repsPerBlock == 1 << shift, "repsPerBlock must be a power of two")
        precondition(rows.upperBound <= Int(Int32.max), "row numbers must fit in 32 bits")
        let blocks = (repCount + repsPerBlock - 1) >> shift
        let parts = max(1, min(threads, rows.count / max(1, rowsPerThread)))
        if let runs = runs(performance.reps, rows: rows, shift: shift, blocks: blocks, parts: parts) {
            return RepBlocks(repsPerBlock: repsPerBlock, repCount: repCount, blockStarts: runs.blockStarts,
                             runStarts: runs.starts, runEnds: runs.ends, rowIndex: [])
        }
        let sorted = countingSort(performance.reps, rows: rows, shift: shift, blocks: blocks, threads: threads)
        return RepBlocks(repsPerBlock: repsPerBlock, repCount: repCount, blockStarts: sorted.blockStarts,
                         runStarts: [], runEnds: [], rowIndex: sorted.rows)
    }

    /// The runs of consecutive rows in one block, grouped by block (stable); nil when they
    /// average fewer than 32 rows. `parts` of the rows are scanned at once and their runs
    /// joined where one goes on across a part boundary: the same runs for any number.
    private static func runs(
        _ reps: Column<Int32>, rows: Range<Int>, shift: Int, blocks: Int, parts: Int
    ) -> (blockStarts: [Int], starts: [Int32], ends: [Int32])? {
        guard !rows.isEmpty else { return ([Int](repeating: 0, count: blocks + 1), [], []) }
        let limit = max(16, rows.count / 32)
        let bounds = (0...parts).map { rows.lowerBound + rows.count * $0 / parts }
        let found = SharedBuffer<(starts: [Int32], blocks: [Int32])?>(repeating: nil, count: parts)
        Parallel.forEachPart(of: parts, parts: parts) { owned in
            for part in owned {
                var starts: [Int32] = []
                var runBlocks: [Int32] = []
                let complete = reps.withUnsafeBufferPointer { reps -> Bool in
                    var block = Int32(-1)
                    var row = bounds[part]
                    let end = bounds[part + 1]
                    while row < end {
                        // Sixteen rows at a time while they stay in the run's block: a run is
                        // thousands of rows, and most of the scan is checking that.
                        if row + 16 <= end && Self.allInBlock(reps, from: row, block: block, shift: shift) {
                            row += 16
                            continue
                        }
                        let next = reps[row] >> Int32(shift)
                        if next != block {
                            if starts.count > limit { return false }
                            starts.append(Int32(row))
                            runBlocks.append(next)
                            block = next
                        }
                        row += 1
                    }
                    return true
                }
                found[part] = complete ? (starts, runBlocks) : nil
            }
        }
        var starts: [Int32] = []
        var runBlocks: [Int32] = []
        var complete = true
        for part in 0..<parts {
            guard let (partStarts, partBlocks) = found[part] else {
                complete = false
                break
            }
            // A run that goes on across the boundary was started again by this part.
            let continues = runBlocks.last != nil && runBlocks.last == partBlocks.first
            starts += partStarts.dropFirst(continues ? 1 : 0)
            runBlocks += partBlocks.dropFirst(continues ? 1 : 0)
            if starts.count > limit {
                complete = false
                break
            }
        }
        guard complete else { return nil }
        var ends = Array(starts.dropFirst()) + [Int32(rows.upperBound)]
        var blockStarts = [Int](repeating: 0, count: blocks + 1)
        for block in runBlocks { blockStarts[Int(block) + 1] += 1 }
        for b in 0..<blocks { blockStarts[b + 1] += blockStarts[b] }
        var cursor = blockStarts
        var orderedStarts = [Int32](repeating: 0, count: starts.count)
        var orderedEnds = [Int32](repeating: 0, count: starts.count)
        for run in starts.indices {
            let block = Int(runBlocks[run])
            orderedStarts[cursor[block]] = starts[run]
            orderedEnds[cursor[block]] = ends[run]
            cursor[block] += 1
        }
        starts = orderedStarts
        ends = orderedEnds
        return (blockStarts, starts, ends)
    }

    /// Whether the sixteen reps from `row` on are all in `block`.
    @inline(__always)
    private static func allInBlock(_ reps: UnsafeBufferPointer<Int32>, from row: Int, block: Int32, shift: Int) -> Bool {
        // A reduction of fixed length, which the compiler turns into vector instructions.
        var differences: Int32 = 0
        for k in 0..<16 { differences |= (reps[row &+ k] &>> Int32(shift)) ^ block }
        return differences == 0
    }

    /// Row indices grouped by block (a stable counting sort), counted and placed by
    /// `threads` parts of the rows at once: each part's rows of a block go after those of
    /// the parts before it, so the order is the same for any number of threads.
    private static func countingSort(
        _ reps: Column<Int32>, rows: Range<Int>, shift: Int, blocks: Int, threads: Int
    ) -> (blockStarts: [Int], rows: [Int32]) {
        let parts = max(1, min(threads, rows.count / 65_536))
        let partRows = (0...parts).map { rows.lowerBound + rows.count * $0 / parts }

        let counts = SharedBuffer<[Int]>(repeating: [], count: parts)
        Parallel.forEachPart(of: parts, parts: parts) { owned in
            for part in owned {
                var count = [Int](repeating: 0, count: blocks)
                reps.withUnsafeBufferPointer { reps in
                    for row in partRows[part]..<partRows[part + 1] { count[Int(reps[row]) >> shift] += 1 }
                }
                counts[part] = count
            }
        }
        // Where each part writes its first row of each block.
        var blockStarts = [Int](repeating: 0, count: blocks + 1)
        var firstRows = [[Int]](repeating: [Int](repeating: 0, count: blocks), count: parts)
        var next = 0
        for block in 0..<blocks {
            blockStarts[block] = next
            for part in 0..<parts {
                firstRows[part][block] = next
                next += counts[part][block]
            }
        }
        blockStarts[blocks] = next
        let cursors = firstRows

        let ordered = [Int32](largeUninitializedCount: rows.count) { buffer in
            Parallel.forEachPart(of: parts, parts: parts, writingInto: buffer) { owned, buffer in
                for part in owned {
                    var cursor = cursors[part]
                    reps.withUnsafeBufferPointer { reps in
                        for row in partRows[part]..<partRows[part + 1] {
                            let block = Int(reps[row]) >> shift
                            buffer[cursor[block]] = Int32(row)
                            cursor[block] += 1
                        }
                    }
                }
            }
        }
        return (blockStarts, ordered)
    }
}
