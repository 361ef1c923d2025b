import CLibCSV
import CoachLabSystem

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The records of a CSV file in file order, each as its bytes exactly as the file has them
/// (its line break included), the line it starts on and the values of a few chosen fields:
/// for a command that copies rows whole (`coachlab split`) rather than reading columns.
///
/// libcsv parses the file with the options ``CSVReader`` gives it, one physical line per
/// call, so a record here is a row there: a quoted field may hold delimiters and line
/// breaks, and blank lines (which are not rows) are passed over and not handed on. The
/// file is read a chunk at a time; memory holds one chunk and the record being read.
public struct CSVRecordStream {
    /// The byte between fields.
    public var delimiter = UInt8(ascii: ",")
    /// Skip a report footer after the data (``ReportFooter``), as the reader does for a
    /// table read through a mapping.
    public var skipsReportFooter = false
    /// Bytes read at a time.
    public var chunkBytes = 1 << 20
    /// A record longer than this stops the read: almost always a stray quote.
    public var maxRecordBytes = 256 * 1024 * 1024

    public init() {}

    /// The first record: the column names.
    public struct Header {
        /// The record's bytes, a byte-order mark before it and its line break included.
        public var bytes: [UInt8]
        /// Each field's text as libcsv gives it (quotes removed, not decoded).
        public var fields: [[UInt8]]
        public var line: Int
    }

    /// A data record, valid only during the call that is handed it.
    public struct Record {
        /// The record's bytes, its line break included (the file's last record may have none).
        public var bytes: UnsafeRawBufferPointer
        /// The line the record starts on (1-based, as problems count lines).
        public var line: Int
        /// Fields in the record.
        public var fieldCount: Int
        fileprivate let fields: RecordFields

        /// Calls `body` with the value of the `index`th field asked for (quotes removed, not
        /// trimmed), nil when the record has too few fields to hold it.
        public func withValue<Result>(_ index: Int, _ body: (UnsafeRawBufferPointer?) throws -> Result) rethrows -> Result {
            guard fields.present[index] else { return try body(nil) }
            return try fields.values[index].withUnsafeBytes { try body($0) }
        }
    }

    /// What the read found besides its records.
    public struct Outcome {
        public var records = 0
        /// The report footer left unread, when one was skipped.
        public var footer: ReportFooter?
        /// The line the footer starts on.
        public var footerLine: Int?
    }

    /// Why the file could not be read to its end: where, when a line can say, and what.
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public var line: Int?
        public var message: String
        public var description: String { (line.map { "line \($0): " } ?? "") + message }
    }

    /// Reads the file at `path`.
    /// - Parameters:
    ///   - header: given the header; returns the positions of the fields whose values each
    ///     record carries (``Record/withValue(_:_:)`` takes an index into this list).
    ///   - record: given each data record in file order.
    public func read(
        path: String, header: (Header) throws -> [Int], record: (Record) throws -> Void
    ) throws -> Outcome {
        let descriptor: Int32
        switch RegularFile.open(path) {
        case .success(let opened): descriptor = opened
        case .failure(let failure): throw Failure(message: "cannot be read: \(failure.reason)")
        }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw Failure(message: "cannot be read: \(String(cString: strerror(errno)))") }
        let input = Input(descriptor: descriptor, size: Int(status.st_size), path: path)
        var prefix = [UInt8](repeating: 0, count: min(3, input.size))
        _ = input.read(into: &prefix, at: 0)
        let dataStart = prefix == [0xEF, 0xBB, 0xBF] ? 3 : 0
        var outcome = Outcome()
        var end = input.size
        if skipsReportFooter, let footer = ReportFooter.find(in: input, from: dataStart, delimiter: delimiter) {
            outcome.footer = footer
            end = footer.start
        }
        return try withoutActuallyEscaping(header) { header in
            try withoutActuallyEscaping(record) { record in
                let scan = RecordScan(delimiter: delimiter, maxRecordBytes: maxRecordBytes, header: header, record: record)
                try scan.run(input, dataStart: dataStart, end: end, chunkBytes: max(2, chunkBytes))
                outcome.records = scan.records
                if outcome.footer != nil { outcome.footerLine = scan.line }
                return outcome
            }
        }
    }
}

