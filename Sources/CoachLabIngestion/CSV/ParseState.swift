import CoachLabData
import CoachLabSystem

/// Everything the libcsv callbacks touch, kept in one struct behind a pointer: no class
/// properties (exclusivity checks), closures, reference counting or line counting on the
/// per-field path.
struct ParseState {
    let requests: [CSVColumnRequest]
    let problemLimit: Int

    var sinks = UnsafeMutableBufferPointer<ColumnSink>(start: nil, count: 0)
    var width = 0
    /// Bit i set: field i (of the first 64) is a column nobody asked for, dropped before
    /// anything else is looked at.
    var skippedFields: UInt64 = 0
    var fieldIndex = 0
    var rowCount = 0
    var readingHeader = true
    var header: [String] = []
    var problems: [PendingProblem] = []
    var problemCount = 0
    /// Set by a problem that makes the rest of the input meaningless.
    var stopped = false
    /// Rows to make room for once the columns are known.
    var expectedRows = 0
    /// Whether to stop once the header is read (to learn the columns of a large file).
    var stopsAfterHeader = false
    /// Leave out a row with a bad value (`--on-error skip`) instead of reporting it.
    var skipsBadRows = false
    /// The first problem of the current row, when bad rows are skipped.
    var rowProblem: PendingProblem?
    /// Rows left out, each with its first problem (located by data row).
    var rejected: [PendingProblem] = []
    /// Rows with a reported problem (when rows are not skipped), ascending: later checks
    /// leave them alone rather than report them twice.
    var badRows: [Int] = []
    /// Where this piece writes each header column's values in the column's final storage
    /// (nil: into arrays of its own), by header position.
    var regions: [ColumnRegion?] = []
    /// The `"` bytes in this piece's input, counted as it is read: the parity of the
    /// quotes before a piece tells whether its first byte lies inside a quoted field.
    var quotes = 0
    /// Reported problems counted by column and reason, for messages that group them.
    var tallies: [ProblemTally] = []
    /// The first value that is not UTF-8, to tell the file's encoding from.
    var firstInvalidText: InvalidText?

    /// A state that starts at the header row.
    init(requests: [CSVColumnRequest], problemLimit: Int, expectedRows: Int = 0) {
        self.requests = requests
        self.problemLimit = problemLimit
        self.expectedRows = expectedRows
    }

    /// A state for a piece of the file after the header, which is already known.
    init(requests: [CSVColumnRequest], problemLimit: Int, header: [String], expectedRows: Int, regions: [ColumnRegion?] = []) {
        self.init(requests: requests, problemLimit: problemLimit, expectedRows: expectedRows)
        self.header = header
        self.regions = regions
        resolveHeader(reportingProblems: false)
    }

    // MARK: Fields

    @inline(__always)
    mutating func acceptField(_ bytes: UnsafeRawBufferPointer) {
        let index = fieldIndex
        fieldIndex += 1
        if index < 64 && (skippedFields >> UInt64(index)) & 1 != 0 { return }
        if stopped { return }
        if readingHeader {
            header.append(String(decoding: bytes, as: UTF8.self).trimmingSpaces())
            return
        }
        guard index < width else { return }
        let sink = sinks.baseAddress.unsafelyUnwrapped + index
        if sink.pointee.hasFormat {
            acceptFormatted(bytes, into: sink, column: index)
            return
        }
        switch sink.pointee.kind {
        case .skip:
            return
        case .number:
            appendNumber(trimmed(bytes), to: sink, column: index, wholeOnly: false)
        case .integer:
            appendNumber(trimmed(bytes), to: sink, column: index, wholeOnly: true)
        case .text:
            let value = trimmed(bytes)
            if value.isEmpty {
                sink.pointee.int32s.append(CategoricalColumn.missing)
            } else {
                let code = sink.pointee.interner.code(for: value)
                if code == ByteInterner.invalidUTF8 {
                    report(column: index, value, Self.invalidTextMessage(value), .invalidText)
                    sink.pointee.int32s.append(CategoricalColumn.missing)
                } else {
                    sink.pointee.int32s.append(code)
                }
            }
        case .date:
            let value = trimmed(bytes)
            if value.isEmpty {
                sink.pointee.int32s.append(CivilDate.missing)
            } else if let day = FieldParsers.date(value) {
                sink.pointee.int32s.append(day)
            } else {
                report(column: index, value, "is not a date (expected YYYY-MM-DD)", .notADate)
                sink.pointee.int32s.append(CivilDate.missing)
            }
        case .month:
            let value = trimmed(bytes)
            if value.isEmpty {
                sink.pointee.int32s.append(MonthIndex.missing)
            } else if let month = FieldParsers.month(value) {
                sink.pointee.int32s.append(month)
            } else {
                report(column: index, value, "is not a month (expected YYYY-MM)", .notAPeriod)
                sink.pointee.int32s.append(MonthIndex.missing)
            }
        }
    }

