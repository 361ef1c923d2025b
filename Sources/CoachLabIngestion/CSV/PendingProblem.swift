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
