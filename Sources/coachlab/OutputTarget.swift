#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Standard output, or a file written whole through a temporary name.
struct OutputTarget {
    var path: String?

    func write(_ text: String) throws {
        var text = text
        try text.withUTF8 { try write(UnsafeRawBufferPointer($0)) }
    }

    func write(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { try write($0) }
    }

    private func write(_ bytes: UnsafeRawBufferPointer) throws {
        guard let path else {
            // Through the descriptor: a whole report is one write, and nothing else in a
            // command that renders one writes to standard output.
            guard writeAll(bytes, to: STDOUT_FILENO) else { throw CLIError("standard output cannot be written") }
            return
        }
        let temporary = path + ".tmp-\(getpid())"
        guard let file = fopen(temporary, "wb") else { throw CLIError("\(path): cannot be written") }
        let written = fwrite(bytes.baseAddress, 1, bytes.count, file)
        let closed = fclose(file)
        guard written == bytes.count, closed == 0, rename(temporary, path) == 0 else {
            unlink(temporary)
            throw CLIError("\(path): cannot be written")
        }
    }
}
