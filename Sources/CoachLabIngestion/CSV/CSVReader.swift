import CoachLabData

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CoachLabSystem

/// Reads CSV files with libcsv (RFC 4180 quoting, strict mode) into typed columns.
///
/// Only the requested columns are converted; the others are tokenised and dropped. A large
/// file is split into pieces at line breaks outside quoted fields (an even number of quotes
/// precedes them), several per thread, each parsed by its own libcsv parser on whichever
/// thread is free, and the pieces joined in file order: the result is the same, to the bit,
/// for any number of threads. The cuts are made at the first line break after each share
/// and checked after the parse from the quotes each piece counted (a bad cut is moved and
/// the file parsed again); a file whose start shows quoted fields holding line breaks is
/// cut by counting quotes from the start instead.
///
/// Problems (a ragged row, a value that does not parse, invalid UTF-8) are collected with
/// their line and column, up to ``problemLimit``; a malformed quote, an unterminated quoted
/// field or a file that is not text stops the read with one problem saying where. Lines are
/// only counted when there is a problem to place.
public struct CSVReader: Sendable {
    /// Bytes handed to libcsv per call (the best size measured, Benchmarks/README.md).
    public var bufferSize = 64 * 1024
    /// Problems kept per file; the rest are only counted.
    public var problemLimit = 20
    /// A field longer than this stops the read: almost always a stray quote.
    public var maxFieldBytes = 256 * 1024 * 1024
    /// Parsers to run at once on a large file.
    public var threads = AvailableCores.count
    /// The smallest piece a file is cut into; a file under twice this is read whole.
    ///
    /// A large file is cut into more pieces than threads, each taken by the next thread to
    /// free up, so that a core that runs slow for a while (a shared or virtual machine)
    /// parses fewer of them instead of the others waiting for its fixed share. Pieces
    /// shrink towards the end of the file (each is a `1 / (2 × threads)` share of what
    /// remains, "guided" scheduling): the threads finish within about one small piece of
    /// each other, with few pieces to join (see ``smallestPiece(of:threads:minimum:)``).
    public var minimumPieceBytes = 2 * 1024 * 1024
    /// How much of a large file's start is looked at for quoted fields holding line breaks,
    /// which decide how the file is cut (see ``CSVReader``).
    var quoteSampleBytes = 1 << 20
    /// Bytes read between calls of ``read(path:displayName:columns:progress:)``'s progress.
    public var progressInterval = 16 << 20
    /// Leave out rows with a bad value or the wrong number of fields, recording each in
    /// ``ParsedTable/rejected``, instead of reporting them as problems. Problems that make
    /// the rest of a file meaningless (a broken quote, a missing column) still stop it.
    public var skipsBadRows = false
    /// The byte between fields: a comma, or what an export uses instead (`;` from a
    /// spreadsheet set to a language with a decimal comma, a tab).
    public var delimiter = UInt8(ascii: ",")

    /// The file's encoding; one other than UTF-8 is transcoded in memory before parsing.
    public var encoding = TextEncoding.utf8
    /// Skip a report footer after the data (``ReportFooter``) rather than read it as rows.
    public var skipsReportFooter = false
    /// Where the line declaring a file's encoding goes, for a file that is not UTF-8.
    public var encodingAdvice: EncodingAdvice?

    /// Called between parsing a file and checking that it did not change meanwhile (tests
    /// change it here).
    var afterParsing: (@Sendable () -> Void)?

    public init() {}

    /// Reads `path`, naming it `displayName` in problems.
    /// - Parameter progress: called with (bytes read, file size) about every
    ///   ``progressInterval`` bytes, from the parsing threads, and once at the end.
    /// - Throws: ``DatasetError/unreadable(file:reason:)`` when the file cannot be opened or read.
    public func read(
        path: String, displayName: String, columns: [CSVColumnRequest],
        progress: (@Sendable (Int, Int) -> Void)? = nil
    ) throws(DatasetError) -> ParsedTable {
        let descriptor: Int32
        switch RegularFile.open(path) {
        case .success(let opened): descriptor = opened
        case .failure(let failure): throw .unreadable(file: displayName, reason: failure.reason)
        }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw .unreadable(file: displayName, reason: String(cString: strerror(errno))) }
        var input = Input(descriptor: descriptor, size: Int(status.st_size), path: path)
        let lines = LineLocator(path: path, encoding: encoding)
        // A file in another encoding is parsed from its UTF-8 text, held here.
        var transcoded: UnsafeMutableRawBufferPointer?
        defer { transcoded?.deallocate() }
        if encoding.transcodes {
            switch transcode(input) {
            case .text(let text):
                transcoded = text
                input = Input(descriptor: descriptor, size: text.count, path: path, memory: UnsafeRawBufferPointer(text))
            case .failure(let problem):
                return Self.unreadTable(displayName, lines, problem.resolved(file: displayName, lines: lines))
            }
        }

