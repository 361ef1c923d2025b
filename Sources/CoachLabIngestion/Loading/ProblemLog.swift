/// Collects input problems across a dataset: keeps the first `limit`, counts them all.
///
/// When rows are rejected rather than reported (`--on-error skip`), a problem that
/// belongs to one row is held for that row instead (the first one per row), for the
/// builder to take and leave the row out.
struct ProblemLog {
    let limit: Int
    /// Row problems are held as rejections, not reported.
    let rejectsRows: Bool
    private(set) var kept: [InputProblem] = []
    private(set) var total = 0
    private var heldRows: [Int: InputProblem] = [:]

    init(limit: Int, rejectsRows: Bool = false) {
        self.limit = limit
        self.rejectsRows = rejectsRows
    }

    var isEmpty: Bool { total == 0 }

    /// Whether rows are held for rejection.
    var holdsRows: Bool { !heldRows.isEmpty }

    mutating func add(_ problem: InputProblem) {
        total += 1
        if kept.count < limit { kept.append(problem) }
    }

    mutating func absorb(_ table: ParsedTable) {
        for problem in table.problems where kept.count < limit { kept.append(problem) }
        total += table.problemCount
    }

    /// A problem of kept row `row` of `table`.
    mutating func add(
        _ table: ParsedTable, row: Int, column: String?, value: String?, _ reason: RejectReason, _ message: String
    ) {
        // One problem per row: a value the reader could not read is not reported again
        // as missing or out of range.
        if table.hasReportedProblem(row: row) { return }
        let problem = InputProblem(file: table.file, line: table.line(ofRow: row), column: column.map { table.header(of: $0) },
                                   message: message, value: value, reason: reason)
        if rejectsRows {
            if heldRows[row] == nil { heldRows[row] = problem }
        } else {
            add(problem)
        }
    }

    /// The rows held for rejection since the last call, by kept row.
    mutating func takeHeldRows() -> [Int: InputProblem] {
        defer { heldRows = [:] }
        return heldRows
    }
}
