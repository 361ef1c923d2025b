/// A problem found while parsing, located by data row until lines are looked up (which
/// only happens when there are problems to show).
struct PendingProblem: Sendable {
    enum Location: Sendable {
        /// A data row, 0-based within the chunk that found it.
        case row(Int)
        /// The header row.
        case header
        /// A physical line already known.
        case line(Int)
        /// The file as a whole.
        case file
    }

    var location: Location
    var column: String?
    var message: String
    var value: String?
    var reason: RejectReason?

    /// The same problem with its row counted from the start of the file.
    func shifted(by rows: Int) -> PendingProblem {
        guard case .row(let row) = location else { return self }
        var copy = self
        copy.location = .row(row + rows)
        return copy
    }

    func resolved(file: String, lines: LineLocator) -> InputProblem {
        let line: Int? = switch location {
        case .row(let row): lines.line(ofRow: row)
        case .header: lines.headerLine
        case .line(let line): line
        case .file: nil
        }
        return InputProblem(file: file, line: line, column: column, message: message, value: value, reason: reason)
    }
}

/// The first value of a file that is not UTF-8, kept whole to tell what encoding it is in.
struct InvalidText: Sendable {
    var row: Int
    var column: String
    var bytes: [UInt8]

    func shifted(by rows: Int) -> InvalidText {
        InvalidText(row: row + rows, column: column, bytes: bytes)
    }
}

/// Problems of one kind in one column of a file as the reader finds them: all counted, the
/// first few kept as examples and their values for guessing a fix (``ProblemGroup``).
struct ProblemTally: Sendable {
    var column: String?
    var reason: RejectReason
    var count = 0
    var examples: [PendingProblem] = []
    var values: [String] = []

    init(column: String?, reason: RejectReason) {
        self.column = column
        self.reason = reason
    }

    mutating func add(_ problem: PendingProblem) {
        count += 1
        if examples.count < ProblemGroup.exampleLimit { examples.append(problem) }
        if values.count < ProblemGroup.valueLimit, let value = problem.value { values.append(value) }
    }

    /// Adds a later piece's tally of the same problems, its rows after `rows` of this one's.
    mutating func merge(_ later: ProblemTally, shiftedBy rows: Int) {
        count += later.count
        examples += later.examples.prefix(ProblemGroup.exampleLimit - examples.count).map { $0.shifted(by: rows) }
        values += later.values.prefix(ProblemGroup.valueLimit - values.count)
    }

    func resolved(file: String, lines: LineLocator) -> ProblemGroup {
        ProblemGroup(file: file, column: column, reason: reason, count: count,
                     examples: examples.map { $0.resolved(file: file, lines: lines) }, values: values)
    }
}

extension [ProblemTally] {
    /// Counts `problem` in the tally of its column and reason.
    mutating func add(_ problem: PendingProblem) {
        guard let reason = problem.reason else { return }
        if let index = firstIndex(where: { $0.reason == reason && $0.column == problem.column }) {
            self[index].add(problem)
        } else {
            var tally = ProblemTally(column: problem.column, reason: reason)
            tally.add(problem)
            append(tally)
        }
    }

    /// Adds a later piece's tallies, its rows after `rows` of this one's.
    mutating func merge(_ later: [ProblemTally], shiftedBy rows: Int) {
        for tally in later {
            if let index = firstIndex(where: { $0.reason == tally.reason && $0.column == tally.column }) {
                self[index].merge(tally, shiftedBy: rows)
            } else {
                var shifted = tally
                shifted.examples = tally.examples.map { $0.shifted(by: rows) }
                append(shifted)
            }
        }
    }
}
