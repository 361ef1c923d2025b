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
        /// Fields in the record: all of them when a field asked for is missing; otherwise
        /// at least enough to hold every field asked for (a line without quotes is read only
        /// that far).
        public var fieldCount: Int
        fileprivate let fields: UnsafeMutablePointer<CSVRecordFields>

        /// The value of the `index`th field asked for as libcsv gives it (quotes removed;
        /// spaces outside quotes dropped), nil when the record has too few fields to hold it;
        /// valid as long as the record.
        public func value(_ index: Int) -> UnsafeRawBufferPointer? { fields.pointee.value(index) }
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
    ///     record carries (``Record/value(_:)`` takes an index into this list).
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
                var scan = RecordScan(delimiter: delimiter, maxRecordBytes: maxRecordBytes, header: header, record: record)
                defer { scan.release() }
                try scan.run(input, dataStart: dataStart, end: end, chunkBytes: max(2, chunkBytes))
                outcome.records = scan.records
                if outcome.footer != nil { outcome.footerLine = scan.line }
                return outcome
            }
        }
    }
}

private let recordFieldCallback: @convention(c) (UnsafeMutableRawPointer?, Int, UnsafeMutableRawPointer?) -> Void = {
    bytes, length, context in
    context.unsafelyUnwrapped.assumingMemoryBound(to: CSVRecordFields.self).pointee
        .accept(UnsafeRawBufferPointer(start: bytes, count: bytes == nil ? 0 : length))
}

private let recordRowCallback: @convention(c) (Int32, UnsafeMutableRawPointer?) -> Void = { _, context in
    context.unsafelyUnwrapped.assumingMemoryBound(to: CSVRecordFields.self).pointee.endRow()
}

/// One pass over a file: physical lines fed to libcsv one at a time, so that the end of
/// each row is known to the byte.
private struct RecordScan {
    let delimiter: UInt8
    let maxRecordBytes: Int
    let header: (CSVRecordStream.Header) throws -> [Int]
    let record: (CSVRecordStream.Record) throws -> Void
    let fields: UnsafeMutablePointer<CSVRecordFields> = {
        let fields = UnsafeMutablePointer<CSVRecordFields>.allocate(capacity: 1)
        fields.initialize(to: CSVRecordFields())
        return fields
    }()
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

    func release() {
        fields.pointee.release()
        fields.deinitialize(count: 1)
        fields.deallocate()
    }

    mutating func run(_ input: Input, dataStart: Int, end: Int, chunkBytes: Int) throws {
        let parser = UnsafeMutablePointer<csv_parser>.allocate(capacity: 1)
        defer { parser.deallocate() }
        guard csv_init(parser, UInt8(CSV_STRICT | CSV_STRICT_FINI)) == 0 else {
            throw CSVRecordStream.Failure(message: "cannot start the CSV parser: out of memory")
        }
        defer { csv_free(parser) }
        csv_set_delim(parser, delimiter)
        let context = UnsafeMutableRawPointer(fields)
        var buffer = [UInt8](repeating: 0, count: chunkBytes + 1)
        var offset = 0
        var heldCR = false
        while offset < end {
            let lead = heldCR ? 1 : 0
            var count = lead
            let wanted = min(chunkBytes, end - offset)
            let got = buffer.withUnsafeMutableBytes { input.read(into: $0.baseAddress! + count, count: wanted, at: offset) }
            guard got > 0 else { throw CSVRecordStream.Failure(message: "cannot be read: \(String(cString: strerror(errno)))") }
            offset += got
            count += got
            // A CR at the end of a chunk waits for the next: an LF after it belongs to its record.
            heldCR = offset < end && buffer[count - 1] == 0x0D
            if heldCR { count -= 1 }
            try buffer.withUnsafeBytes { bytes in
                try feed(UnsafeRawBufferPointer(rebasing: bytes[0..<count]), from: lead + max(0, min(got, dataStart - (offset - got))),
                         parser: parser, context: context)
            }
            if heldCR { buffer[0] = 0x0D }
        }
        let rowsBefore = fields.pointee.rowsEnded
        if csv_fini(parser, recordFieldCallback, recordRowCallback, context) != 0 {
            throw CSVRecordStream.Failure(
                line: recordLine, message: "unterminated quoted field: the quote opened in the row starting here is never closed")
        }
        if fields.pointee.rowsEnded != rowsBefore {
            let last = pending
            try last.withUnsafeBytes { try emit($0) }
        }
        pending = []
        if !sawHeader { throw CSVRecordStream.Failure(message: "the file is empty: a header row is required") }
    }

    /// Feeds `chunk` from `start` a physical line at a time, handing on each record that ends.
    private mutating func feed(
        _ chunk: UnsafeRawBufferPointer, from start: Int, parser: UnsafeMutablePointer<csv_parser>, context: UnsafeMutableRawPointer
    ) throws {
        let count = chunk.count
        var recordStart = 0
        var position = start
        while position < count {
            var terminator = position
            var quoted = false
            while terminator < count {
                let byte = chunk[terminator]
                if byte == 0x0A || byte == 0x0D { break }
                if byte == 0x22 { quoted = true }
                terminator += 1
            }
            let hasBreak = terminator < count
            let segmentEnd = !hasBreak ? count
                : chunk[terminator] == 0x0D && terminator + 1 < count && chunk[terminator + 1] == 0x0A ? terminator + 2 : terminator + 1
            let startsRecord = !recordOpen && pending.isEmpty && recordStart == position
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
            if startsRecord && sawHeader && hasBreak && !quoted {
                // A whole line without a quote is a row whose fields lie between delimiters,
                // as libcsv reads it; libcsv, between rows, has nothing to be told.
                fields.pointee.acceptUnquoted(UnsafeRawBufferPointer(rebasing: chunk[position..<terminator]), delimiter: delimiter)
                line += 1
                try emit(UnsafeRawBufferPointer(rebasing: chunk[position..<segmentEnd]))
                position = segmentEnd
                recordStart = segmentEnd
                recordOpen = false
                continue
            }
            let length = segmentEnd - position
            let rowsBefore = fields.pointee.rowsEnded
            let consumed = csv_parse(parser, chunk.baseAddress! + position, length, recordFieldCallback, recordRowCallback, context)
            if consumed != length {
                let delimiterName = CSVReader.name(ofDelimiter: delimiter)
                throw CSVRecordStream.Failure(
                    line: line,
                    message: "malformed quoted field: a quote inside a field must be doubled (\"\"), and a closing quote must be followed by \(delimiterName) or the end of the line")
            }
            if hasBreak { line += 1 }
            position = segmentEnd
            if fields.pointee.rowsEnded != rowsBefore {
                if pending.isEmpty {
                    try emit(UnsafeRawBufferPointer(rebasing: chunk[recordStart..<segmentEnd]))
                } else {
                    pending.append(contentsOf: chunk[recordStart..<segmentEnd])
                    let whole = pending
                    try whole.withUnsafeBytes { try emit($0) }
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

    private mutating func emit(_ bytes: UnsafeRawBufferPointer) throws {
        if !sawHeader {
            sawHeader = true
            let names = fields.pointee.headerFields
            fields.pointee.keep(try header(CSVRecordStream.Header(bytes: Array(bytes), fields: names, line: recordLine)))
        } else {
            records += 1
            try record(CSVRecordStream.Record(bytes: bytes, line: recordLine, fieldCount: fields.pointee.fieldCount, fields: fields))
        }
        fields.pointee.clear()
    }
}
