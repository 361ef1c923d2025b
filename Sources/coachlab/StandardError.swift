#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes to standard error through the file descriptor (no shared C `FILE` state).
enum StandardError {
    static func write(_ text: String) {
        var bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeMutableBytes { raw in
                unistd_write(STDERR_FILENO, raw.baseAddress! + offset, raw.count - offset)
            }
            if written <= 0 { return }
            offset += written
        }
    }

    static var isTerminal: Bool { isatty(STDERR_FILENO) == 1 }
}

private func unistd_write(_ descriptor: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    write(descriptor, buffer, count)
}
