import CoachLabData

/// What happened in each rep-month, counted per row of performance.csv: the rep's coaching
/// sessions dated in the month (and of them the developmental ones, every kind but
/// `problem_solving`), and the rep's assignments due in the month and completed in it.
/// Events in a month for which the rep has no row are not counted anywhere.
struct RepMonthCounts: Sendable {
    var sessions: [Int32]?
    var developmentalSessions: [Int32]?
    var assignmentsDue: [Int32]?
    var assignmentsCompleted: [Int32]?

    /// - Complexity: O((n + events) log m) for n rows and at most m months a rep.
    init(_ dataset: Dataset) {
        let performance = dataset.performance
        guard dataset.coachingSessions != nil || dataset.assignments != nil else { return }
        let lookup = RepMonthRows(performance, reps: dataset.reps.count)
        if let sessions = dataset.coachingSessions {
            var all = [Int32](repeating: 0, count: performance.count)
            var developmental = all
            for session in 0..<sessions.count {
                let month = sessions.dates[session] == CivilDate.missing ? MonthIndex.missing : CivilDate.monthIndex(sessions.dates[session])
                guard let row = lookup.row(rep: Int(sessions.reps[session]), month: month) else { continue }
                all[row] += 1
                if sessions.kinds[session].isDevelopmental { developmental[row] += 1 }
            }
            self.sessions = all
            developmentalSessions = developmental
        }
        if let assignments = dataset.assignments {
            var due = [Int32](repeating: 0, count: performance.count)
            var completed = due
            for assignment in 0..<assignments.count {
                let rep = Int(assignments.reps[assignment])
                if assignments.dueOn[assignment] != CivilDate.missing,
                   let row = lookup.row(rep: rep, month: CivilDate.monthIndex(assignments.dueOn[assignment])) {
                    due[row] += 1
                }
                if assignments.completedOn[assignment] != CivilDate.missing,
                   let row = lookup.row(rep: rep, month: CivilDate.monthIndex(assignments.completedOn[assignment])) {
                    completed[row] += 1
                }
            }
            assignmentsDue = due
            assignmentsCompleted = completed
        }
    }
}
