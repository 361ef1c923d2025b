import CoachLabData

/// The columns of each canonical table (DATASET.md, and the programs table CoachLab adds:
/// Datasets/README.md) and how each is read.
public enum DatasetSchema {
    public static func columns(of table: DatasetTable) -> [CSVColumnRequest] {
        switch table {
        case .managers:
            [
                CSVColumnRequest("manager_id", .text, required: true),
                CSVColumnRequest("coaching_quality", .text, required: true),
                CSVColumnRequest("coaching_score", .number),
            ]
        case .reps:
            [
                CSVColumnRequest("rep_id", .text, required: true),
                CSVColumnRequest("manager_id", .text, required: true),
                CSVColumnRequest("hire_date", .date),
                CSVColumnRequest("region", .text),
                CSVColumnRequest("segment", .text),
            ]
        case .performance:
            [
                CSVColumnRequest("rep_id", .text, required: true),
                CSVColumnRequest("period", .month, required: true),
                CSVColumnRequest("quota", .number, required: true),
                CSVColumnRequest("bookings", .number, required: true),
                CSVColumnRequest("calls", .integer),
                CSVColumnRequest("meetings", .integer),
                CSVColumnRequest("opportunities_created", .integer),
                CSVColumnRequest("pipeline_value", .number),
            ]
        case .coachingSessions:
            [
                CSVColumnRequest("session_id", .text, required: true),
                CSVColumnRequest("rep_id", .text, required: true),
                CSVColumnRequest("manager_id", .text, required: true),
                CSVColumnRequest("date", .date, required: true),
                CSVColumnRequest("duration_min", .number, required: true),
                CSVColumnRequest("kind", .text, required: true),
                CSVColumnRequest("focus_areas", .text),
                CSVColumnRequest("feedback_delay_hours", .number),
            ]
        case .assignments:
            [
                CSVColumnRequest("assignment_id", .text, required: true),
                CSVColumnRequest("session_id", .text),
                CSVColumnRequest("rep_id", .text, required: true),
                CSVColumnRequest("assigned_on", .date, required: true),
                CSVColumnRequest("due_on", .date, required: true),
                CSVColumnRequest("completed_on", .date),
                CSVColumnRequest("focus_area", .text),
                CSVColumnRequest("target_metric", .text),
                CSVColumnRequest("target_value", .number),
            ]
        case .programs:
            [
                CSVColumnRequest("rep_id", .text, required: true),
                CSVColumnRequest("program", .text, required: true),
                CSVColumnRequest("start_period", .month, required: true),
            ]
        }
    }
}

extension DatasetSchema {
    /// Columns a mapping may name beyond the canonical ones (docs/MAPPING.md): performance's
    /// `attainment`, bookings as a share of quota, from which bookings are computed when the
    /// export has none (and against which they are checked when it has both).
    public static func mappedOnlyColumns(of table: DatasetTable) -> [CSVColumnRequest] {
        table == .performance ? [CSVColumnRequest("attainment", .number)] : []
    }

    /// The table and id column that a column of ids refers to, if it is such a column.
    public static func reference(of table: DatasetTable, _ column: String) -> (table: DatasetTable, column: String)? {
        switch (table, column) {
        case (.reps, "manager_id"), (.coachingSessions, "manager_id"): (.managers, "manager_id")
        case (.performance, "rep_id"), (.coachingSessions, "rep_id"), (.assignments, "rep_id"), (.programs, "rep_id"):
            (.reps, "rep_id")
        case (.assignments, "session_id"): (.coachingSessions, "session_id")
        default: nil
        }
    }
}

/// What a load reads: which optional tables, and which of their optional columns.
/// Required tables and required columns are always read.
public struct ColumnSelection: Sendable {
    /// Optional columns to convert; nil for all of them.
    public var optionalColumns: Set<ColumnReference>?
    /// Optional tables to read when present; nil for all of them.
    public var optionalTables: Set<DatasetTable>?

    public init(optionalColumns: Set<ColumnReference>?, optionalTables: Set<DatasetTable>?) {
        self.optionalColumns = optionalColumns
        self.optionalTables = optionalTables
    }

    /// Every table and column of the schema (what `validate` checks).
    public static let all = ColumnSelection(optionalColumns: nil, optionalTables: nil)

    /// Only these optional columns and, when given, only these optional tables.
    public static func only(_ columns: Set<ColumnReference>, tables: Set<DatasetTable>? = nil) -> ColumnSelection {
        ColumnSelection(optionalColumns: columns, optionalTables: tables)
    }

    func reads(_ table: DatasetTable) -> Bool {
        guard let tables = optionalTables, !table.isRequired else { return true }
        // Assignments name their sessions, which must be read to check those references.
        return tables.contains(table) || (table == .coachingSessions && tables.contains(.assignments))
    }

    func requests(for table: DatasetTable) -> [CSVColumnRequest] {
        let schema = DatasetSchema.columns(of: table)
        guard let wanted = optionalColumns else { return schema }
        return schema.filter { $0.isRequired || wanted.contains(ColumnReference(table, $0.name)) }
    }

    /// A stable text naming the selection.
    package var key: String {
        let columns = optionalColumns.map { $0.map(\.description).sorted().joined(separator: ",") } ?? "*"
        let tables = optionalTables.map { $0.map(\.rawValue).sorted().joined(separator: ",") } ?? "*"
        return "columns \(columns); tables \(tables)"
    }
}
