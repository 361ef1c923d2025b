import CoachLabData
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CoachLabSystem

/// A whole input read into memory: a regular file, or standard input for `-`.
enum InputFile {
    static func isStandardInput(_ path: String) -> Bool { path == "-" }

    /// How problems name the input.
    static func displayName(_ path: String) -> String { isStandardInput(path) ? "<stdin>" : path }

    /// The bytes of `path`.
    /// - Parameters:
    ///   - limit: the most bytes to read; a longer input is refused, not read to the end.
    ///   - kind: what the input should be, for messages ("state").
    ///   - refusingStart: why the first bytes (at least 64, or all when fewer) cannot start
    ///     such an input, if they cannot: it is refused then, not read to the end.
    static func read(
        _ path: String, limit: Int = .max, kind: String = "input", refusingStart: (([UInt8]) -> String?)? = nil
    ) throws -> [UInt8] {
        let name = displayName(path)
        let descriptor: Int32
        if isStandardInput(path) {
            descriptor = 0
        } else {
            switch RegularFile.open(path) {
            case .success(let opened): descriptor = opened
            case .failure(let failure): throw CLIError("\(shown(path)): cannot be read: \(failure.reason)")
            }
        }
        defer { if descriptor != 0 { close(descriptor) } }
        let tooLong = CLIError("\(shown(name)): is longer than \(limit) bytes, more than a \(kind) can be; refused rather than read whole")
        var status = stat()
        if fstat(descriptor, &status) == 0 && status.st_mode & S_IFMT == S_IFREG && Int(status.st_size) > limit { throw tooLong }
        var bytes: [UInt8] = []
        var checked = refusingStart == nil
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let count = chunk.withUnsafeMutableBytes { readBytes(descriptor, $0.baseAddress!, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count >= 0 else {
                throw CLIError("\(shown(name)): cannot be read: \(String(cString: strerror(errno)))")
            }
            bytes += chunk[..<count]
            if !checked && (bytes.count >= 64 || count == 0) {
                checked = true
                if let refusal = refusingStart?(bytes) { throw CLIError("\(shown(name)): \(refusal)") }
            }
            if count == 0 { break }
            if bytes.count > limit { throw tooLong }
        }
        return bytes
    }

    /// Whether `path` names a folder.
    static func isFolder(_ path: String) -> Bool {
        var status = stat()
        return stat(path, &status) == 0 && (status.st_mode & S_IFMT) == S_IFDIR
    }

    /// Whether `path` names a regular file (or a link to one).
    static func isRegularFile(_ path: String) -> Bool {
        var status = stat()
        return stat(path, &status) == 0 && (status.st_mode & S_IFMT) == S_IFREG
    }
}

private func readBytes(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
    read(descriptor, buffer, count)
}
