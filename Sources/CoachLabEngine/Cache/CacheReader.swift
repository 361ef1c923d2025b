/// Reads what ``CacheWriter`` wrote, from a mapped file, refusing anything out of bounds.
struct CacheReader {
    private let body: UnsafeRawBufferPointer
    private var offset = 0
    private var recordStart = 0

    init(body: UnsafeRawBufferPointer) { self.body = body }

    struct Corrupt: Error {}

    mutating func integer() throws(Corrupt) -> Int {
        guard offset + 8 <= body.count else { throw Corrupt() }
        let value = Int64(littleEndian: body.loadUnaligned(fromByteOffset: offset, as: Int64.self))
        offset += 8
        return Int(value)
    }

    mutating func flag() throws(Corrupt) -> Bool { try integer() != 0 }

    mutating func string() throws(Corrupt) -> String {
        let count = try integer()
        guard count >= 0, offset + count <= body.count else { throw Corrupt() }
        let value = String(decoding: UnsafeRawBufferPointer(rebasing: body[offset..<(offset + count)]), as: UTF8.self)
        offset += count
        return value
    }

    mutating func strings() throws(Corrupt) -> [String] {
        let count = try integer()
        guard count >= 0, count <= body.count else { throw Corrupt() }
        var values: [String] = []
        values.reserveCapacity(count)
        for _ in 0..<count { values.append(try string()) }
        align()
        return values
    }

    mutating func array<T: BitwiseCopyable>(_ type: T.Type = T.self) throws(Corrupt) -> [T] {
        let count = try integer()
        align()
        let bytes = count * MemoryLayout<T>.stride
        guard count >= 0, offset + bytes <= body.count else { throw Corrupt() }
        guard count > 0 else { return [] }
        let source = body.baseAddress! + offset
        let values = [T](unsafeUninitializedCapacity: count) { buffer, initialized in
            HugePages.advise(UnsafeMutableRawPointer(buffer.baseAddress!), byteCount: bytes)
            UnsafeMutableRawPointer(buffer.baseAddress!).copyMemory(from: source, byteCount: bytes)
            initialized = count
        }
        offset += bytes
        align()
        return values
    }

    mutating func optionalArray<T: BitwiseCopyable>(_ type: T.Type = T.self) throws(Corrupt) -> [T]? {
        try flag() ? try array(type) : nil
    }

    /// Skips the padding to the next 32-byte boundary.
    mutating func align() {
        offset = (offset + 31) / 32 * 32
    }
}
