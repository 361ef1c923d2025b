#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What the reader checks of a file as a whole: that it is text (from its first bytes),
/// that it did not change while it was read, and the line of a byte for an error.
extension CSVReader {
    /// When a file was last modified, to the nanosecond.
    static func modified(_ status: stat) -> [Int] {
        #if canImport(Darwin)
        [Int(status.st_mtimespec.tv_sec), Int(status.st_mtimespec.tv_nsec)]
        #else
        [Int(status.st_mtim.tv_sec), Int(status.st_mtim.tv_nsec)]
        #endif
    }

    /// The reason a file starting with a UTF-16 byte order mark is not read as it is.
    static let utf16Reason = "this is UTF-16 text"

    /// Why the first bytes of a file show it is not CSV text, or nil.
    static func notTextReason(_ start: UnsafeRawBufferPointer) -> String? {
        if start.starts(with: Array("%PDF".utf8)) { return "this is a PDF document" }
        if start.starts(with: [0x50, 0x4B, 0x03, 0x04]) { return "this is a zip archive (an .xlsx workbook?)" }
        if start.starts(with: [0xFF, 0xFE]) || start.starts(with: [0xFE, 0xFF]) {
            return utf16Reason
        }
        // Binary files are full of NULs; a stray one is the row's problem (or none, in a
        // column nothing reads), wherever in the file it lies.
        let nuls = start.reduce(0) { $1 == 0 ? $0 + 1 : $0 }
        if nuls >= 4 && nuls * 64 >= start.count { return "this is binary data (it holds NUL bytes)" }
        return nil
    }

    /// The 1-based line holding byte `offset`, counted on the error path only.
    static func physicalLine(_ input: Input, offset: Int) -> Int {
        var line = 1
        input.scan(0..<offset, bufferSize: 1 << 16) { _, bytes in
            for byte in bytes where byte == 0x0A { line += 1 }
            return false
        }
        return line
    }
}