    /// Inlined with a constant `wholeOnly` at each call, so numbers never pay for the
    /// whole-number test (a call to trunc) that only integer columns make.
    @inline(__always)
    private mutating func appendNumber(
        _ value: UnsafeRawBufferPointer, to sink: UnsafeMutablePointer<ColumnSink>, column index: Int, wholeOnly: Bool
    ) {
        if value.isEmpty {
            sink.pointee.numbers.append(.nan)
        } else if let number = FieldParsers.number(value) {
            if wholeOnly && number != number.rounded(.towardZero) {
                report(column: index, value, "is not a whole number", .notAWholeNumber)
            }
            sink.pointee.numbers.append(number)
        } else {
            report(column: index, value, "is not a number", .notANumber)
            sink.pointee.numbers.append(.nan)
        }
    }

    // MARK: Rows

    @inline(__always)
    mutating func endRow() {
        if stopped || fieldIndex == 0 { return }
        if readingHeader {
            resolveHeader(reportingProblems: true)
            fieldIndex = 0
            if stopsAfterHeader { stopped = true }
            return
        }
        if fieldIndex != width {
            reportRow(PendingProblem(location: .row(rowCount), message: "has \(fieldIndex) fields but the header has \(width)",
                                     reason: .wrongFieldCount))
            if fieldIndex < width {
                for index in fieldIndex..<width { sinks[index].appendMissing() }
            }
        }
        if let problem = rowProblem {
            rowProblem = nil
            rejected.append(problem)
            for index in 0..<width { sinks[index].removeLast() }
        }
        rowCount += 1
        fieldIndex = 0
    }

    private mutating func resolveHeader(reportingProblems: Bool) {
        readingHeader = false
        width = header.count
        sinks = Self.allocateApart(ColumnSink.self, count: width)
        var claimed = [Int?](repeating: nil, count: requests.count)
        for (index, name) in header.enumerated() {
            let match = requests.firstIndex { $0.headerName == name }
                ?? requests.firstIndex { $0.headerName.lowercased() == name.lowercased() }
            if let match, claimed[match] == nil {
                claimed[match] = index
                (sinks.baseAddress! + index).initialize(to: ColumnSink(request: requests[match], name: name))
            } else {
                if reportingProblems, let match, let first = claimed[match] {
                    report(.header, column: name,
                           "appears more than once in the header (columns \(first + 1) and \(index + 1)); the first is used")
                }
                (sinks.baseAddress! + index).initialize(to: ColumnSink(kind: .skip, name: name))
            }
        }
        let missing = requests.indices.filter { requests[$0].isRequired && claimed[$0] == nil }
        if reportingProblems {
            // The header is listed once, in the first missing column's problem, each name
            // escaped and cut: one of a megabyte would otherwise fill the screen per column.
            for (position, request) in missing.enumerated() {
                let message = position == 0
                    ? "required column is missing (the header has \(Self.listed(header)))" + Self.otherDelimiterHint(header)
                    : "required column is missing (the header is listed above)"
                report(.header, column: requests[request].headerName, message)
            }
        }
        if !missing.isEmpty { stopped = true }
        for index in 0..<min(width, regions.count) {
            if let region = regions[index] { sinks[index].attach(region: region.base, capacity: region.capacity) }
        }
        for index in 0..<width { sinks[index].reserve(expectedRows) }
        for index in 0..<min(width, 64) where sinks[index].kind == .skip { skippedFields |= 1 << UInt64(index) }
    }

    // MARK: Helpers

    static func invalidTextMessage(_ value: UnsafeRawBufferPointer) -> String {
        value.contains(0) ? "holds a NUL byte (is this a binary file?)" : "is not valid UTF-8 text"
    }

