import CoachLabData

/// The columns of each canonical table (DATASET.md) and how each is read.
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
        }
    }
}

extension DatasetSchema {
    /// The table and id column that a column of ids refers to, if it is such a column.
    public static func reference(of table: DatasetTable, _ column: String) -> (table: DatasetTable, column: String)? {
        switch (table, column) {
        case (.reps, "manager_id"), (.coachingSessions, "manager_id"): (.managers, "manager_id")
        case (.performance, "rep_id"), (.coachingSessions, "rep_id"), (.assignments, "rep_id"): (.reps, "rep_id")
        case (.assignments, "session_id"): (.coachingSessions, "session_id")
        default: nil
        }
    }
}

/// Which optional columns a load converts. Required columns are always read.
public enum ColumnSelection: Sendable {
    /// Every column of the schema (what `validate` checks).
    case all
    /// Only these optional columns, besides the required ones.
    case only(Set<ColumnReference>)

    func requests(for table: DatasetTable) -> [CSVColumnRequest] {
        let schema = DatasetSchema.columns(of: table)
        switch self {
        case .all: return schema
        case .only(let wanted):
            return schema.filter { $0.isRequired || wanted.contains(ColumnReference(table, $0.name)) }
        }
    }
}
