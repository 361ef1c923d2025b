import CLibCSV
import CoachLabData
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// libcsv's field callback: hands the field to the parse state behind `context`.
private let fieldCallback: @convention(c) (UnsafeMutableRawPointer?, Int, UnsafeMutableRawPointer?) -> Void = {
    bytes, length, context in
    let state = context.unsafelyUnwrapped.assumingMemoryBound(to: ParseState.self)
    state.pointee.acceptField(UnsafeRawBufferPointer(start: bytes, count: bytes == nil ? 0 : length))
}

/// libcsv's row callback.
private let rowCallback: @convention(c) (Int32, UnsafeMutableRawPointer?) -> Void = { _, context in
    let state = context.unsafelyUnwrapped.assumingMemoryBound(to: ParseState.self)
    state.pointee.endRow()
}

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
    /// Bytes handed to libcsv per call (64 KiB measured best).
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
    /// each other, with few pieces to join (21 for a 651 MB file on 2 threads; see
    /// ``smallestPiece(of:threads:minimum:)``).
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

    // MARK: Pieces

    /// The whole file's parse: pieces parsed at once, joined in order.
    struct Outcome {
        var header: [String] = []
        var rowCount = 0
        var columns: [String: ParsedColumn] = [:]
        var dictionaries: [String: TextDictionary] = [:]
        var problems: [PendingProblem] = []
        var problemCount = 0
        var rejected: [PendingProblem] = []
        var badRows: [Int] = []
        var stopped = false
        var unreadable = false
        /// The quotes in each piece's bytes (all of them, even after a piece stopped).
        var quotesPerPiece: [Int] = []
        /// Reported problems by column and reason.
        var tallies: [ProblemTally] = []
        /// The first value that is not UTF-8.
        var firstInvalidText: InvalidText?
    }

    private func parse(
        _ input: Input, pieces: [Range<Int>], header: [String], columns: [CSVColumnRequest],
        expectedRows: Int, progress: (@Sendable (Int, Int) -> Void)?
    ) -> Outcome {
        guard !header.isEmpty else {
            let states = makeStates(input, pieces: pieces, header: header, columns: columns, expectedRows: expectedRows) { _ in [] }
            defer { Self.release(states) }
            let unreadable = run(input, pieces: pieces, states: states, progress: progress)
            return join(states, unreadable: unreadable)
        }
        // The pieces write into regions of each column's final array, in proportion to
        // their bytes, with room to spare (memory never written costs nothing).
        let layout = ParseState.layout(requests: columns, header: header)
        let kept = layout.indices.filter { layout[$0].kind != .skip }
        let holdsNumbers = kept.map { layout[$0].kind == .number || layout[$0].kind == .integer }
        let capacity = expectedRows + expectedRows / 4 + 1024
        let first = pieces[0].lowerBound
        let span = max(1, pieces[pieces.count - 1].upperBound - first)
        let starts = pieces.map { capacity * ($0.lowerBound - first) / span } + [capacity]
        var outcome = Outcome()
        var placed: [Int] = []
        let storages = FinalColumns.make(holdsNumbers: holdsNumbers, capacity: capacity) { bases in
            let states = makeStates(input, pieces: pieces, header: header, columns: columns, expectedRows: expectedRows) { piece in
                var regions = [ColumnRegion?](repeating: nil, count: layout.count)
                for (j, column) in kept.enumerated() {
                    let stride = holdsNumbers[j] ? MemoryLayout<Double>.stride : MemoryLayout<Int32>.stride
                    regions[column] = ColumnRegion(base: bases[j] + starts[piece] * stride, capacity: starts[piece + 1] - starts[piece])
                }
                return regions
            }
            defer { Self.release(states) }
            let unreadable = run(input, pieces: pieces, states: states, progress: progress)
            (outcome, placed) = joinInPlace(states, unreadable: unreadable, names: kept.map { layout[$0].name },
                                            bases: bases, capacity: capacity)
            // A column joined elsewhere (-1) leaves its final array empty.
            return placed.map { max(0, $0) }
        }
        for (j, column) in kept.enumerated() where placed[j] >= 0 {
            let name = layout[column].name
            switch (storages[j], layout[column].kind) {
            case (.numbers(let values), _): outcome.columns[name] = .numbers(values)
            case (.int32s(let codes), .text):
                outcome.columns[name] = .text(CategoricalColumn(codes: codes, categories: outcome.dictionaries[name]?.interner.strings ?? []))
            case (.int32s(let values), .date): outcome.columns[name] = .dates(values)
            case (.int32s(let values), _): outcome.columns[name] = .months(values)
            }
        }
        return outcome
    }

    /// A parse state per piece: the first reads the header, the others start from it.
    private func makeStates(
        _ input: Input, pieces: [Range<Int>], header: [String], columns: [CSVColumnRequest], expectedRows: Int,
        regions: (Int) -> [ColumnRegion?]
    ) -> [UnsafeMutablePointer<ParseState>] {
        pieces.enumerated().map { index, piece in
            let state = ParseState.allocateApart(ParseState.self, count: 1).baseAddress!
            if index == 0 {
                state.initialize(to: ParseState(requests: columns, problemLimit: problemLimit, expectedRows: expectedRows))
                state.pointee.regions = regions(index)
            } else {
                state.initialize(to: ParseState(requests: columns, problemLimit: problemLimit, header: header,
                                                expectedRows: expectedRows * piece.count / max(1, input.size),
                                                regions: regions(index)))
            }
            state.pointee.skipsBadRows = skipsBadRows
            return state
        }
    }

    private static func release(_ states: [UnsafeMutablePointer<ParseState>]) {
        for state in states {
            state.deinitialize(count: 1)
            state.deallocate()
        }
    }

    /// Parses the pieces at once; true when reading the file failed.
    private func run(
        _ input: Input, pieces: [Range<Int>], states: [UnsafeMutablePointer<ParseState>],
        progress: (@Sendable (Int, Int) -> Void)?
    ) -> Bool {
        let shared = SharedPieces(states: states, progressInterval: progressInterval)
        ChunkedWork.run(count: pieces.count, chunk: 1, threads: threads) { indices in
            for index in indices {
                let ok = parsePiece(input, pieces[index], state: shared.states[index], progress: progress,
                                    read: shared.read, nextProgress: shared.nextProgress)
                if !ok { shared.unreadable.store(true, ordering: .relaxed) }
            }
        }
        progress?(input.size, input.size)
        return shared.unreadable.load(ordering: .relaxed)
    }

    /// "a comma", "a semicolon", "a tab", "'|'".
    static func name(ofDelimiter delimiter: UInt8) -> String {
        switch delimiter {
        case UInt8(ascii: ","): "a comma"
        case UInt8(ascii: ";"): "a semicolon"
        case UInt8(ascii: "\t"): "a tab"
        default: "'\(Character(Unicode.Scalar(delimiter)))'"
        }
    }

    /// Feeds one piece of the file to a parser of its own. Returns false on a read error.
    /// - Parameters:
    ///   - read: bytes read so far by all pieces.
    ///   - nextProgress: the count of bytes read at which `progress` is next called (by
    ///     whichever piece gets there).
    private func parsePiece(
        _ input: Input, _ piece: Range<Int>, state: UnsafeMutablePointer<ParseState>,
        progress: (@Sendable (Int, Int) -> Void)?, read total: borrowing Atomic<Int>, nextProgress: borrowing Atomic<Int>
    ) -> Bool {
        let parser = UnsafeMutablePointer<csv_parser>.allocate(capacity: 1)
        defer { parser.deallocate() }
        guard csv_init(parser, UInt8(CSV_STRICT | CSV_STRICT_FINI)) == 0 else { return false }
        defer { csv_free(parser) }
        csv_set_delim(parser, delimiter)
        var buffer = [UInt8](repeating: 0, count: bufferSize)
        var offset = piece.lowerBound
        while offset < piece.upperBound && !state.pointee.stopped {
            let wanted = min(bufferSize, piece.upperBound - offset)
            let count = buffer.withUnsafeMutableBytes { input.read(into: $0.baseAddress!, count: wanted, at: offset) }
            if count <= 0 { return false }
            let consumed = buffer.withUnsafeBytes { bytes in
                let chunk = UnsafeRawBufferPointer(rebasing: bytes[0..<count])
                state.pointee.quotes += Self.quotes(in: chunk)
                return csv_parse(parser, chunk.baseAddress, count, fieldCallback, rowCallback, state)
            }
            if consumed != count {
                state.pointee.report(.line(Self.physicalLine(input, offset: offset + consumed)), column: state.pointee.currentColumn,
                    "malformed quoted field: a quote inside a field must be doubled (\"\"), and a closing quote must be followed by \(Self.name(ofDelimiter: delimiter)) or the end of the line")
                state.pointee.stopped = true
                return countQuotes(input, offset + count..<piece.upperBound, into: state)
            }
            offset += count
            if csv_get_buffer_size(parser) > maxFieldBytes {
                state.pointee.report(.row(state.pointee.rowCount),
                    "a field is longer than \(maxFieldBytes >> 20) MiB: is a quote left unterminated?")
                state.pointee.stopped = true
                return countQuotes(input, offset..<piece.upperBound, into: state)
            }
            let sofar = total.add(count, ordering: .relaxed).newValue
            if let progress {
                let due = nextProgress.load(ordering: .relaxed)
                if sofar >= due && nextProgress.compareExchange(
                    expected: due, desired: sofar + progressInterval, ordering: .relaxed).exchanged {
                    progress(sofar, input.size)
                }
            }
        }
        if !state.pointee.stopped && csv_fini(parser, fieldCallback, rowCallback, state) != 0 {
            state.pointee.report(.row(state.pointee.rowCount),
                "unterminated quoted field: the quote opened in the row starting here is never closed")
            state.pointee.stopped = true
        }
        if piece.lowerBound < 4 && !state.pointee.stopped && state.pointee.readingHeader {
            state.pointee.report(.file, "the file is empty: a header row is required")
        }
        return true
    }

    /// Adds the quotes in `range` of the input to a stopped piece's count, so that where
    /// its cuts fall can still be checked. Returns false on a read error.
    private func countQuotes(_ input: Input, _ range: Range<Int>, into state: UnsafeMutablePointer<ParseState>) -> Bool {
        input.scan(range) { _, bytes in
            state.pointee.quotes += Self.quotes(in: bytes)
            return false
        }
    }

    /// The header names, from a parse of the start of the file.
    private func readHeader(_ input: Input, from start: Int, columns: [CSVColumnRequest]) -> [String]? {
        var state = ParseState(requests: columns, problemLimit: 0)
        state.stopsAfterHeader = true
        let probe = input.prefix(start + (1 << 20))
        withUnsafeMutablePointer(to: &state) { pointer in
            _ = parsePiece(probe, start..<probe.size, state: pointer, progress: nil, read: Atomic<Int>(0), nextProgress: Atomic<Int>(0))
        }
        defer { _ = state.finishColumns() }
        return state.readingHeader || state.problemCount > 0 ? nil : state.header
    }

    /// Where a piece boundary after `target` goes, searching from `position` (the previous
    /// boundary, or the start) and updating it: just after a line break at or after
    /// `target`, or nil at the end of the input.
    typealias CutRule = (_ input: Input, _ target: Int, _ position: inout Int, _ quotes: inout Int) -> Int?

    /// Where the pieces of `start..<end` should end (before each is moved to a line
    /// break): each a `1 / (2 × threads)` share of what remains, at least `minimumPiece`.
    /// The size the guided pieces of `bytes` shrink to: half of `minimum` (1 MiB) for a large
    /// file, down to an eighth of it for a file of a few megabytes (reps.csv of a large org),
    /// so that the threads finish within a small piece of each other. Measured on the L org's
    /// 651 MB (21 pieces): cold run median 2.088 s at 2 MiB, 2.063 s at 1 MiB, 2.070 s at
    /// 512 KiB; its 12 MB reps.csv, 60–67 ms down to pieces of 2 MiB, 54–60 ms down to 370 KiB.
    static func smallestPiece(of bytes: Int, threads: Int, minimum: Int) -> Int {
        min(minimum / 2, max(minimum / 8, bytes / (16 * max(1, threads))))
    }

    static func guidedTargets(from start: Int, to end: Int, threads: Int, minimumPiece: Int) -> [Int] {
        var targets: [Int] = []
        var position = start
        while true {
            let size = max(minimumPiece, (end - position) / (2 * max(1, threads)))
            guard end - position >= size + minimumPiece else { return targets }
            position += size
            targets.append(position)
        }
    }

    /// The pieces of the input from `start`, cut by `rule` near each of `targets`.
    static func pieces(_ input: Input, from start: Int, at targets: [Int], cuttingAt rule: CutRule) -> [Range<Int>] {
        var bounds = [start]
        var position = start
        var quotes = 0
        for target in targets {
            guard target > position else { continue }
            guard let boundary = rule(input, target, &position, &quotes), boundary < input.size else { break }
            bounds.append(boundary)
            position = boundary
        }
        bounds.append(input.size)
        return zip(bounds, bounds.dropFirst()).map { $0..<$1 }.filter { !$0.isEmpty }
    }

    /// Just after the first line break at or after `target`, whatever precedes it: no
    /// reading but around the target. Outside quotes unless a quoted field holds a line
    /// break there, which ``cutsOutsideQuotes(quotesPerPiece:)`` finds after the parse.
    static func lineBreaksAfterTargets(_ input: Input, target: Int, position: inout Int, quotes: inout Int) -> Int? {
        var found: Int?
        input.scan(target..<input.size, bufferSize: 64 * 1024) { offset, bytes in
            found = bytes.firstIndex(of: 0x0A).map { offset + $0 + 1 }
            return found != nil
        }
        return found
    }

    /// `pieces` with each cut that has an odd number of quotes before it moved on to the
    /// next line break outside quotes (cuts it passes are dropped).
    static func cutsMovedOutOfQuotes(_ input: Input, _ pieces: [Range<Int>], quotesPerPiece: [Int]) -> [Range<Int>] {
        var bounds = [pieces[0].lowerBound]
        var quotesBefore = 0
        for (piece, quotes) in zip(pieces, quotesPerPiece).dropLast() {
            quotesBefore += quotes
            var cut: Int? = piece.upperBound
            if quotesBefore % 2 != 0 {
                var position = piece.upperBound
                var parity = 1
                cut = lineBreaksOutsideQuotes(input, target: position, position: &position, quotes: &parity)
            }
            guard let cut, cut < input.size else { break }
            if cut > bounds[bounds.count - 1] { bounds.append(cut) }
        }
        bounds.append(input.size)
        return zip(bounds, bounds.dropFirst()).map { $0..<$1 }.filter { !$0.isEmpty }
    }

    /// Whether a line break lies inside a quoted field within the first `limit` bytes
    /// from `start` (a file whose cuts would likely land inside one).
    static func quotedLineBreak(_ input: Input, from start: Int, within limit: Int) -> Bool {
        var inQuotes = false
        var found = false
        input.scan(start..<max(start, min(input.size, start + limit))) { _, bytes in
            for byte in bytes {
                if byte == 0x22 { inQuotes.toggle() } else if byte == 0x0A && inQuotes { found = true }
            }
            return found
        }
        return found
    }

    /// Whether every cut between pieces has an even number of quotes before it (so lies
    /// outside any quoted field), from the quotes each piece counted.
    static func cutsOutsideQuotes(quotesPerPiece: [Int]) -> Bool {
        var before = 0
        for quotes in quotesPerPiece.dropLast() {
            before += quotes
            if before % 2 != 0 { return false }
        }
        return true
    }

    /// The number of `"` bytes in `bytes` (memchr skips to each: almost free in a file
    /// without quotes).
    @inline(__always)
    static func quotes(in bytes: UnsafeRawBufferPointer) -> Int {
        guard let base = bytes.baseAddress else { return 0 }
        var count = 0
        var index = 0
        while index < bytes.count, let hit = memchr(base + index, 0x22, bytes.count - index) {
            count += 1
            index = base.distance(to: UnsafeRawPointer(hit)) + 1
        }
        return count
    }

    /// Just after the first line break at or after `target` preceded by an even number of
    /// quotes (so outside any quoted field), counting quotes from `position` with `quotes`
    /// counted before it.
    static func lineBreaksOutsideQuotes(_ input: Input, target: Int, position: inout Int, quotes: inout Int) -> Int? {
        var found: Int?
        var counted = quotes
        input.scan(position..<input.size) { offset, bytes in
            // Up to the target only quotes matter.
            let scanEnd = max(0, min(bytes.count, target - offset))
            counted += Self.quotes(in: UnsafeRawBufferPointer(rebasing: bytes[0..<scanEnd]))
            for index in scanEnd..<bytes.count {
                if bytes[index] == 0x22 { counted += 1 }
                if bytes[index] == 0x0A && counted % 2 == 0 {
                    found = offset + index + 1
                    return true
                }
            }
            return false
        }
        quotes = counted
        if let found { position = found }
        return found
    }

    // MARK: Helpers

    /// When a file was last modified, to the nanosecond.
    static func modified(_ status: stat) -> [Int] {
        #if canImport(Darwin)
        [Int(status.st_mtimespec.tv_sec), Int(status.st_mtimespec.tv_nsec)]
        #else
        [Int(status.st_mtim.tv_sec), Int(status.st_mtim.tv_nsec)]
        #endif
    }

    static let utf16Reason = "this is UTF-16 text"

    /// Why the first bytes of a file show it is not CSV text, or nil.
    static func notTextReason(_ start: UnsafeRawBufferPointer) -> String? {
        if start.starts(with: Array("%PDF".utf8)) { return "this is a PDF document" }
        if start.starts(with: [0x50, 0x4B, 0x03, 0x04]) { return "this is a zip archive (an .xlsx workbook?)" }
        if start.starts(with: [0xFF, 0xFE]) || start.starts(with: [0xFE, 0xFF]) {
            return utf16Reason
        }
        // Binary files are full of NULs; a stray one is the row's problem (or none, in a
        // column nothing reads), wherever in the file it lies.
        let nuls = start.reduce(0) { $1 == 0 ? $0 + 1 : $0 }
        if nuls >= 4 && nuls * 64 >= start.count { return "this is binary data (it holds NUL bytes)" }
        return nil
    }

    /// The 1-based line holding byte `offset`, counted on the error path only.
    static func physicalLine(_ input: Input, offset: Int) -> Int {
        var line = 1
        input.scan(0..<offset, bufferSize: 1 << 16) { _, bytes in
            for byte in bytes where byte == 0x0A { line += 1 }
            return false
        }
        return line
    }
}

/// The per-piece states and counters that the parsing threads share; a piece's state is
/// touched only by the thread parsing that piece.
private final class SharedPieces: @unchecked Sendable {
    let states: [UnsafeMutablePointer<ParseState>]
    let read = Atomic<Int>(0)
    let nextProgress: Atomic<Int>
    let unreadable = Atomic<Bool>(false)

    init(states: [UnsafeMutablePointer<ParseState>], progressInterval: Int) {
        self.states = states
        nextProgress = Atomic<Int>(progressInterval)
    }
}
