import CoachLabPluginAPI
import PropertyBased
import Synchronization
import Testing
import CoachLabSystem

/// The parallel loops plugins use hand every index to exactly one call, for any count,
/// chunk and number of threads, and never run more calls at once than threads asked for.
@Suite struct ParallelTests {
    @Test func chunksCoverEveryIndexOnceOnAtMostTheThreadsAsked() async {
        await propertyCheck(count: 200, input: Gen.int(in: 0...500), Gen.int(in: 1...40), Gen.int(in: 1...4)) { count, chunk, threads in
            var visits = [Int](repeating: 0, count: count)
            let running = Atomic<Int>(0)
            let mostAtOnce = Atomic<Int>(0)
            visits.withUnsafeMutableBufferPointer { visits in
                Parallel.forEachChunk(of: count, chunk: chunk, threads: threads, writingInto: visits) { range, visits in
                    let now = running.add(1, ordering: .relaxed).newValue
                    mostAtOnce.max(now, ordering: .relaxed)
                    #expect(range.count <= chunk && range.lowerBound % chunk == 0)
                    for index in range { visits[index] += 1 }
                    running.subtract(1, ordering: .relaxed)
                }
            }
            #expect(visits.allSatisfy { $0 == 1 })
            #expect(mostAtOnce.load(ordering: .relaxed) <= threads)
        }
    }
}
