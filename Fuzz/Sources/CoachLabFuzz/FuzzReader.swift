#if canImport(Glibc)
import Glibc
#endif
import CFuzzDriver
import CoachLabEngine

@main
struct FuzzMain {
    static func main() {
        var argc = CommandLine.argc
        var argv = CommandLine.unsafeArgv
        let status = withUnsafeMutablePointer(to: &argv) { argv in
            argv.withMemoryRebound(to: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?.self, capacity: 1) { argv in
                LLVMFuzzerRunDriver(&argc, argv, { data, size in fuzzOneInput(data!, size) })
            }
        }
        exit(status)
    }
}

/// One libFuzzer input: the bytes as a CSV file, read with every kind of column the
/// dataset uses, one parser and several (pieces split at line breaks). Any outcome but a
/// crash, a hang or a sanitizer report is fine: problems are the expected answer to noise.
func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let path = FuzzFile.path
    let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    guard descriptor >= 0 else { return 0 }
    var written = 0
    while written < size {
        let count = write(descriptor, data + written, size - written)
        if count <= 0 { break }
        written += count
    }
    close(descriptor)
    let columns = [
        CSVColumnRequest("a", .text, required: true), CSVColumnRequest("b", .number),
        CSVColumnRequest("c", .integer), CSVColumnRequest("d", .date), CSVColumnRequest("e", .month),
    ]
    for threads in [1, 2] {
        var reader = CSVReader()
        reader.threads = threads
        reader.minimumPieceBytes = 64
        reader.problemLimit = 5
        _ = try? reader.read(path: path, displayName: "fuzz.csv", columns: columns)
    }
    return 0
}

enum FuzzFile {
    static let path: String = {
        let base = getenv("TMPDIR").map { String(cString: $0) } ?? "/tmp"
        return base + "/coachlab-fuzz-\(getpid()).csv"
    }()
}
