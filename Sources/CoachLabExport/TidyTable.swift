import CoachLabData

/// One table of the dataset as `coachlab export` writes it: named columns, each of which
/// writes its cell of any row, over rows `0..<rowCount`.
///
/// Columns are closures over the dataset's typed columns rather than a copy of the values:
/// a table of millions of rows is never held as text, only written.
public struct TidyTable: Sendable {
    /// A column: its header name and how it writes row `row`'s cell.
    struct Column: Sendable {
        var name: String
        var write: @Sendable (_ row: Int, _ cell: inout CellWriter) -> Void
    }

    var columns: [Column]
    public let rowCount: Int
    /// The format the columns' texts were encoded for, and so the one ``write(threads:to:)`` writes.
    public let format: ExportFormat

    init(columns: [Column], rowCount: Int, format: ExportFormat) {
        self.columns = columns
        self.rowCount = rowCount
        self.format = format
    }

    /// The header names, in order.
    public var columnNames: [String] { columns.map(\.name) }
}
