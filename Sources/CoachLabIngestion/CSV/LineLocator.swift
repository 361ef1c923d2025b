import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CoachLabData
import CoachLabSystem

/// Finds the line on which a data row starts, on the error path only: the first question
/// rescans the file once (quote-aware, as libcsv splits records) and later ones are answered
/// from the resulting ``LineMap``. Reading a file counts no lines at all.
public final class LineLocator: Sendable {
    public let path: String
    /// The file's encoding: lines are those of its UTF-8 text, as the reader parsed it.
    public let encoding: TextEncoding
    private let scan = Mutex<LineScan?>(nil)

    public init(path: String, encoding: TextEncoding = .utf8) {
        self.path = path
        self.encoding = encoding
    }

    /// The 1-based line on which data row `row` (0-based) starts.
    public func line(ofRow row: Int) -> Int { result.map.line(ofRow: row) }

    /// The line of the header row.
    public var headerLine: Int { result.headerLine }

    /// Blank lines between records, which are not rows. A file without a line that could
    /// be blank is answered by one quick pass; only one with such a line is rescanned
    /// quote-aware (a blank-looking line may lie inside a quoted field).
    public var blankLines: Int {
        if scan.withLock({ $0 == nil }) && !encoding.transcodes && Self.certainlyHasNoBlankLines(path: path) { return 0 }
        return result.blankLines
    }

    /// Whether the file at `path` has no line, quotes ignored, that is empty or only spaces
    /// and tabs and ends in a line break, and no carriage return outside a CRLF pair (which
    /// the full scan counts as a line break of its own). Quotes can only make a blank-looking
    /// line part of a field, never make a blank line, so `true` is exact; `false` (or a file
    /// that cannot be mapped) leaves the answer to the full scan.
    static func certainlyHasNoBlankLines(path: String) -> Bool {
        guard case .success(let descriptor) = RegularFile.open(path) else { return false }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { return false }
        let size = Int(status.st_size)
        guard size > 0 else { return true }
        guard let base = mmap(nil, size, PROT_READ, MAP_PRIVATE, descriptor, 0), base != MAP_FAILED else { return false }
        defer { munmap(base, size) }
        let bytes = UnsafeRawBufferPointer(start: base, count: size)
        // Line breaks are found with memchr, a line's length apart, not byte by byte.
        var from = 0
        while from < size, let found = memchr(base + from, 0x0D, size - from) {
            let position = base.distance(to: found)
            guard position + 1 < size, bytes[position + 1] == 0x0A else { return false }
            from = position + 2
        }
        from = 0
        while from < size, let found = memchr(base + from, 0x0A, size - from) {
            var next = base.distance(to: found) + 1
            while next < size && (bytes[next] == 0x20 || bytes[next] == 0x09) { next += 1 }
            if next < size && (bytes[next] == 0x0A || bytes[next] == 0x0D) { return false }
            from = base.distance(to: found) + 1
        }
        return true
    }

    private var result: LineScan {
        scan.withLock { cached in
            if let cached { return cached }
            let fresh = LineScan(path: path, encoding: encoding)
            cached = fresh
            return fresh
        }
    }
}

/// One quote-aware pass over a file recording where each record starts.
struct LineScan: Sendable {
    var map = LineMap()
    var headerLine = 1
    var blankLines = 0

    init(path: String, encoding: TextEncoding = .utf8) {
        var map = LineMap()
        var headerLine = 1
        var blankLines = 0
        var record = -1
        var rowHasContent = false
        var inQuotes = false
        var pendingQuote = false  // a quote inside a quoted field, not yet known to be doubled
        LineCounter.walk(path: path, encoding: encoding) { byte, line, pairedLF in
            if pairedLF { return true }
            if pendingQuote {
                pendingQuote = false
                if byte == 0x22 { return true }  // a doubled quote stays inside the field
                inQuotes = false
            }
            if inQuotes {
                if byte == 0x22 { pendingQuote = true }
                return true
            }
            switch byte {
            case 0x0A, 0x0D:
                if !rowHasContent && record >= 0 { blankLines += 1 }
                rowHasContent = false
            case 0x20, 0x09:
                break
            default:
                if !rowHasContent {
                    rowHasContent = true
                    record += 1
                    if record == 0 { headerLine = line } else { map.record(row: record - 1, line: line) }
                }
                if byte == 0x22 { inQuotes = true }
            }
            return true
        }
        self.map = map
        self.headerLine = headerLine
        self.blankLines = blankLines
    }
}
