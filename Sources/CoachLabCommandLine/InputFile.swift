#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A whole input read into memory: a file, or standard input for `-`.
enum InputFile {
    static func isStandardInput(_ path: String) -> Bool { path == "-" }

    /// How problems name the input.
    static func displayName(_ path: String) -> String { isStandardInput(path) ? "<stdin>" : path }

    static func read(_ path: String) throws -> [UInt8] {
        let descriptor = isStandardInput(path) ? 0 : open(path, O_RDONLY)
        guard descriptor >= 0 else { throw CLIError("\(path): cannot be read: \(String(cString: strerror(errno)))") }
        defer { if descriptor != 0 { close(descriptor) } }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let count = chunk.withUnsafeMutableBytes { readBytes(descriptor, $0.baseAddress!, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count >= 0 else {
                throw CLIError("\(displayName(path)): cannot be read: \(String(cString: strerror(errno)))")
            }
            if count == 0 { break }
            bytes += chunk[..<count]
        }
        return bytes
    }

    /// Whether `path` names a folder.
    static func isFolder(_ path: String) -> Bool {
        var status = stat()
        return stat(path, &status) == 0 && (status.st_mode & S_IFMT) == S_IFDIR
    }
}

private func readBytes(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
    read(descriptor, buffer, count)
}
