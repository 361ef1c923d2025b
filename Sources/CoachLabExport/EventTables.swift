import CoachLabData

extension TidyTable {
    /// coaching_sessions.csv with the coach's tier: `session_id`, `rep_id`, `manager_id`
    /// (who coached), `coaching_quality` (of that manager), `date`, `period` (its month),
    /// `duration_min`, `kind`, `developmental` (1 for every kind but `problem_solving`),
    /// `focus_areas` (`;`-separated) and `feedback_delay_hours`; nil without the table.
    static func sessions(_ dataset: Dataset, format: ExportFormat) -> TidyTable? {
        guard let sessions = dataset.coachingSessions else { return nil }
        let dimensions = DimensionColumns(dataset, format: format)
        let ids = EncodedTexts(sessions.ids, format: format)
        let kinds = SessionKindTexts(sessions, format: format)
        let repIDs = dimensions.repIDs
        let reps = sessions.reps, managers = sessions.managers, dates = sessions.dates
        let durations = sessions.durationsMinutes, delays = sessions.feedbackDelayHours
        let areas = sessions.encodedFocusAreas
        let areaNames = areas.map { $0.names.map { Array($0.utf8) } }
        var columns: [Column] = [
            Column(name: "session_id") { row, cell in cell.text(ids, row) },
            Column(name: "rep_id") { row, cell in cell.text(repIDs, Int(reps[row])) },
        ]
        columns += dimensions.manager { Int(managers[$0]) }
        columns += [
            Column(name: "date") { row, cell in cell.date(dates[row]) },
            Column(name: "period") { row, cell in
                dates[row] == CivilDate.missing ? cell.empty() : cell.month(CivilDate.monthIndex(dates[row]))
            },
            Column(name: "duration_min") { row, cell in cell.number(durations[row]) },
            Column(name: "kind") { row, cell in cell.text(kinds.texts, kinds.codes[row]) },
            Column(name: "developmental") { row, cell in cell.flag(kinds.kinds[kinds.codes[row]].isDevelopmental) },
            Column(name: "focus_areas") { row, cell in
                guard let areas, let areaNames, areas.areaCount(of: row) > 0 else { return cell.empty() }
                var joined: [UInt8] = []
                for code in areas.codes(of: row) {
                    if !joined.isEmpty { joined.append(0x3B) }
                    joined += areaNames[Int(code)]
                }
                cell.text(String(decoding: joined, as: UTF8.self))
            },
            Column(name: "feedback_delay_hours") { row, cell in
                guard let delays else { return cell.empty() }
                cell.number(delays[row])
            },
        ]
        return TidyTable(columns: columns, rowCount: sessions.count, format: format)
    }

    /// assignments.csv with its rep's manager: `assignment_id`, `session_id`, `rep_id`,
    /// `manager_id` and `coaching_quality` (the rep's manager), `assigned_on`, `due_on`,
    /// `completed_on`, `completed_on_time` (1 when completed by the due date),
    /// `focus_area`, `target_metric` and `target_value`; nil without the table.
    static func assignments(_ dataset: Dataset, format: ExportFormat) -> TidyTable? {
        guard let assignments = dataset.assignments else { return nil }
        let dimensions = DimensionColumns(dataset, format: format)
        let ids = EncodedTexts(assignments.ids, format: format)
        let sessionIDs = EncodedTexts(dataset.coachingSessions?.ids ?? [], format: format)
        let repIDs = dimensions.repIDs
        let reps = assignments.reps, sessions = assignments.sessions, managerOfRep = dataset.reps.managers
        let assigned = assignments.assignedOn, due = assignments.dueOn, completed = assignments.completedOn
        let areaCodes = assignments.focusAreas?.codes
        let areaTexts = assignments.focusAreas.map { EncodedTexts($0.categories, format: format) }
        let metrics = assignments.targetMetrics, values = assignments.targetValues
        var columns: [Column] = [
            Column(name: "assignment_id") { row, cell in cell.text(ids, row) },
            Column(name: "session_id") { row, cell in cell.text(sessionIDs, Int(sessions[row])) },
            Column(name: "rep_id") { row, cell in cell.text(repIDs, Int(reps[row])) },
        ]
        columns += dimensions.manager { Int(managerOfRep[Int(reps[$0])]) }
        columns += [
            Column(name: "assigned_on") { row, cell in cell.date(assigned[row]) },
            Column(name: "due_on") { row, cell in cell.date(due[row]) },
            Column(name: "completed_on") { row, cell in cell.date(completed[row]) },
            Column(name: "completed_on_time") { row, cell in
                cell.flag(completed[row] != CivilDate.missing && completed[row] <= due[row])
            },
            Column(name: "focus_area") { row, cell in
                guard let areaCodes, let areaTexts else { return cell.empty() }
                cell.text(areaTexts, Int(areaCodes[row]))
            },
            Column(name: "target_metric") { row, cell in cell.text(metrics?[row] ?? nil) },
            Column(name: "target_value") { row, cell in
                guard let values else { return cell.empty() }
                cell.number(values[row])
            },
        ]
        return TidyTable(columns: columns, rowCount: assignments.count, format: format)
    }
}
