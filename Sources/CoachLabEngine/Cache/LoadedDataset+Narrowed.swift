import CoachLabData

extension LoadedDataset {
    /// What a strict load of `selection` gives, from a strict load of every table and column
    /// (``ColumnSelection/all``, what `validate` reads) of the same files: the optional
    /// tables and columns that `selection` does not read are left out as a load of it leaves
    /// them (absent, or filled as the builder fills a column the file lacks), and the report
    /// names only the columns it converts.
    ///
    /// Nothing else differs. A strict load of every column succeeded, so a load of fewer
    /// would have found no problem either and kept every row; the required tables' codes and
    /// the warnings (of managers, reps and performance) do not depend on the optional ones.
    func narrowed(to selection: ColumnSelection, mapping: DatasetMapping?) -> LoadedDataset {
        func reads(_ table: DatasetTable, _ column: String) -> Bool {
            selection.requests(for: table).contains { $0.name == column }
        }
        var narrowed = self
        var dataset = narrowed.dataset
        if !reads(.managers, "coaching_score") { dataset.managers.coachingScores = nil }
        if !reads(.reps, "hire_date") { dataset.reps.hireDates = nil }
        if !reads(.reps, "region") { dataset.reps.regions = nil }
        if !reads(.reps, "segment") { dataset.reps.segments = nil }
        if !reads(.performance, "calls") { dataset.performance.calls = nil }
        if !reads(.performance, "meetings") { dataset.performance.meetings = nil }
        if !reads(.performance, "opportunities_created") { dataset.performance.opportunitiesCreated = nil }
        if !reads(.performance, "pipeline_value") { dataset.performance.pipelineValues = nil }
        if !selection.reads(.coachingSessions) {
            dataset.coachingSessions = nil
        } else if var sessions = dataset.coachingSessions {
            if !reads(.coachingSessions, "focus_areas") { sessions.encodedFocusAreas = nil }
            if !reads(.coachingSessions, "feedback_delay_hours") { sessions.feedbackDelayHours = nil }
            dataset.coachingSessions = sessions
        }
        if !selection.reads(.assignments) {
            dataset.assignments = nil
        } else if var assignments = dataset.assignments {
            if !reads(.assignments, "session_id") { assignments.sessions = [Int32](repeating: -1, count: assignments.count) }
            if !reads(.assignments, "completed_on") {
                assignments.completedOn = [Int32](repeating: CivilDate.missing, count: assignments.count)
            }
            if !reads(.assignments, "focus_area") { assignments.focusAreas = nil }
            if !reads(.assignments, "target_metric") { assignments.targetMetrics = nil }
            if !reads(.assignments, "target_value") { assignments.targetValues = nil }
            dataset.assignments = assignments
        }
        if !selection.reads(.programs) { dataset.programs = nil }
        narrowed.dataset = dataset
        narrowed.report.tables = report.tables.compactMap { table in
            guard selection.reads(table.table) else { return nil }
            let converted = Set(selection.requests(for: table.table).map {
                (mapping?.request($0, in: table.table) ?? $0).headerName.lowercased()
            })
            var kept = table
            kept.columnsUsed = table.columnsUsed.filter { converted.contains($0.lowercased()) }
            return kept
        }
        return narrowed
    }
}
