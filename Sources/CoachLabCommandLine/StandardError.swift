#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes to standard error through the file descriptor (no shared C `FILE` state).
enum StandardError {
    static func write(_ text: String) {
        var text = text
        _ = text.withUTF8 { writeAll(UnsafeRawBufferPointer($0), to: STDERR_FILENO) }
    }

    static var isTerminal: Bool { isatty(STDERR_FILENO) == 1 }
}
