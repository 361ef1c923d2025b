
// Inlinable: the kernels in other modules make these arrays, and only a specialised copy
// initialises their elements at the speed of memory.
extension Array {
    /// `count` copies of `value` in memory backed by 2 MiB pages where the kernel allows:
    /// a per-rep or per-row array of tens of megabytes then costs a page fault per 2 MiB
    /// instead of per 4 KiB as it is first written. Same contents as
    /// `Array(repeating:count:)`.
    @inlinable package init(largeRepeating value: Element, count: Int) {
        self.init(unsafeUninitializedCapacity: count) { buffer, initialized in
            if let base = buffer.baseAddress {
                HugePages.advise(UnsafeMutableRawPointer(base), byteCount: count * MemoryLayout<Element>.stride)
                base.initialize(repeating: value, count: count)
            }
            initialized = count
        }
    }

    /// ``init(largeRepeating:count:)`` with the memory first touched by `threads` threads
    /// at once: for an array of tens of megabytes, the page faults (the kernel zeroing
    /// each page) are most of the cost of making it.
    @inlinable package init(largeRepeating value: Element, count: Int, threads: Int) where Element: Sendable {
        self.init(unsafeUninitializedCapacity: count) { buffer, initialized in
            if let base = buffer.baseAddress {
                HugePages.advise(UnsafeMutableRawPointer(base), byteCount: count * MemoryLayout<Element>.stride)
                let parts = Swift.max(1, Swift.min(threads, count / 65_536))
                Parallel.forEachPart(of: count, parts: parts, writingInto: UnsafeMutableBufferPointer(rebasing: buffer[0..<count])) { range, buffer in
                    (buffer.baseAddress! + range.lowerBound).initialize(repeating: value, count: range.count)
                }
            }
            initialized = count
        }
    }

    /// Room for `count` elements written by `fill`, backed as ``init(largeRepeating:count:)``.
    @inlinable package init(largeUninitializedCount count: Int, fill: (UnsafeMutableBufferPointer<Element>) -> Void) {
        self.init(unsafeUninitializedCapacity: count) { buffer, initialized in
            if let base = buffer.baseAddress {
                HugePages.advise(UnsafeMutableRawPointer(base), byteCount: count * MemoryLayout<Element>.stride)
            }
            fill(UnsafeMutableBufferPointer(rebasing: buffer[0..<count]))
            initialized = count
        }
    }
}
