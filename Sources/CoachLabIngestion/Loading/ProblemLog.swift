/// Collects input problems across a dataset: keeps the first `limit`, counts them all, and
/// groups them by cause (file, column, reason: ``ProblemGroup``) so that many values
/// failing the same way are listed as one message.
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
    /// Every problem with a reason, counted by cause, in order of first appearance.
    private var groups: [ProblemGroup] = []

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
        guard let reason = problem.reason else { return }
        if let index = groups.firstIndex(where: { $0.reason == reason && $0.column == problem.column && $0.file == problem.file }) {
            groups[index].add(problem)
        } else {
            var group = ProblemGroup(file: problem.file, column: problem.column, reason: reason)
            group.add(problem)
            groups.append(group)
        }
    }

    mutating func absorb(_ table: ParsedTable) {
        for problem in table.problems where kept.count < limit { kept.append(problem) }
        total += table.problemCount
        for group in table.problemGroups {
            if let index = groups.firstIndex(where: { $0.reason == group.reason && $0.column == group.column && $0.file == group.file }) {
                groups[index].merge(group)
            } else {
                groups.append(group)
            }
        }
    }

    /// The problems to show: a cause with more than ``ProblemGroup/exampleLimit`` problems
    /// as one, with the fix `fix` finds for it, where its first problem would be (or after
    /// the others, when none of its problems is among the first `limit`); the rest one by one.
    func listed(fix: (ProblemGroup) -> String? = { _ in nil }) -> [InputProblem] {
        let large = groups.filter { $0.count > ProblemGroup.exampleLimit }
        guard !large.isEmpty else { return kept }
        func largeGroup(of problem: InputProblem) -> Int? {
            guard let reason = problem.reason else { return nil }
            return large.firstIndex { $0.reason == reason && $0.column == problem.column && $0.file == problem.file }
        }
        var shown = Set<Int>()
        var listed: [InputProblem] = []
        func show(_ index: Int) {
            guard shown.insert(index).inserted else { return }
            var group = large[index]
            group.fix = fix(group)
            listed.append(InputProblem(group: group))
        }
        for problem in kept {
            if let index = largeGroup(of: problem) { show(index) } else { listed.append(problem) }
        }
        for index in large.indices where listed.count < limit { show(index) }
        // A cause of a few problems past the first `limit` (their file's first problems were
        // of a large cause): its problems are all among its examples.
        var seen = Set(listed)
        for group in groups where group.count <= ProblemGroup.exampleLimit {
            for example in group.examples where listed.count < limit && seen.insert(example).inserted { listed.append(example) }
        }
        return listed
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
