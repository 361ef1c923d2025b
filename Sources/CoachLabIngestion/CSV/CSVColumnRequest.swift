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
public struct CSVColumnRequest: Sendable {
    public var name: String
    public var kind: CSVColumnKind
    /// Whether a file without this column is an error.
    public var isRequired: Bool
    /// For text: the dictionary to start from, so that values it holds keep its codes
    /// (a column of ids referring to another table gets that table's codes directly).
    public var dictionary: TextDictionary?
    /// The header that holds the column when it is not `name` (an export's own name).
    public var header: String?
    /// How the export writes the values, when not as the canonical dataset does.
    public var format: ValueFormat?

    public init(_ name: String, _ kind: CSVColumnKind, required: Bool = false, dictionary: TextDictionary? = nil) {
        self.name = name
        self.kind = kind
        self.isRequired = required
        self.dictionary = dictionary
    }

    /// The header name to look for.
    public var headerName: String { header ?? name }
}

/// The distinct values of a text column and their codes, in order of first appearance.
public struct TextDictionary: Sendable {
    var interner: ByteInterner

    init(_ interner: ByteInterner) { self.interner = interner }

    public var count: Int { interner.count }

    /// The value of each code.
    public var values: [String] { interner.strings }
}
