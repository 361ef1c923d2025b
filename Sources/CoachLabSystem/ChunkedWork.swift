import Dispatch
import Synchronization

/// Work cut into consecutive chunks that threads take one after another, as each frees up:
/// a thread on a core that runs slow for a while (a shared machine) does less, instead of
/// the others waiting for its fixed share. Shared by the cache (its checksum), ingestion and
/// the kernels (``Parallel``).
package enum ChunkedWork {
    /// Runs `body` on the ranges `0..<chunk`, `chunk..<2 × chunk`, … of `0..<count` (the
    /// last shorter) on at most `threads` threads at once. `body` must not depend on which
    /// thread runs a range or in what order the ranges run.
    package static func run(count: Int, chunk: Int, threads: Int, _ body: @Sendable (Range<Int>) -> Void) {
        precondition(chunk > 0, "chunks must hold something")
        let chunks = (count + chunk - 1) / chunk
        let threads = max(1, min(threads, chunks))
        if threads == 1 {
            for start in stride(from: 0, to: count, by: chunk) { body(start..<min(start + chunk, count)) }
            return
        }
        let next = Atomic<Int>(0)
        DispatchQueue.concurrentPerform(iterations: threads) { _ in
            while true {
                let start = next.add(chunk, ordering: .relaxed).oldValue
                if start >= count { break }
                body(start..<min(start + chunk, count))
            }
        }
    }

    /// `transform` of each of `0..<count` (the parts of some work, say), on up to `threads`
    /// threads at once, in order: each result is written by the thread that made it.
    package static func map<Result>(count: Int, threads: Int, _ transform: @Sendable (Int) -> Result) -> [Result] {
        guard count > 1, threads > 1 else { return (0..<count).map(transform) }
        let results = UnsafeMutableBufferPointer<Result?>.allocate(capacity: count)
        results.initialize(repeating: nil)
        defer {
            results.deinitialize()
            results.deallocate()
        }
        let slots = ResultSlots(results: results)
        run(count: count, chunk: 1, threads: threads) { indices in
            for index in indices { slots.results[index] = transform(index) }
        }
        return results.map { $0! }
    }
}

/// The result slots of ``ChunkedWork/map(count:threads:_:)``, each written by one thread.
private struct ResultSlots<Result>: @unchecked Sendable {
    let results: UnsafeMutableBufferPointer<Result?>
}