/// The field values libcsv hands over for the record being parsed.
private final class RecordFields {
    /// The positions of the fields kept; every field while the header is read.
    var wanted: [Int] = []
    var values: [[UInt8]] = []
    var present: [Bool] = []
    var headerFields: [[UInt8]] = []
    var readingHeader = true
    var fieldIndex = 0
    var fieldCount = 0
    var rowsEnded = 0

    func accept(_ bytes: UnsafeRawBufferPointer) {
        if readingHeader {
            headerFields.append(Array(bytes))
        } else {
            for (index, position) in wanted.enumerated() where position == fieldIndex {
                values[index].removeAll(keepingCapacity: true)
                values[index].append(contentsOf: bytes)
                present[index] = true
            }
        }
        fieldIndex += 1
    }

    func endRow() {
        fieldCount = fieldIndex
        fieldIndex = 0
        rowsEnded += 1
    }

    func keep(_ positions: [Int]) {
        readingHeader = false
        wanted = positions
        values = positions.map { _ in [] }
        present = positions.map { _ in false }
    }

    func clear() {
        for index in present.indices { present[index] = false }
    }
}

private let recordFieldCallback: @convention(c) (UnsafeMutableRawPointer?, Int, UnsafeMutableRawPointer?) -> Void = {
    bytes, length, context in
    let fields = Unmanaged<RecordFields>.fromOpaque(context.unsafelyUnwrapped).takeUnretainedValue()
    fields.accept(UnsafeRawBufferPointer(start: bytes, count: bytes == nil ? 0 : length))
}

private let recordRowCallback: @convention(c) (Int32, UnsafeMutableRawPointer?) -> Void = { _, context in
    Unmanaged<RecordFields>.fromOpaque(context.unsafelyUnwrapped).takeUnretainedValue().endRow()
}

/// One pass over a file: physical lines fed to libcsv one at a time, so that the end of
/// each row is known to the byte.
private final class RecordScan {
    let delimiter: UInt8
    let maxRecordBytes: Int
    let header: (CSVRecordStream.Header) throws -> [Int]
    let record: (CSVRecordStream.Record) throws -> Void
    let fields = RecordFields()
    /// The line the next byte fed is on.
    var line = 1
    var records = 0
    private var sawHeader = false
    /// Bytes of the record being read that came in earlier chunks.
    private var pending: [UInt8] = []
    /// Whether the record being read has a byte that is not blank (else it may be a blank line).
    private var recordOpen = false
    private var recordLine = 1

    init(delimiter: UInt8, maxRecordBytes: Int, header: @escaping (CSVRecordStream.Header) throws -> [Int],
         record: @escaping (CSVRecordStream.Record) throws -> Void) {
        self.delimiter = delimiter
        self.maxRecordBytes = maxRecordBytes
        self.header = header
        self.record = record
    }

    func run(_ input: Input, dataStart: Int, end: Int, chunkBytes: Int) throws {
        let parser = UnsafeMutablePointer<csv_parser>.allocate(capacity: 1)
        defer { parser.deallocate() }
        guard csv_init(parser, UInt8(CSV_STRICT | CSV_STRICT_FINI)) == 0 else {
            throw CSVRecordStream.Failure(message: "cannot start the CSV parser: out of memory")
        }
        defer { csv_free(parser) }
        csv_set_delim(parser, delimiter)
        let context = Unmanaged.passUnretained(fields).toOpaque()
        var buffer = [UInt8](repeating: 0, count: chunkBytes + 1)
        var offset = 0
        var heldCR = false
        while offset < end {
            var count = heldCR ? 1 : 0
            let wanted = min(chunkBytes, end - offset)
            let got = buffer.withUnsafeMutableBytes { input.read(into: $0.baseAddress! + count, count: wanted, at: offset) }
            guard got > 0 else { throw CSVRecordStream.Failure(message: "cannot be read: \(String(cString: strerror(errno)))") }
            offset += got
            count += got
            // A CR at the end of a chunk waits for the next: an LF after it belongs to its record.
            heldCR = offset < end && buffer[count - 1] == 0x0D
            if heldCR { count -= 1 }
            try buffer.withUnsafeBytes { bytes in
                try feed(UnsafeRawBufferPointer(rebasing: bytes[0..<count]), from: offset - got == 0 ? dataStart : 0,
                         parser: parser, context: context)
            }
            if heldCR { buffer[0] = 0x0D }
        }
        let rowsBefore = fields.rowsEnded
        if csv_fini(parser, recordFieldCallback, recordRowCallback, context) != 0 {
            throw CSVRecordStream.Failure(
                line: recordLine, message: "unterminated quoted field: the quote opened in the row starting here is never closed")
        }
        if fields.rowsEnded != rowsBefore {
            try pending.withUnsafeBytes { try emit($0) }
        }
        pending = []
        if !sawHeader { throw CSVRecordStream.Failure(message: "the file is empty: a header row is required") }
    }

