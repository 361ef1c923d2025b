import CoachLabData
import CoachLabIngestion
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CoachLabSystem

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
            var failure: Int32?
            produce { piece in
                if failure == nil && !writeAll(piece, to: STDOUT_FILENO) { failure = errno }
            }
            if let failure { throw CLIError("standard output cannot be written (\(WholeFileWrites.Failure(code: failure).reason))") }
            return
        }
        do {
            try WholeFileWrites.write(to: path, produce)
        } catch {
            throw CLIError("\(shown(path)): cannot be written (\(error.reason))")
        }
    }
}
