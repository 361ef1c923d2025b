import Dispatch

/// Running a kernel on several threads without changing its result.
@usableFromInline package enum Parallel {
    /// Splits `0..<count` into at most `parts` contiguous ranges and runs `body` on each at
    /// once, returning when all are done.
    @usableFromInline package static func forEachPart(of count: Int, parts: Int, _ body: @Sendable (Range<Int>) -> Void) {
        let parts = max(1, min(parts, count))
        let bounds = (0...parts).map { count * $0 / parts }
        if parts == 1 {
            body(0..<count)
            return
        }
        DispatchQueue.concurrentPerform(iterations: parts) { part in
            body(bounds[part]..<bounds[part + 1])
        }
    }
}

extension Parallel {
    /// Splits `0..<count` into at most `parts` contiguous ranges and runs `body` on each at
    /// once, every part given `buffer` to write at the indices it alone owns (for example
    /// the entries of the reps in its range).
    @inlinable package static func forEachPart<Element>(
        of count: Int, parts: Int, writingInto buffer: UnsafeMutableBufferPointer<Element>,
        _ body: @Sendable (Range<Int>, UnsafeMutableBufferPointer<Element>) -> Void
    ) {
        let shared = DisjointWrites(buffer: buffer)
        forEachPart(of: count, parts: parts) { range in body(range, shared.buffer) }
    }
}

extension Parallel {
    /// Runs `body` on consecutive ranges of `0..<count`, `chunk` long (the last shorter),
    /// on `threads` threads at once, each taking the next range until none are left: a
    /// thread on a core that runs slow for a while (a shared machine) does less, instead
    /// of the others waiting for its fixed share. `body` must not depend on which thread
    /// runs a range or in what order the ranges run.
    @inlinable package static func forEachChunk<Element>(
        of count: Int, chunk: Int, threads: Int, writingInto buffer: UnsafeMutableBufferPointer<Element>,
        _ body: @Sendable (Range<Int>, UnsafeMutableBufferPointer<Element>) -> Void
    ) {
        let shared = DisjointWrites(buffer: buffer)
        forEachChunk(of: count, chunk: chunk, threads: threads) { range in body(range, shared.buffer) }
    }

    /// ``forEachChunk(of:chunk:threads:writingInto:_:)`` for a `body` that keeps its own
    /// place for what it writes (a ``SharedBuffer``, say).
    @usableFromInline package static func forEachChunk(of count: Int, chunk: Int, threads: Int, _ body: @Sendable (Range<Int>) -> Void) {
        ChunkedWork.run(count: count, chunk: chunk, threads: threads, body)
    }
}

/// A buffer whose elements the parts of a parallel loop write at disjoint indices.
@usableFromInline struct DisjointWrites<Element>: @unchecked Sendable {
    @usableFromInline let buffer: UnsafeMutableBufferPointer<Element>

    @inlinable init(buffer: UnsafeMutableBufferPointer<Element>) { self.buffer = buffer }
}
