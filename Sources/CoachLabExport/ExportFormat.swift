/// How `coachlab export` writes a table.
public enum ExportFormat: String, Sendable, CaseIterable {
    /// RFC 4180 CSV with one header line, CRLF line ends, empty cells for missing values.
    case csv
    /// JSON Lines: one object per row, keys in column order, `null` for missing values.
    case jsonl
}
