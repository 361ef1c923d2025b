import CoachLabData
import CoachLabPluginAPI
import CoachLabTestSupport
import PropertyBased
import Testing
@testable import CoachLabKernels

/// Rep blocks hold exactly the rows of each block's reps, in file order, whether they are
/// kept as runs (reps month after month, or each rep's months together) or as a row index
/// (reps in no order), for any number of threads.
@Suite struct RepBlocksTests {
    static func expected(_ reps: [Int32], rows: Range<Int>, repsPerBlock: Int, blocks: Int) -> [[Int]] {
        var grouped = [[Int]](repeating: [], count: blocks)
        for row in rows { grouped[Int(reps[row]) / repsPerBlock].append(row) }
        return grouped
    }

    static func performance(_ reps: [Int32]) -> Performance {
        Performance(reps: Column(reps), periods: Column(reps.map { _ in 0 }),
                    quotas: Column(reps.map { _ in 1 }), bookings: Column(reps.map { _ in 1 }))
    }

    @Test func blocksHoldEveryRowInFileOrder() async {
        // layout 0: all reps month after month; 1: each rep's months together; 2: shuffled.
        let layout = zip(Gen.int(in: 1...300), Gen.int(in: 1...12), Gen.int(in: 0...2), Gen.int(in: 0...1_000))
        await propertyCheck(count: 200, input: layout, Gen.int(in: 0...5), Gen.int(in: 1...3)) { shape, cut, threads in
            let (repCount, months, kind, seed) = shape
            var reps: [Int32] = kind == 1
                ? (0..<repCount).flatMap { rep in [Int32](repeating: Int32(rep), count: months) }
                : (0..<months).flatMap { _ in (0..<repCount).map(Int32.init) }
            if kind == 2 {
                var random = SplitMixGenerator(seed: UInt64(seed))
                reps.shuffle(using: &random)
            }
            let rows = (reps.count * cut / 10)..<reps.count
            for repsPerBlock in [1, 8, 64] {
                let blocks = Kernels.repBlocks(Self.performance(reps), rows: rows, repCount: repCount,
                                               repsPerBlock: repsPerBlock, threads: threads, rowsPerThread: 7)
                let found = (0..<blocks.count).map { blocks.rows(ofBlock: $0) }
                #expect(found == Self.expected(reps, rows: rows, repsPerBlock: repsPerBlock, blocks: blocks.count))
                // Every rep in exactly one block, in order (a plugin first writes a rep's
                // state in its block), and each row's rep in the row's block.
                #expect((0..<blocks.count).flatMap { Array(blocks.reps(ofBlock: $0)) } == Array(0..<repCount))
                #expect(found.indices.allSatisfy { block in
                    found[block].allSatisfy { blocks.reps(ofBlock: block).contains(Int(reps[$0])) }
                })
                let byRuns = (0..<blocks.count).map { block in
                    var rows: [Int] = []
                    blocks.forEachRun(ofBlock: block) { rows += Array($0) }
                    return rows
                }
                #expect(byRuns == found)
            }
        }
    }
}

