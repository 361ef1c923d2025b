import CoachLabData

/// A data row of a file left out, with the first problem found in it.
public struct RejectedRow: Sendable {
    /// 0-based among the file's data rows (kept and rejected).
    public var fileRow: Int
    public var problem: InputProblem

    public init(fileRow: Int, problem: InputProblem) {
        self.fileRow = fileRow
        self.problem = problem
    }
}

extension ParsedTable {
    /// The data row of the file that kept row `row` is (they differ once rows are left out).
    public func fileRow(ofRow row: Int) -> Int {
        guard !rejected.isEmpty else { return row }
        // The smallest file row f with f − (rejected rows ≤ f) = row that is itself kept:
        // iterate f = row + (rejected ≤ f) to its fixed point.
        var candidate = row
        while true {
            let next = row + rejectedCount(atOrBefore: candidate)
            if next == candidate { return candidate }
            candidate = next
        }
    }

    /// The 1-based line on which kept row `row` starts.
    public func line(ofRow row: Int) -> Int { lines.line(ofRow: fileRow(ofRow: row)) }

    /// Whether kept row `row` already has a problem reported by the reader.
    public func hasReportedProblem(row: Int) -> Bool {
        guard !badRows.isEmpty else { return false }
        let target = fileRow(ofRow: row)
        var low = 0
        var high = badRows.count
        while low < high {
            let mid = (low + high) / 2
            if badRows[mid] < target { low = mid + 1 } else { high = mid }
        }
        return low < badRows.count && badRows[low] == target
    }

    private func rejectedCount(atOrBefore fileRow: Int) -> Int {
        var low = 0
        var high = rejected.count
        while low < high {
            let mid = (low + high) / 2
            if rejected[mid].fileRow <= fileRow { low = mid + 1 } else { high = mid }
        }
        return low
    }

    /// The table without the kept rows in `problems` (by kept row), each recorded as
    /// rejected with its problem.
    public func dropping(_ problems: [Int: InputProblem]) -> ParsedTable {
        guard !problems.isEmpty else { return self }
        var keep = [Bool](repeating: true, count: rowCount)
        for row in problems.keys { keep[row] = false }
        var copy = self
        let newlyRejected = problems.keys.sorted().map { RejectedRow(fileRow: fileRow(ofRow: $0), problem: problems[$0]!) }
        copy.rejected = (rejected + newlyRejected).sorted { $0.fileRow < $1.fileRow }
        copy.rowCount = rowCount - problems.count
        copy.columns = columns.mapValues { column in
            switch column {
            case .numbers(let values): .numbers(Self.filter(values, keep))
            case .dates(let values): .dates(Self.filter(values, keep))
            case .months(let values): .months(Self.filter(values, keep))
            case .text(let text): .text(CategoricalColumn(codes: Self.filter(text.codes, keep), categories: text.categories))
            }
        }
        return copy
    }

    private static func filter<T>(_ values: [T], _ keep: [Bool]) -> [T] {
        var result: [T] = []
        result.reserveCapacity(values.count)
        for index in values.indices where keep[index] { result.append(values[index]) }
        return result
    }
}
