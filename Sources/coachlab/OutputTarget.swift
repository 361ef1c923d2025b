#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Standard output, or a file written whole through a temporary name.
struct OutputTarget {
    var path: String?

    func write(_ text: String) throws {
        guard let path else {
            print(text, terminator: "")
            return
        }
        let temporary = path + ".tmp-\(getpid())"
        guard let file = fopen(temporary, "wb") else { throw CLIError("\(path): cannot be written") }
        let bytes = Array(text.utf8)
        let written = fwrite(bytes, 1, bytes.count, file)
        let closed = fclose(file)
        guard written == bytes.count, closed == 0, rename(temporary, path) == 0 else {
            unlink(temporary)
            throw CLIError("\(path): cannot be written")
        }
    }
}
