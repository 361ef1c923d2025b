#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A generated file written under `<path>.tmp` and renamed into place once whole, so that a
/// folder never holds half of one: a failed write removes the temporary and names the file
/// the user asked for, with the system's reason.
struct WholeFile {
    let path: String
    var out: ByteWriter
    /// Committed or abandoned: the file is closed.
    private var finished = false

    private var temporary: String { path + ".tmp" }

    init(_ path: String) throws(GeneratorError) {
        self.path = path
        do {
            out = try ByteWriter(path: path + ".tmp")
        } catch {
            throw Self.named(path, error)
        }
    }

    /// Closes the file and renames it into place; returns the bytes written.
    mutating func commit() throws(GeneratorError) -> Int {
        precondition(!finished, "a file is committed once")
        finished = true
        do {
            try out.close()
        } catch {
            unlink(temporary)
            throw Self.named(path, error)
        }
        guard rename(temporary, path) == 0 else {
            let failure = GeneratorError.cannotWrite(path, reason: errno)
            unlink(temporary)
            throw failure
        }
        return out.bytesWritten
    }

    /// Closes and removes the temporary, after something else failed; nothing once the
    /// file is committed.
    mutating func abandon() {
        guard !finished else { return }
        finished = true
        try? out.close()
        unlink(temporary)
    }

    private static func named(_ path: String, _ error: GeneratorError) -> GeneratorError {
        guard case .cannotWrite(_, let reason) = error else { return error }
        return .cannotWrite(path, reason: reason)
    }
}
