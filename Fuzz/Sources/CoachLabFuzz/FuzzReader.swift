#if canImport(Glibc)
import Glibc
#endif
import CFuzzDriver
import CoachLabIngestion

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
/// dataset uses, one parser and several (pieces split at line breaks), then once more
/// through an export mapping's value formats with bad rows skipped; and the bytes given
/// straight to the value parsers. Any outcome but a crash, a hang or a sanitizer report is
/// fine: problems are the expected answer to noise.
func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = UnsafeRawBufferPointer(start: data, count: size)
    ValueFormats.exercise(bytes)
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
    var lenient = CSVReader()
    lenient.threads = 2
    lenient.minimumPieceBytes = 64
    lenient.problemLimit = 5
    lenient.skipsBadRows = true
    _ = try? lenient.read(path: path, displayName: "fuzz.csv", columns: ValueFormats.mappedColumns)
    return 0
}

/// The value formats a mapping can give, and columns that read with them.
enum ValueFormats {
    static let money = NumberFormat(groupingSeparator: ",", currencySymbol: "$")
    static let european = NumberFormat(decimalSeparator: UInt8(ascii: ","), groupingSeparator: ".", currencySymbol: "€")
    static let percent = NumberFormat(groupingSeparator: "\u{00A0}", isPercent: true)
    static let usDate = try! DatePattern("MM/dd/yyyy")
    static let fiscal = try! DatePattern("'FY'yy-'P'PP", fiscalCalendar: .init(startMonth: 2))
    static let monthName = try! DatePattern("MMMM yyyy")
    static let rating = TierRule.thresholds(exceeds: 4, meets: 3, number: NumberFormat())
    static let labels = TierRule.labels(["top": .exceeds, "ok": .meets])

    static let mappedColumns: [CSVColumnRequest] = {
        func mapped(_ name: String, _ kind: CSVColumnKind, _ format: ValueFormat) -> CSVColumnRequest {
            var request = CSVColumnRequest(name, kind)
            request.header = name.uppercased()
            request.format = format
            return request
        }
        let missing = ["N/A", "-"]
        return [
            mapped("a", .text, ValueFormat(tiers: rating, missingValues: missing)),
            mapped("b", .number, ValueFormat(number: money, missingValues: missing)),
            mapped("c", .integer, ValueFormat(number: european)),
            mapped("d", .date, ValueFormat(datePattern: usDate)),
            mapped("e", .month, ValueFormat(datePattern: fiscal, missingValues: missing)),
        ]
    }()

    static func exercise(_ bytes: UnsafeRawBufferPointer) {
        for format in [money, european, percent] { _ = format.parse(bytes) }
        for pattern in [usDate, fiscal, monthName] {
            _ = pattern.date(bytes)
            _ = pattern.month(bytes)
        }
        _ = rating.tier(bytes)
        _ = labels.tier(bytes)
        _ = FieldParsers.number(bytes)
        _ = FieldParsers.date(bytes)
        _ = FieldParsers.month(bytes)
    }
}

enum FuzzFile {
    static let path: String = {
        let base = getenv("TMPDIR").map { String(cString: $0) } ?? "/tmp"
        return base + "/coachlab-fuzz-\(getpid()).csv"
    }()
}
