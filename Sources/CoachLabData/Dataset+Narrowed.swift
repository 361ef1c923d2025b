extension Dataset {
    /// This dataset as a load of only `tables` and the optional `columns` gives it: an
    /// optional table not in `tables` is absent, and an optional column not in `columns` is
    /// absent or, where the model has no absent form, filled as the loader fills a column the
    /// file lacks. Required tables and columns are kept.
    ///
    /// Coaching sessions stay when assignments do: assignments name their sessions, so a load
    /// of assignments reads them too.
    /// - Complexity: O(1), plus O(*a*) for *a* assignments when `session_id` or
    ///   `completed_on` is left out.
    public func narrowed(toTables tables: Set<DatasetTable>, columns: Set<ColumnReference>) -> Dataset {
        func keeps(_ table: DatasetTable) -> Bool {
            table.isRequired || tables.contains(table) || (table == .coachingSessions && tables.contains(.assignments))
        }
        func reads(_ table: DatasetTable, _ column: String) -> Bool {
            columns.contains(ColumnReference(table, column))
        }
        var dataset = self
        if !reads(.managers, "coaching_score") { dataset.managers.coachingScores = nil }
        if !reads(.reps, "hire_date") { dataset.reps.hireDates = nil }
        if !reads(.reps, "region") { dataset.reps.regions = nil }
        if !reads(.reps, "segment") { dataset.reps.segments = nil }
        if !reads(.performance, "calls") { dataset.performance.calls = nil }
        if !reads(.performance, "meetings") { dataset.performance.meetings = nil }
        if !reads(.performance, "opportunities_created") { dataset.performance.opportunitiesCreated = nil }
        if !reads(.performance, "pipeline_value") { dataset.performance.pipelineValues = nil }
        if !keeps(.coachingSessions) {
            dataset.coachingSessions = nil
        } else if var sessions = dataset.coachingSessions {
            if !reads(.coachingSessions, "focus_areas") { sessions.encodedFocusAreas = nil }
            if !reads(.coachingSessions, "feedback_delay_hours") { sessions.feedbackDelayHours = nil }
            dataset.coachingSessions = sessions
        }
        if !keeps(.assignments) {
            dataset.assignments = nil
        } else if var assignments = dataset.assignments {
            if !reads(.assignments, "session_id") {
                assignments.sessions = [Int32](repeating: -1, count: assignments.count)
            }
            if !reads(.assignments, "completed_on") {
                assignments.completedOn = [Int32](repeating: CivilDate.missing, count: assignments.count)
            }
            if !reads(.assignments, "focus_area") { assignments.focusAreas = nil }
            if !reads(.assignments, "target_metric") { assignments.targetMetrics = nil }
            if !reads(.assignments, "target_value") { assignments.targetValues = nil }
            dataset.assignments = assignments
        }
        if !keeps(.programs) { dataset.programs = nil }
        return dataset
    }
}
