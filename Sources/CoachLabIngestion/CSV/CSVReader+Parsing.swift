import CLibCSV
import CoachLabData
import CoachLabSystem
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

/// libcsv driving: the pieces of a file parsed at once, each by a parser of its own on
/// whichever thread is free, with progress reported as bytes are read, and joined in order.
extension CSVReader {
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

    func parse(
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
    func readHeader(_ input: Input, from start: Int, columns: [CSVColumnRequest]) -> [String]? {
        var state = ParseState(requests: columns, problemLimit: 0)
        state.stopsAfterHeader = true
        let probe = input.prefix(start + (1 << 20))
        withUnsafeMutablePointer(to: &state) { pointer in
            _ = parsePiece(probe, start..<probe.size, state: pointer, progress: nil, read: Atomic<Int>(0), nextProgress: Atomic<Int>(0))
        }
        defer { _ = state.finishColumns() }
        return state.readingHeader || state.problemCount > 0 ? nil : state.header
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
