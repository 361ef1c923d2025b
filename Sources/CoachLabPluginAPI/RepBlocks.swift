/// Rows of performance.csv regrouped so that per-rep state stays in cache: rows of reps
/// `0..<k`, then of reps `k..<2k`, and so on, each block's rows in file order.
///
/// Exports list all reps month after month, so a loop over file order touches every rep's
/// state once per month, sweeping megabytes of it; within a block of a few thousand reps
/// the state fits in the core's cache, while the rows of a block still come in runs of
/// consecutive rows (cheap to read).
public struct RepBlocks: Sendable {
    /// Row indices, block after block.
    public let rows: [Int32]
    /// Block `b` is `rows[starts[b]..<starts[b + 1]]`.
    public let starts: [Int]
    public let repsPerBlock: Int

    public var count: Int { starts.count - 1 }

    /// The rows of block `b`.
    public func rows(ofBlock b: Int) -> ArraySlice<Int32> { rows[starts[b]..<starts[b + 1]] }
}

extension Kernels {
    /// `rows` of `performance` grouped in blocks of `repsPerBlock` reps (a stable counting
    /// sort on rep / repsPerBlock).
    /// - Complexity: O(rows + reps / repsPerBlock), two sequential passes over the rep codes.
    public static func repBlocks(_ performance: Performance, rows: Range<Int>, repCount: Int, repsPerBlock: Int) -> RepBlocks {
        let shift = repsPerBlock.trailingZeroBitCount
        precondition(repsPerBlock > 0 && repsPerBlock == 1 << shift, "repsPerBlock must be a power of two")
        let blocks = (repCount + repsPerBlock - 1) >> shift
        var starts = [Int](repeating: 0, count: blocks + 1)
        performance.reps.withUnsafeBufferPointer { reps in
            for row in rows { starts[(Int(reps[row]) >> shift) + 1] += 1 }
        }
        for b in 0..<blocks { starts[b + 1] += starts[b] }
        var cursor = starts
        let ordered = [Int32](largeUninitializedCount: rows.count) { buffer in
            performance.reps.withUnsafeBufferPointer { reps in
                for row in rows {
                    let block = Int(reps[row]) >> shift
                    buffer[cursor[block]] = Int32(row)
                    cursor[block] += 1
                }
            }
        }
        return RepBlocks(rows: ordered, starts: starts, repsPerBlock: repsPerBlock)
    }
}
