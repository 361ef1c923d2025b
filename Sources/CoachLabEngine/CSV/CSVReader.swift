#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CLibCSV
import CoachLabData

/// libcsv's field callback: hands the field to the parse state behind `context`.
private let fieldCallback: @convention(c) (UnsafeMutableRawPointer?, Int, UnsafeMutableRawPointer?) -> Void = {
    bytes, length, context in
    let state = context.unsafelyUnwrapped.assumingMemoryBound(to: ParseState.self)
    state.pointee.acceptField(UnsafeRawBufferPointer(start: bytes, count: bytes == nil ? 0 : length))
}

/// libcsv's row callback: `terminator` is the byte that ended the row, or -1 at the end.
private let rowCallback: @convention(c) (Int32, UnsafeMutableRawPointer?) -> Void = { terminator, context in
    let state = context.unsafelyUnwrapped.assumingMemoryBound(to: ParseState.self)
    state.pointee.endRow(terminator: terminator)
}

/// Reads CSV files with libcsv (RFC 4180 quoting, strict mode) into typed columns.
///
/// Only the requested columns are converted; the others are tokenised and dropped.
/// Problems (a ragged row, a value that does not parse, invalid UTF-8) are collected with
/// their line and column, up to ``problemLimit``; a malformed quote, an unterminated quoted
/// field or a file that is not text stops the read with one problem saying where.
public struct CSVReader: Sendable {
    /// Bytes handed to libcsv per call (64 KiB measured best).
    public var bufferSize = 64 * 1024
    /// Problems kept per file; the rest are only counted.
    public var problemLimit = 20
    /// A field longer than this stops the read: almost always a stray quote.
    public var maxFieldBytes = 256 * 1024 * 1024

    public init() {}

    /// Reads `path`, naming it `displayName` in problems.
    /// - Parameter progress: called with (bytes read, file size) about every 16 MiB.
    /// - Throws: ``DatasetError/unreadable(file:reason:)`` when the file cannot be opened or read.
    public func read(
        path: String, displayName: String, columns: [CSVColumnRequest],
        progress: ((Int, Int) -> Void)? = nil
    ) throws(DatasetError) -> ParsedTable {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { throw .unreadable(file: displayName, reason: String(cString: strerror(errno))) }
        defer { close(descriptor) }
        var status = stat()
        let fileSize = fstat(descriptor, &status) == 0 ? Int(status.st_size) : 0

        let parser = UnsafeMutablePointer<csv_parser>.allocate(capacity: 1)
        defer { parser.deallocate() }
        guard csv_init(parser, UInt8(CSV_STRICT | CSV_STRICT_FINI | CSV_REPALL_NL)) == 0 else {
            throw .unreadable(file: displayName, reason: "out of memory")
        }
        defer { csv_free(parser) }

        let state = UnsafeMutablePointer<ParseState>.allocate(capacity: 1)
        state.initialize(to: ParseState(file: displayName, requests: columns, problemLimit: problemLimit))
        defer {
            state.deinitialize(count: 1)
            state.deallocate()
        }

        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: bufferSize, alignment: 16)
        defer { buffer.deallocate() }
        var offset = 0
        var nextProgress = 16 << 20
        var isFirstChunk = true
        while !state.pointee.stopped {
            let count = readBytes(descriptor, buffer.baseAddress, bufferSize)
            if count < 0 {
                if errno == EINTR { continue }
                throw .unreadable(file: displayName, reason: String(cString: strerror(errno)))
            }
            if count == 0 { break }
            var chunk = UnsafeRawBufferPointer(start: buffer.baseAddress, count: count)
            if isFirstChunk {
                isFirstChunk = false
                if let reason = Self.notTextReason(chunk) {
                    state.pointee.report(line: nil, "\(reason); expected CSV text")
                    state.pointee.stopped = true
                    break
                }
                if chunk.starts(with: [0xEF, 0xBB, 0xBF]) {
                    chunk = UnsafeRawBufferPointer(rebasing: chunk[3...])
                    offset = 3
                }
            }
            let consumed = csv_parse(parser, chunk.baseAddress, chunk.count, fieldCallback, rowCallback, state)
            if consumed != chunk.count {
                let line = Self.physicalLine(path: path, offset: offset + consumed)
                let column = state.pointee.fieldIndex < state.pointee.width
                    ? state.pointee.sinks[state.pointee.fieldIndex].name : nil
                state.pointee.report(
                    line: line, column: column,
                    "malformed quoted field: a quote inside a field must be doubled (\"\"), and a closing quote must be followed by a comma or the end of the line")
                state.pointee.stopped = true
                break
            }
            offset += chunk.count
            if csv_get_buffer_size(parser) > maxFieldBytes {
                state.pointee.report(
                    line: state.pointee.line,
                    "a field is longer than \(maxFieldBytes >> 20) MiB: is a quote left unterminated?")
                state.pointee.stopped = true
                break
            }
            if let progress, offset >= nextProgress {
                progress(offset, fileSize)
                nextProgress = offset + (16 << 20)
            }
        }
        if !state.pointee.stopped && csv_fini(parser, fieldCallback, rowCallback, state) != 0 {
            state.pointee.report(
                line: state.pointee.line,
                "unterminated quoted field: the quote opened in the row starting here is never closed")
            state.pointee.stopped = true
        }
        if !state.pointee.stopped && state.pointee.readingHeader {
            state.pointee.report(line: nil, "the file is empty: a header row is required")
        }
        progress?(offset, fileSize)

        let columns = state.pointee.finishColumns()
        return ParsedTable(
            file: displayName,
            header: state.pointee.header,
            rowCount: state.pointee.rowCount,
            columns: columns,
            lines: state.pointee.lineMap,
            blankLines: state.pointee.blankLines,
            problems: state.pointee.problems,
            problemCount: state.pointee.problemCount)
    }

    /// Why the first bytes of a file show it is not CSV text, or nil.
    static func notTextReason(_ start: UnsafeRawBufferPointer) -> String? {
        if start.starts(with: Array("%PDF".utf8)) { return "this is a PDF document" }
        if start.starts(with: [0x50, 0x4B, 0x03, 0x04]) { return "this is a zip archive (an .xlsx workbook?)" }
        if start.starts(with: [0xFF, 0xFE]) || start.starts(with: [0xFE, 0xFF]) {
            return "this is UTF-16 text; save it as UTF-8"
        }
        if start.prefix(4096).contains(0) { return "this is binary data (it holds NUL bytes)" }
        return nil
    }

    /// The 1-based line holding byte `offset`, counted on the error path only.
    static func physicalLine(path: String, offset: Int) -> Int? {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var line = 1
        var remaining = offset
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while remaining > 0 {
            let count = buffer.withUnsafeMutableBytes { readBytes(descriptor, $0.baseAddress, min($0.count, remaining)) }
            if count <= 0 { break }
            for byte in buffer[0..<count] where byte == 0x0A { line += 1 }
            remaining -= count
        }
        return line
    }
}

/// `read(2)`, named apart from ``CSVReader/read(path:displayName:columns:progress:)``.
private func readBytes(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
    read(descriptor, buffer, count)
}
