import CoachLabData
import CoachLabSystem
import Dispatch

/// Reads what ``CacheWriter`` wrote, from a mapped file whose checksum was verified first,
/// refusing anything out of bounds. Columns are read where they lie in the mapping; arrays
/// are copied out (large ones by several threads at once).
package struct CacheReader {
    private let body: UnsafeRawBufferPointer
    /// What keeps `body` mapped, for the columns that stay in it.
    private let mapping: CacheMapping
    private var offset = 0
    /// Threads that copy a large array.
    package let threads: Int

    init(body: UnsafeRawBufferPointer, in mapping: CacheMapping, threads: Int = 1) {
        self.body = body
        self.mapping = mapping
        self.threads = max(1, threads)
    }

    package struct Corrupt: Error {
        package init() {}
    }

    package mutating func integer() throws(Corrupt) -> Int {
        guard offset + 8 <= body.count else { throw Corrupt() }
        let value = Int64(littleEndian: body.loadUnaligned(fromByteOffset: offset, as: Int64.self))
        offset += 8
        return Int(value)
    }

    package mutating func flag() throws(Corrupt) -> Bool { try integer() != 0 }

    package mutating func string() throws(Corrupt) -> String {
        let count = try integer()
        guard count >= 0, offset + count <= body.count else { throw Corrupt() }
        let value = String(decoding: UnsafeRawBufferPointer(rebasing: body[offset..<(offset + count)]), as: UTF8.self)
        offset += count
        return value
    }

    package mutating func strings() throws(Corrupt) -> [String] {
        let count = try integer()
        // Each string takes its 8-byte length at least: a count beyond that is refused
        // before room is made for it.
        guard count >= 0, count <= (body.count - offset) / 8 else { throw Corrupt() }
        // Where each string starts is found first (its length is the 8 bytes in front of it,
        // checked here), then the strings are made: the ids of a large org (a quarter of a
        // million reps) by several threads at once.
        var starts = [Int](repeating: 0, count: count)
        for index in 0..<count {
            let length = try integer()
            guard length >= 0, offset + length <= body.count else { throw Corrupt() }
            starts[index] = offset
            offset += length
        }
        align()
        let source = StringSource(body: body, starts: starts)
        let threads = count >= Self.stringsPerThread ? self.threads : 1
        return [String](unsafeUninitializedCapacity: count) { buffer, initialized in
            let target = StringTarget(buffer: buffer)
            ChunkedWork.run(count: count, chunk: Self.stringsPerThread / 4, threads: threads) { indices in
                for index in indices {
                    (target.buffer.baseAddress! + index).initialize(to: source.string(index))
                }
            }
            initialized = count
        }
    }

    /// Strings in a list long enough to be made on several threads.
    static let stringsPerThread = 65_536

    package mutating func array<T: BitwiseCopyable>(_ type: T.Type = T.self) throws(Corrupt) -> [T] {
        let values = try next(T.self)
        guard !values.isEmpty else { return [] }
        let copy = ParallelCopy(source: UnsafeRawPointer(values.baseAddress!), bytes: values.count * MemoryLayout<T>.stride)
        let threads = copy.bytes >= 8 << 20 ? self.threads : 1
        return [T](unsafeUninitializedCapacity: values.count) { buffer, initialized in
            copy.run(into: UnsafeMutableRawPointer(buffer.baseAddress!), threads: threads)
            initialized = values.count
        }
    }

    package mutating func optionalArray<T: BitwiseCopyable>(_ type: T.Type = T.self) throws(Corrupt) -> [T]? {
        try flag() ? try array(type) : nil
    }

    /// A column read in place: no copy, the mapping kept for as long as the column lives.
    package mutating func column<T>(_ type: T.Type = T.self) throws(Corrupt) -> Column<T> {
        Column(borrowing: try next(T.self), keptBy: mapping)
    }

    package mutating func optionalColumn<T>(_ type: T.Type = T.self) throws(Corrupt) -> Column<T>? {
        try flag() ? try column(type) : nil
    }

    /// The next array's values where they lie in the body (aligned: every array starts on
    /// a 32-byte boundary of a page-aligned mapping).
    private mutating func next<T: BitwiseCopyable>(_ type: T.Type) throws(Corrupt) -> UnsafeBufferPointer<T> {
        let count = try integer()
        align()
        // Checked before multiplying: a corrupt count must not overflow.
        guard count >= 0, count <= (body.count - min(offset, body.count)) / MemoryLayout<T>.stride else { throw Corrupt() }
        let start = body.baseAddress.map { $0 + offset }
        guard let start, count > 0 else { return UnsafeBufferPointer(start: nil, count: 0) }
        precondition(Int(bitPattern: start) % MemoryLayout<T>.alignment == 0, "a cached column is not aligned")
        offset += count * MemoryLayout<T>.stride
        align()
        return UnsafeBufferPointer(start: start.assumingMemoryBound(to: T.self), count: count)
    }

    /// Skips the padding to the next 32-byte boundary.
    package mutating func align() {
        offset = (offset + 31) / 32 * 32
    }
}

/// The verified body the threads of ``CacheReader/strings()`` read, and where each string
/// starts (its length, already checked, in the 8 bytes before it).
private struct StringSource: @unchecked Sendable {
    let body: UnsafeRawBufferPointer
    let starts: [Int]

    func string(_ index: Int) -> String {
        let start = starts[index]
        let length = Int(Int64(littleEndian: body.loadUnaligned(fromByteOffset: start - 8, as: Int64.self)))
        return String(decoding: UnsafeRawBufferPointer(rebasing: body[start..<(start + length)]), as: UTF8.self)
    }
}

/// The strings the threads of ``CacheReader/strings()`` make, each index by one thread.
private struct StringTarget: @unchecked Sendable {
    let buffer: UnsafeMutableBufferPointer<String>
}

/// A copy of a column out of the mapped file into memory backed by 2 MiB pages, in equal
/// parts on several threads (each part's page faults and copy run at once).
struct ParallelCopy: @unchecked Sendable {
    let source: UnsafeRawPointer
    let bytes: Int

    func run(into destination: UnsafeMutableRawPointer, threads: Int) {
        HugePages.advise(destination, byteCount: bytes)
        let target = Destination(pointer: destination)
        DispatchQueue.concurrentPerform(iterations: threads) { part in
            let start = bytes * part / threads / 64 * 64
            let end = part + 1 == threads ? bytes : bytes * (part + 1) / threads / 64 * 64
            (target.pointer + start).copyMemory(from: source + start, byteCount: end - start)
        }
    }

    private struct Destination: @unchecked Sendable {
        let pointer: UnsafeMutableRawPointer
    }
}
