import CoachLabData

extension TidyTable {
    /// Every coaching event in one long table, a row per event, for event-study designs
    /// (fixest's `sunab`, `did`): `event` (`session`, `assignment_due`,
    /// `assignment_completed`, `programme_start`), `event_id` (the session's or assignment's
    /// id, the programme's name), `rep_id`, `manager_id` and `coaching_quality` (who coached
    /// a session; the rep's manager otherwise), `date` (empty for a programme's start),
    /// `period` and `detail` (a session's kind; an assignment's `on_time`, `late` or
    /// `not_completed`; the programme's name). Sessions first, then assignments due, then
    /// those completed, then programme starts, each in its file's order; nil when the
    /// dataset has no coaching tables and no programmes.
    static func events(_ dataset: Dataset, format: ExportFormat) -> TidyTable? {
        let sessions = dataset.coachingSessions, assignments = dataset.assignments, programs = dataset.programs
        guard sessions != nil || assignments != nil || programs != nil else { return nil }
        let dimensions = DimensionColumns(dataset, format: format)
        let sessionCount = sessions?.count ?? 0, assignmentCount = assignments?.count ?? 0
        let completedRows = assignments.map { table in table.completedOn.indices.filter { table.completedOn[$0] != CivilDate.missing } } ?? []
        // Where each part begins in the table's rows.
        let dueStart = sessionCount, completedStart = dueStart + assignmentCount
        let programStart = completedStart + completedRows.count
        let rowCount = programStart + (programs?.count ?? 0)

        enum Part { case session(Int), due(Int), completed(Int), program(Int) }
        @Sendable func part(_ row: Int) -> Part {
            if row < dueStart { return .session(row) }
            if row < completedStart { return .due(row - dueStart) }
            if row < programStart { return .completed(completedRows[row - completedStart]) }
            return .program(row - programStart)
        }

        let names = EncodedTexts(["session", "assignment_due", "assignment_completed", "programme_start"], format: format)
        let sessionIDs = EncodedTexts(sessions?.ids ?? [], format: format)
        let assignmentIDs = EncodedTexts(assignments?.ids ?? [], format: format)
        let programNames = programs.map { EncodedTexts($0.names.categories, format: format) }
        let kinds = SessionKindTexts(sessions, format: format)
        let outcomes = EncodedTexts(["on_time", "late", "not_completed"], format: format)
        let repManagers = dataset.reps.managers
        let sessionReps = sessions?.reps ?? [], sessionManagers = sessions?.managers ?? [], sessionDates = sessions?.dates ?? []
        let assignmentReps = assignments?.reps ?? [], due = assignments?.dueOn ?? [], completed = assignments?.completedOn ?? []
        let programReps = programs?.reps ?? [], programCodes = programs?.names.codes ?? [], programStarts = programs?.startPeriods ?? []

        @Sendable func rep(_ row: Int) -> Int {
            switch part(row) {
            case .session(let index): Int(sessionReps[index])
            case .due(let index), .completed(let index): Int(assignmentReps[index])
            case .program(let index): Int(programReps[index])
            }
        }
        @Sendable func date(_ row: Int) -> Int32 {
            switch part(row) {
            case .session(let index): sessionDates[index]
            case .due(let index): due[index]
            case .completed(let index): completed[index]
            case .program: CivilDate.missing
            }
        }
        @Sendable func outcome(_ index: Int) -> Int {
            completed[index] == CivilDate.missing ? 2 : completed[index] <= due[index] ? 0 : 1
        }

        var columns: [Column] = [
            Column(name: "event") { row, cell in
                switch part(row) {
                case .session: cell.text(names, 0)
                case .due: cell.text(names, 1)
                case .completed: cell.text(names, 2)
                case .program: cell.text(names, 3)
                }
            },
            Column(name: "event_id") { row, cell in
                switch part(row) {
                case .session(let index): cell.text(sessionIDs, index)
                case .due(let index), .completed(let index): cell.text(assignmentIDs, index)
                case .program(let index): programNames.map { cell.text($0, Int(programCodes[index])) } ?? cell.empty()
                }
            },
            Column(name: "rep_id") { row, cell in cell.text(dimensions.repIDs, rep(row)) },
        ]
        columns += dimensions.manager { row in
            if case .session(let index) = part(row) { return Int(sessionManagers[index]) }
            return Int(repManagers[rep(row)])
        }
        columns += [
            Column(name: "date") { row, cell in cell.date(date(row)) },
            Column(name: "period") { row, cell in
                if case .program(let index) = part(row) { return cell.month(programStarts[index]) }
                let day = date(row)
                day == CivilDate.missing ? cell.empty() : cell.month(CivilDate.monthIndex(day))
            },
            Column(name: "detail") { row, cell in
                switch part(row) {
                case .session(let index): cell.text(kinds.texts, kinds.codes[index])
                case .due(let index), .completed(let index): cell.text(outcomes, outcome(index))
                case .program(let index): programNames.map { cell.text($0, Int(programCodes[index])) } ?? cell.empty()
                }
            },
        ]
        return TidyTable(columns: columns, rowCount: rowCount, format: format)
    }
}
