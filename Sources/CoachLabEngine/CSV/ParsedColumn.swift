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
    /// Data rows (blank lines are not rows).
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

    public func dictionary(_ name: String) -> TextDictionary? { dictionaries[name] }

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
