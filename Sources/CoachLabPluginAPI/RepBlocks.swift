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
    /// sort on rep / repsPerBlock), counted and placed by `threads` parts of the rows at
    /// once: each part's rows of a block go after those of the parts before it, so the
    /// order is the same for any number of threads.
    /// - Complexity: O(rows + parts × reps / repsPerBlock), two sequential passes over the rep codes.
    public static func repBlocks(
        _ performance: Performance, rows: Range<Int>, repCount: Int, repsPerBlock: Int, threads: Int = 1
    ) -> RepBlocks {
        let shift = repsPerBlock.trailingZeroBitCount
        precondition(repsPerBlock > 0 && repsPerBlock == 1 << shift, "repsPerBlock must be a power of two")
        let blocks = (repCount + repsPerBlock - 1) >> shift
        let parts = max(1, min(threads, rows.count / 65_536))
        let partRows = (0...parts).map { rows.lowerBound + rows.count * $0 / parts }
        let reps = performance.reps

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
        var starts = [Int](repeating: 0, count: blocks + 1)
        var firstRows = [[Int]](repeating: [Int](repeating: 0, count: blocks), count: parts)
        var next = 0
        for block in 0..<blocks {
            starts[block] = next
            for part in 0..<parts {
                firstRows[part][block] = next
                next += counts[part][block]
            }
        }
        starts[blocks] = next
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
        return RepBlocks(rows: ordered, starts: starts, repsPerBlock: repsPerBlock)
    }
}
