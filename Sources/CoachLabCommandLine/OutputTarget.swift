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

    /// Refuses, before anything is computed, a file that could not be written at the end:
    /// a missing or unwritable folder, or a path that is a folder.
    func checkWritable() throws {
        guard let path, path != "-" else { return }
        if InputFile.isFolder(path) { throw CLIError("\(shown(path)): is a folder, not a file to write") }
        let slash = path.lastIndex(of: "/")
        let folder = slash.map { $0 == path.startIndex ? "/" : String(path[..<$0]) } ?? "."
        guard InputFile.isFolder(folder) else {
            let missing = access(folder, F_OK) != 0
            throw CLIError("\(shown(path)): cannot be written (" + (missing ? "the folder \(shown(folder)) does not exist)" : "\(shown(folder)) is not a folder)"))
        }
        guard access(folder, W_OK) == 0 else {
            throw CLIError("\(shown(path)): cannot be written (the folder \(shown(folder)) is not writable)")
        }
    }

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
