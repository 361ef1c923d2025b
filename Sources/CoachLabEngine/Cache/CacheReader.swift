import CoachLabData
/// Reads what ``CacheWriter`` wrote, from a mapped file, refusing anything out of bounds,
/// and checksums the body as it goes: a column is checksummed a chunk at a time right
/// after it is copied (while the chunk is in cache), so the file is read from memory once.
/// ``verify(checksum:)`` at the end decides whether anything read may be used.
struct CacheReader {
    private let body: UnsafeRawBufferPointer
    private var offset = 0
    private var recordStart = 0
    private var checksum = Checksum()
    /// The body is checksummed up to here (a multiple of 32).
    private var checked = 0

    init(body: UnsafeRawBufferPointer) { self.body = body }

    /// Whether the whole body has the checksum the header promised.
    mutating func verify(checksum expected: UInt64) -> Bool {
        checksum(through: body.count)
        return checksum.value == expected
    }

    /// Checksums the body up to `end` (a multiple of 32) from the file.
    private mutating func checksum(through end: Int) {
        guard end > checked else { return }
        checksum.add(UnsafeRawBufferPointer(rebasing: body[checked..<end]))
        checked = end
    }

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
        // Checked before multiplying: a corrupt count must not overflow.
        guard count >= 0, count <= (body.count - min(offset, body.count)) / MemoryLayout<T>.stride else { throw Corrupt() }
        let bytes = count * MemoryLayout<T>.stride
        guard count > 0 else { return [] }
        checksum(through: offset)
        let start = offset
        let source = body.baseAddress! + start
        var checksum = self.checksum
        let values = [T](unsafeUninitializedCapacity: count) { buffer, initialized in
            let destination = UnsafeMutableRawPointer(buffer.baseAddress!)
            HugePages.advise(destination, byteCount: bytes)
            let chunk = 256 * 1024
            var done = 0
            while done + 32 <= bytes {
                let length = min(chunk, (bytes - done) / 32 * 32)
                (destination + done).copyMemory(from: source + done, byteCount: length)
                checksum.add(UnsafeRawBufferPointer(start: destination + done, count: length))
                done += length
            }
            if done < bytes {
                (destination + done).copyMemory(from: source + done, byteCount: bytes - done)
            }
            initialized = count
        }
        self.checksum = checksum
        // The last partial block and its padding are checksummed from the file.
        checked = start + bytes / 32 * 32
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
