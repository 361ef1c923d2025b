import CoachLabPluginAPI

extension PluginContract {
    /// A small dataset holding what the loader never lets through from CSV files but a
    /// dataset built in code can: performance rows without a period, a session without a
    /// date or a length, an assignment without a session, an assignment date or a due date,
    /// a target metric that is no column, a program enrolment without a start month, a rep
    /// in one program twice; beside what files may hold: zero quotas, a rep without rows, a
    /// session without focus areas, a program that starts after the last month. Every plugin
    /// must answer on it without trapping; run ``violations(of:on:options:)`` with it beside
    /// your own datasets.
    public static let datasetWithRefusedRows: Dataset = {
        let managers = Managers(ids: ["M1", "M2"], tiers: [.exceeds, .needsImprovement])
        let reps = Reps(ids: ["R1", "R2", "R3"], managers: [0, 1, 1])
        let start = MonthIndex.make(year: 2024, month: 1)
        var repOf: [Int32] = [], periods: [Int32] = [], quotas: [Double] = [], bookings: [Double] = []
        for rep in 0..<2 {
            for month in 0..<14 {
                repOf.append(Int32(rep))
                periods.append(month == 5 ? MonthIndex.missing : start + Int32(month))
                quotas.append(month == 3 ? 0 : 100)
                bookings.append(Double(80 + 3 * month + 10 * rep))
            }
        }
        let performance = Performance(
            reps: Column(repOf), periods: Column(periods), quotas: Column(quotas), bookings: Column(bookings))
        let day = CivilDate.days(year: 2024, month: 1, day: 10)
        let sessions = CoachingSessions(
            ids: ["S1", "S2", "S3", "S4"], reps: [0, 0, 1, 2], managers: [0, 0, 1, 1],
            dates: [day, CivilDate.missing, day + 40, day + 400],
            durationsMinutes: [30, .nan, 0, 45], kinds: [.coaching, .problemSolving, .rideAlong, .review],
            focusAreas: [["discovery"], ["closing"], ["closing", "discovery", "pipeline"], []],
            feedbackDelayHours: [2, .nan, -1, 500])
        let assignments = Assignments(
            ids: ["A1", "A2", "A3", "A4"], sessions: [0, -1, 2, 3], reps: [0, 0, 1, 2],
            assignedOn: [day, day + 3, CivilDate.missing, day + 400],
            dueOn: [day + 7, CivilDate.missing, day + 50, day + 410],
            completedOn: [day + 5, day + 9, day + 90, CivilDate.missing],
            targetMetrics: ["calls", nil, "revenue", "bookings"], targetValues: [10, .nan, 5, 1])
        let programs = Programs(
            reps: [0, 0, 1, 2], names: ["pilot", "pilot", "pilot", "mentoring"],
            startPeriods: [start + 3, start + 6, MonthIndex.missing, start + 30])
        return Dataset(source: "in code", managers: managers, reps: reps, performance: performance,
                       coachingSessions: sessions, assignments: assignments, programs: programs)
    }()
}
