import CoachLabData

extension TidyTable {
    /// The rep-month panel: one row per row of performance.csv, in file order, with its rep's
    /// manager, coaching tier, region, segment, hire date and tenure, the month's quota,
    /// bookings, attainment and activity, whether it is excluded (quota missing or 0: no
    /// attainment, kept and flagged), and where those tables exist, the month's coaching
    /// counts (``RepMonthCounts``) and per programme whether the rep is treated that month
    /// and from when.
    ///
    /// `tenure_months` is the month of `period` minus the month of `hire_date` (calendar
    /// months, negative for a rep hired after the period); `attained` is 1 when bookings
    /// reach quota; it and `attainment` are empty for an excluded row.
    /// - Complexity: O((n + events) log m) to count events; each row is written in O(columns).
    static func repMonths(_ dataset: Dataset, format: ExportFormat) -> TidyTable {
        let performance = dataset.performance
        let counts = RepMonthCounts(dataset)
        let repOfRow = performance.reps
        let repOf: @Sendable (Int) -> Int = { Int(repOfRow[$0]) }
        let hireMonths = dataset.reps.hireDates?.map { $0 == CivilDate.missing ? MonthIndex.missing : CivilDate.monthIndex($0) }
        let quotas = performance.quotas, bookings = performance.bookings, periods = performance.periods

        var columns = DimensionColumns(dataset, format: format).rep(repOf)
        columns += [
            Column(name: "tenure_months") { row, cell in
                guard let hireMonths, hireMonths[repOf(row)] != MonthIndex.missing else { return cell.empty() }
                cell.integer(Int(periods[row]) - Int(hireMonths[repOf(row)]))
            },
            Column(name: "period") { row, cell in cell.month(periods[row]) },
            Column(name: "quota") { row, cell in cell.number(quotas[row]) },
            Column(name: "bookings") { row, cell in cell.number(bookings[row]) },
            Column(name: "attainment") { row, cell in
                quotas[row] > 0 ? cell.number(bookings[row] / quotas[row]) : cell.empty()
            },
            Column(name: "attained") { row, cell in
                quotas[row] > 0 ? cell.flag(bookings[row] >= quotas[row]) : cell.empty()
            },
            Column(name: "excluded") { row, cell in cell.flag(!(quotas[row] > 0)) },
        ]
        for (name, values) in [
            ("calls", performance.calls), ("meetings", performance.meetings),
            ("opportunities_created", performance.opportunitiesCreated), ("pipeline_value", performance.pipelineValues),
        ] {
            columns.append(Column(name: name) { row, cell in
                guard let values else { return cell.empty() }
                cell.number(values[row])
            })
        }
        for (name, values) in [
            ("sessions", counts.sessions), ("developmental_sessions", counts.developmentalSessions),
            ("assignments_due", counts.assignmentsDue), ("assignments_completed", counts.assignmentsCompleted),
        ] {
            guard let values else { continue }
            columns.append(Column(name: name) { row, cell in cell.integer(Int(values[row])) })
        }
        if let programs = dataset.programs {
            for (name, starts) in ProgramStarts.byProgram(programs, reps: dataset.reps.count) {
                columns.append(Column(name: "program_" + name) { row, cell in
                    let start = starts[repOf(row)]
                    cell.flag(start != MonthIndex.missing && periods[row] >= start)
                })
                columns.append(Column(name: "program_" + name + "_start") { row, cell in cell.month(starts[repOf(row)]) })
            }
        }
        return TidyTable(columns: columns, rowCount: performance.count, format: format)
    }
}
