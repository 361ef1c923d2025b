extension DatasetTable {
    /// The columns every file of the table must have (DATASET.md).
    public var requiredColumns: [String] {
        switch self {
        case .managers: ["manager_id", "coaching_quality"]
        case .reps: ["rep_id", "manager_id"]
        case .performance: ["rep_id", "period", "quota", "bookings"]
        case .coachingSessions: ["session_id", "rep_id", "manager_id", "date", "duration_min", "kind"]
        case .assignments: ["assignment_id", "rep_id", "assigned_on", "due_on"]
        case .programs: ["rep_id", "program", "start_period"]
        }
    }

    /// The columns a file of the table may lack: a plugin reads one only if its descriptor
    /// declares it, since a load reads only the optional columns some plugin declares.
    public var optionalColumns: [String] {
        switch self {
        case .managers: ["coaching_score"]
        case .reps: ["hire_date", "region", "segment"]
        case .performance: ["calls", "meetings", "opportunities_created", "pipeline_value"]
        case .coachingSessions: ["focus_areas", "feedback_delay_hours"]
        case .assignments: ["session_id", "completed_on", "focus_area", "target_metric", "target_value"]
        case .programs: []
        }
    }

    /// Whether `column` is one of the table's columns, required or optional.
    public func hasColumn(_ column: String) -> Bool {
        requiredColumns.contains(column) || optionalColumns.contains(column)
    }

    /// Every optional column of every table.
    public static var allOptionalColumns: Set<ColumnReference> {
        Set(allCases.flatMap { table in table.optionalColumns.map { ColumnReference(table, $0) } })
    }
}