        var prefix = [UInt8](repeating: 0, count: min(4096, input.size))
        guard input.read(into: &prefix, at: 0) == prefix.count else {
            throw .unreadable(file: displayName, reason: String(cString: strerror(errno)))
        }
        if let reason = prefix.withUnsafeBytes(Self.notTextReason) {
            return ParsedTable(file: displayName, header: [], rowCount: 0, columns: [:], lines: lines,
                               problems: [InputProblem(file: displayName, message: notTextMessage(reason))], problemCount: 1)
        }
        if !encoding.transcodes, let problem = notUTF8(prefix, cutShort: prefix.count < input.size, input: input) {
            return Self.unreadTable(displayName, lines, problem.resolved(file: displayName, lines: lines))
        }
        let dataStart = prefix.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        var footer: ReportFooter?
        if skipsReportFooter, let found = ReportFooter.find(in: input, from: dataStart, delimiter: delimiter) {
            footer = found
            input = input.prefix(found.start)
        }
        // Room for every row up front (from the line length of the first bytes), so that
        // columns never grow by copying and the pieces join into the first one's storage.
        let lineBreaks = prefix.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
        let rowBytes = lineBreaks > 1 ? max(8, prefix.count / lineBreaks) : 64
        let expectedRows = input.size / rowBytes + input.size / rowBytes / 50 + 16

        var pieces = [dataStart..<input.size]
        var header: [String] = []
        // A large file's header is read first, so that its columns' final arrays are made
        // before the parse and values go straight into them (see ``FinalColumns``).
        if input.size - dataStart >= 2 * minimumPieceBytes, let found = readHeader(input, from: dataStart, columns: columns) {
            header = found
            if threads > 1 {
                let targets = Self.guidedTargets(
                    from: dataStart, to: input.size, threads: threads,
                    minimumPiece: Self.smallestPiece(of: input.size - dataStart, threads: threads, minimum: minimumPieceBytes))
                // Cut at the first line break after each share, on the bet that it is outside
                // quotes (each piece counts its quotes as it goes, and the bet is checked) —
                // unless the file's first megabyte already shows quoted fields holding line
                // breaks: then cut where an even number of quotes comes first, counted from
                // the start (one read of the file).
                if Self.quotedLineBreak(input, from: dataStart, within: quoteSampleBytes) {
                    pieces = Self.pieces(input, from: dataStart, at: targets, cuttingAt: Self.lineBreaksOutsideQuotes)
                } else {
                    pieces = Self.pieces(input, from: dataStart, at: targets, cuttingAt: Self.lineBreaksAfterTargets)
                }
            }
        }
        var columns = columns
        if pieces.count > 1 {
            for index in columns.indices { columns[index].dictionary?.interner.prepareForSharedLookups() }
        }
        var result = parse(input, pieces: pieces, header: header, columns: columns, expectedRows: expectedRows, progress: progress)
        if pieces.count > 1 && !result.unreadable && !Self.cutsOutsideQuotes(quotesPerPiece: result.quotesPerPiece) {
            // A cut fell inside a quoted field (one holding a line break): move it on to the
            // next line break with an even number of quotes before it (the pieces' counts
            // give the parity at each cut) and parse again.
            pieces = Self.cutsMovedOutOfQuotes(input, pieces, quotesPerPiece: result.quotesPerPiece)
            result = parse(input, pieces: pieces, header: header, columns: columns, expectedRows: expectedRows, progress: nil)
        }
        if pieces.count > 1 && result.stopped {
            // A structural error: report it exactly as one parser over the whole file does.
            result = parse(input, pieces: [dataStart..<input.size], header: [], columns: columns,
                           expectedRows: expectedRows, progress: nil)
        }
        if result.unreadable { throw .unreadable(file: displayName, reason: String(cString: strerror(errno))) }
        if !encoding.transcodes { collapseInvalidText(&result, prefix: prefix) }
        afterParsing?()
        // A file written to while it was read gives a mix of old and new rows: refuse it.
        var after = stat()
        guard fstat(descriptor, &after) == 0, after.st_size == status.st_size,
              Self.modified(after) == Self.modified(status) else {
            throw .unreadable(file: displayName, reason: "it changed while it was being read; read it again once it is complete")
        }
        var table = ParsedTable(
            file: displayName, header: result.header, rowCount: result.rowCount - result.rejected.count,
            columns: result.columns, dictionaries: result.dictionaries, lines: lines,
            problems: result.problems.map { $0.resolved(file: displayName, lines: lines) },
            problemCount: result.problemCount)
        table.stopped = result.stopped
        for request in columns where request.header != nil {
            if let found = result.header.first(where: { $0 == request.headerName })
                ?? result.header.first(where: { $0.lowercased() == request.headerName.lowercased() }) {
                table.columnHeaders[request.name] = found
            }
        }
        table.badRows = result.badRows
        table.footer = footer
        table.problemGroups = result.tallies.map { $0.resolved(file: displayName, lines: lines) }
        table.rejected = result.rejected.map { pending in
            guard case .row(let row) = pending.location else { preconditionFailure("a rejected row is located by row") }
            return RejectedRow(fileRow: row, problem: pending.resolved(file: displayName, lines: lines))
        }
        return table
    }
}
