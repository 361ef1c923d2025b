#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An open file read at offsets, safe to share between threads.
struct Input: @unchecked Sendable {
    let descriptor: Int32
    let size: Int
    let path: String
    /// The file's text when it was transcoded (read from here, not the descriptor).
    var memory: UnsafeRawBufferPointer?

    /// The first `size` bytes of the input.
    func prefix(_ size: Int) -> Input {
        Input(descriptor: descriptor, size: min(size, self.size), path: path, memory: memory)
    }

    func read(into buffer: UnsafeMutableRawPointer, count: Int, at offset: Int) -> Int {
        if let memory {
            let available = max(0, min(count, size - offset))
            if available > 0 { buffer.copyMemory(from: memory.baseAddress! + offset, byteCount: available) }
            return available
        }
        var done = 0
        while done < count {
            let got = pread(descriptor, buffer + done, count - done, off_t(offset + done))
            if got < 0 && errno == EINTR { continue }
            if got <= 0 { break }
            done += got
        }
        return done
    }

    func read(into array: inout [UInt8], at offset: Int) -> Int {
        array.withUnsafeMutableBytes { read(into: $0.baseAddress!, count: $0.count, at: offset) }
    }

    /// Reads `range` a buffer at a time, handing `body` each buffer's file offset and bytes
    /// until it returns true. Returns false when reading failed before the range ended.
    @discardableResult
    func scan(_ range: Range<Int>, bufferSize: Int = 1 << 20, _ body: (Int, UnsafeRawBufferPointer) -> Bool) -> Bool {
        var buffer = [UInt8](repeating: 0, count: max(1, min(bufferSize, range.count)))
        var offset = range.lowerBound
        while offset < range.upperBound {
            let count = buffer.withUnsafeMutableBytes { read(into: $0.baseAddress!, count: min($0.count, range.upperBound - offset), at: offset) }
            if count <= 0 { return false }
            if buffer.withUnsafeBytes({ body(offset, UnsafeRawBufferPointer(rebasing: $0[0..<count])) }) { return true }
            offset += count
        }
        return true
    }
}
