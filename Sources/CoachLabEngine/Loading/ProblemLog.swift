/// Collects input problems across a dataset: keeps the first `limit`, counts them all.
struct ProblemLog {
    let limit: Int
    private(set) var kept: [InputProblem] = []
    private(set) var total = 0

    init(limit: Int) { self.limit = limit }

    var isEmpty: Bool { total == 0 }

    mutating func add(_ problem: InputProblem) {
        total += 1
        if kept.count < limit { kept.append(problem) }
    }

    mutating func absorb(_ table: ParsedTable) {
        for problem in table.problems where kept.count < limit { kept.append(problem) }
        total += table.problemCount
    }

    mutating func add(_ table: ParsedTable, row: Int, column: String?, value: String?, _ message: String) {
        add(InputProblem(file: table.file, line: table.lines.line(ofRow: row), column: column,
                         message: message, value: value))
    }
}
