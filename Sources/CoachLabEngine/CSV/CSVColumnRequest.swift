/// How a column of a CSV file is converted while it is read.
public enum CSVColumnKind: Sendable, Hashable {
    /// Dictionary-encoded UTF-8 text: dense codes plus the distinct values.
    case text
    /// A decimal number (`.` as the decimal point, optional sign and exponent).
    case number
    /// A whole number, stored as `Double`.
    case integer
    /// `YYYY-MM-DD`, stored as days since 1970-01-01.
    case date
    /// `YYYY-MM`, stored as `12 × year + month`.
    case month
}

/// A column the reader should convert, found by its header name.
public struct CSVColumnRequest: Sendable, Hashable {
    public var name: String
    public var kind: CSVColumnKind
    /// Whether a file without this column is an error.
    public var isRequired: Bool

    public init(_ name: String, _ kind: CSVColumnKind, required: Bool = false) {
        self.name = name
        self.kind = kind
        self.isRequired = required
    }
}