    func trimmedValue(_ bytes: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer { trimmed(bytes) }

    @inline(__always)
    private func trimmed(_ bytes: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return UnsafeRawBufferPointer(start: nil, count: 0) }
        var start = 0
        var end = bytes.count
        if bytes[0] != 0x20 && bytes[end - 1] != 0x20 && bytes[0] != 0x09 && bytes[end - 1] != 0x09 {
            return bytes
        }
        while start < end && (bytes[start] == 0x20 || bytes[start] == 0x09) { start += 1 }
        while end > start && (bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09) { end -= 1 }
        return UnsafeRawBufferPointer(start: base + start, count: end - start)
    }

    mutating func report(column: Int, _ value: UnsafeRawBufferPointer, _ message: String, _ reason: RejectReason) {
        if reason == .invalidText && firstInvalidText == nil {
            firstInvalidText = InvalidText(row: rowCount, column: sinks[column].name, bytes: Array(value))
        }
        if skipsBadRows && rowProblem != nil { return }
        reportRow(PendingProblem(
            location: .row(rowCount), column: sinks[column].name, message: message,
            value: InputProblem.display(value), reason: reason))
    }

    /// A problem of the current row: reported, or the row's reason to be left out.
    mutating func reportRow(_ problem: PendingProblem) {
        if skipsBadRows {
            if rowProblem == nil { rowProblem = problem }
            return
        }
        if case .row(let row) = problem.location, badRows.last != row { badRows.append(row) }
        tallies.add(problem)
        problemCount += 1
        guard problems.count < problemLimit else { return }
        problems.append(problem)
    }

    mutating func report(_ location: PendingProblem.Location, column: String? = nil, _ message: String) {
        problemCount += 1
        guard problems.count < problemLimit else { return }
        problems.append(PendingProblem(location: location, column: column, message: message))
    }

    /// The name of the column the parser is in, if any.
    var currentColumn: String? {
        fieldIndex < width ? sinks[fieldIndex].name : nil
    }

    /// What each header column becomes (``ColumnSink/Kind/skip``: nothing) and the
    /// request it fills, by header position: the same for every piece of a file.
    static func layout(requests: [CSVColumnRequest], header: [String]) -> [(kind: ColumnSink.Kind, name: String)] {
        var state = ParseState(requests: requests, problemLimit: 0, header: header, expectedRows: 0)
        let layout = (0..<state.width).map { (state.sinks[$0].kind, state.sinks[$0].requestName) }
        _ = state.finishColumns()
        return layout
    }

    /// Memory for `count` values on cache lines of its own, so that parsers on other
    /// threads never write to the same line (false sharing halves their speed).
    static func allocateApart<T>(_ type: T.Type, count: Int) -> UnsafeMutableBufferPointer<T> {
        let line = 128
        let bytes = (max(1, count) * MemoryLayout<T>.stride + line - 1) / line * line
        let raw = UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: max(line, MemoryLayout<T>.alignment))
        return UnsafeMutableBufferPointer(start: raw.bindMemory(to: T.self, capacity: count), count: count)
    }

    /// Releases the sinks, returning the finished columns by request name.
    mutating func finishColumns() -> [String: PieceColumn] {
        var columns: [String: PieceColumn] = [:]
        for index in 0..<width {
            let sink = sinks.baseAddress! + index
            if let column = sink.pointee.finish() {
                columns[sink.pointee.requestName] = column
            }
        }
        if let base = sinks.baseAddress {
            base.deinitialize(count: width)
            base.deallocate()
        }
        sinks = UnsafeMutableBufferPointer(start: nil, count: 0)
        width = 0
        skippedFields = 0
        return columns
    }
}

extension ParseState {
    /// For a header read as one field that holds another delimiter (a spreadsheet set to a
    /// language with a decimal comma saves `rep_id;period;…`): what to do about it.
    /// The header's names for a message: each quoted, escaped and cut, the first 40.
    static func listed(_ header: [String]) -> String {
        guard !header.isEmpty else { return "none" }
        let shown = header.prefix(40).map { "'" + DisplayText.escaped($0, limit: 60) + "'" }.joined(separator: ", ")
        return shown + (header.count > 40 ? " and \(header.count - 40) more" : "")
    }

    static func otherDelimiterHint(_ header: [String]) -> String {
        guard header.count == 1 else { return "" }
        for (character, name, yaml) in [(";", "semicolons", "\";\""), ("\t", "tabs", "\"\\t\""), ("|", "'|'", "\"|\"")]
        where header[0].contains(character) {
            return "; the file looks separated by \(name), not commas: read it through a mapping with `delimiter: \(yaml)` (coachlab mapping init drafts one)"
        }
        return ""
    }
}
