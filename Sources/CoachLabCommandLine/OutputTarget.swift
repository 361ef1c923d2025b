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
        try text.withUTF8 { bytes in try write { output in output(UnsafeRawBufferPointer(bytes)) } }
    }

    /// Writes what `produce` hands its output, piece by piece as it is produced (a report
    /// renderer's ``ResultRenderer/write(_:to:)``): a large report is never held whole.
    /// Standard output gets each piece through its descriptor (nothing else in a command
    /// that renders writes there); a file is complete or absent, as ``write(_:)`` leaves it.
    func write(_ produce: ((UnsafeRawBufferPointer) -> Void) -> Void) throws {
        guard let path else {
            var failed = false
            produce { piece in
                if !failed && !writeAll(piece, to: STDOUT_FILENO) { failed = true }
            }
            if failed { throw CLIError("standard output cannot be written") }
            return
        }
        let temporary = path + ".tmp-\(getpid())"
        guard let file = fopen(temporary, "wb") else { throw CLIError("\(path): cannot be written") }
        var failed = false
        produce { piece in
            if !failed && fwrite(piece.baseAddress, 1, piece.count, file) != piece.count { failed = true }
        }
        let closed = fclose(file)
        guard !failed, closed == 0, rename(temporary, path) == 0 else {
            unlink(temporary)
            throw CLIError("\(path): cannot be written")
        }
    }
}