    /// Feeds `chunk` from `start` a physical line at a time, handing on each record that ends.
    private func feed(
        _ chunk: UnsafeRawBufferPointer, from start: Int, parser: UnsafeMutablePointer<csv_parser>, context: UnsafeMutableRawPointer
    ) throws {
        let count = chunk.count
        var recordStart = 0
        var position = start
        while position < count {
            var terminator = position
            while terminator < count && chunk[terminator] != 0x0A && chunk[terminator] != 0x0D { terminator += 1 }
            let hasBreak = terminator < count
            let segmentEnd = !hasBreak ? count
                : chunk[terminator] == 0x0D && terminator + 1 < count && chunk[terminator + 1] == 0x0A ? terminator + 2 : terminator + 1
            if !recordOpen {
                var first = position
                while first < terminator && isBlank(chunk[first]) { first += 1 }
                if first < terminator {
                    recordOpen = true
                    recordLine = line
                } else if hasBreak {
                    // A blank line: libcsv skips it, and it is not copied.
                    pending.removeAll(keepingCapacity: true)
                    recordStart = segmentEnd
                    position = segmentEnd
                    line += 1
                    continue
                }
            }
            let length = segmentEnd - position
            let rowsBefore = fields.rowsEnded
            let consumed = csv_parse(parser, chunk.baseAddress! + position, length, recordFieldCallback, recordRowCallback, context)
            if consumed != length {
                let delimiterName = CSVReader.name(ofDelimiter: delimiter)
                throw CSVRecordStream.Failure(
                    line: line,
                    message: "malformed quoted field: a quote inside a field must be doubled (\"\"), and a closing quote must be followed by \(delimiterName) or the end of the line")
            }
            if hasBreak { line += 1 }
            position = segmentEnd
            if fields.rowsEnded != rowsBefore {
                if pending.isEmpty {
                    try emit(UnsafeRawBufferPointer(rebasing: chunk[recordStart..<segmentEnd]))
                } else {
                    pending.append(contentsOf: chunk[recordStart..<segmentEnd])
                    try pending.withUnsafeBytes { try emit($0) }
                    pending.removeAll(keepingCapacity: true)
                }
                recordStart = segmentEnd
                recordOpen = false
            }
        }
        pending.append(contentsOf: chunk[recordStart..<count])
        if pending.count > maxRecordBytes {
            throw CSVRecordStream.Failure(
                line: recordLine, message: "a row is longer than \(maxRecordBytes >> 20) MiB: is a quote left unterminated?")
        }
    }

    /// A byte libcsv skips before a row begins: a space, or a tab unless it separates fields.
    private func isBlank(_ byte: UInt8) -> Bool {
        byte == 0x20 || (byte == 0x09 && delimiter != 0x09)
    }

    private func emit(_ bytes: UnsafeRawBufferPointer) throws {
        if !sawHeader {
            sawHeader = true
            let names = fields.headerFields
            fields.headerFields = []
            fields.keep(try header(CSVRecordStream.Header(bytes: Array(bytes), fields: names, line: recordLine)))
        } else {
            records += 1
            try record(CSVRecordStream.Record(bytes: bytes, line: recordLine, fieldCount: fields.fieldCount, fields: fields))
        }
        fields.clear()
    }
}
