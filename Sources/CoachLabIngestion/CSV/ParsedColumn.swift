import CoachLabData

/// One converted column. Missing values: NaN, ``CivilDate/missing``, ``MonthIndex/missing``
/// or ``CategoricalColumn/missing``.
public enum ParsedColumn: Sendable {
    case text(CategoricalColumn)
    case numbers([Double])
    case dates([Int32])
    case months([Int32])

    public var count: Int {
        switch self {
        case .text(let column): column.count
        case .numbers(let values): values.count
        case .dates(let values), .months(let values): values.count
        }
    }
}

/// A CSV file read into typed columns.
public struct ParsedTable: Sendable {
    /// The file as named in messages.
    public var file: String
    /// Header names, trimmed, in file order.
    public var header: [String]
    /// Data rows kept (blank lines are not rows; rejected rows are not kept).
    public var rowCount: Int
    /// The requested columns that the header had, by name.
    public var columns: [String: ParsedColumn]
    /// The dictionary of each text column, by name.
    public var dictionaries: [String: TextDictionary] = [:]
    /// The line on which each data row starts, found when asked.
    public var lines: LineLocator
    /// Problems found while reading, at most the reader's limit of them.
    public var problems: [InputProblem]
    /// All problems found, including those past the limit.
    public var problemCount: Int
    /// Whether reading stopped early (a broken quote, a missing required column): the
    /// columns are then incomplete and the table must not be built.
    public var stopped = false
    /// Data rows of the file with a reported problem, ascending.
    public var badRows: [Int] = []
    /// Data rows of the file left out (`--on-error skip`), in file order, each with why.
    public var rejected: [RejectedRow] = []

    /// The report footer skipped after the data, if any.
    public var footer: ReportFooter?
    /// The reader's problems grouped by column and reason, each counted in full.
    public var problemGroups: [ProblemGroup] = []

    /// The header under which the file holds a requested column (an export's own name).
    public var columnHeaders: [String: String] = [:]

    public func dictionary(_ name: String) -> TextDictionary? { dictionaries[name] }

    /// The header a column is found under in the file, for messages.
    public func header(of column: String) -> String { columnHeaders[column] ?? column }

    public func text(_ name: String) -> CategoricalColumn? {
        if case .text(let column)? = columns[name] { return column }
        return nil
    }

    public func numbers(_ name: String) -> [Double]? {
        if case .numbers(let values)? = columns[name] { return values }
        return nil
    }

    public func dates(_ name: String) -> [Int32]? {
        if case .dates(let values)? = columns[name] { return values }
        return nil
    }

    public func months(_ name: String) -> [Int32]? {
        if case .months(let values)? = columns[name] { return values }
        return nil
    }
}
