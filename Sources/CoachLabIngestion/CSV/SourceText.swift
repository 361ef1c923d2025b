#if canImport(Glibc)
import CoachLabSystem
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CoachLabData

/// A file's text read again on the error path (to number its lines, to copy rejected rows):
/// its bytes as they are for UTF-8, its UTF-8 transcoding for another encoding, so that
/// lines and raw text are those the reader parsed.
enum SourceText {
    /// Hands `body` the text of the file at `path` a buffer at a time until it returns
    /// true or the text ends; false when the file cannot be opened.
    @discardableResult
    static func scan(path: String, encoding: TextEncoding, _ body: (UnsafeRawBufferPointer) -> Bool) -> Bool {
        guard case .success(let descriptor) = RegularFile.open(path) else { return false }
        defer { close(descriptor) }
        if encoding.transcodes {
            var status = stat()
            guard fstat(descriptor, &status) == 0 else { return false }
            let input = Input(descriptor: descriptor, size: Int(status.st_size), path: path)
            var raw = [UInt8](repeating: 0, count: input.size)
            guard input.read(into: &raw, at: 0) == raw.count else { return false }
            // Text that is not in the encoding stopped the read at its first line, which
            // needs no numbering beyond it: the raw bytes number it the same.
            let text = raw.withUnsafeBytes { bytes in (try? encoding.decode(bytes).get()) } ?? raw
            _ = text.withUnsafeBytes(body)
            return true
        }
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            if count <= 0 { return true }
            if buffer.withUnsafeBytes({ body(UnsafeRawBufferPointer(rebasing: $0[0..<count])) }) { return true }
        }
    }
}
