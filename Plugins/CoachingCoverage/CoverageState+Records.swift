import CoachLabPluginAPI

extension CoverageState {
    public func encode(to writer: inout Partial.Writer) {
        writer.encodeManagers(ids: managerIDs, tiers: managerTiers)
        writer.record("counts", repsWithRows, sessionsCounted, sessionsOutsideData, validCoached, attainedCoached, validUncoached, attainedUncoached)
        for (m, t) in totals.enumerated() where !t.isEmpty {
            writer.record("manager_totals", m, t.reps, t.repMonths, t.coachedRepMonths, t.sessions, t.neverCoached, t.longestGap,
                          t.validRepMonths, t.attained, t.minutes)
        }
        for cell in teamMonths { writer.record("team_month", Int(cell.month), Int(cell.manager), cell.team, cell.coached) }
    }

    public init(decoding reader: inout Partial.Reader) throws(Partial.FormatError) {
        let (ids, tiers) = try reader.decodeManagers()
        self.init(managerIDs: ids, managerTiers: tiers)
        let rows = reader.bounds.rows
        let counts = try reader.expect("counts")
        try counts.expectFields(7)
        repsWithRows = try counts.count(0, atMost: reader.bounds.reps ?? Partial.Bounds.maximumDimensionRows)
        sessionsCounted = try counts.count(1, atMost: rows)
        sessionsOutsideData = try counts.count(2, atMost: rows)
        validCoached = try counts.count(3, atMost: rows)
        attainedCoached = try counts.count(4, atMost: validCoached)
        validUncoached = try counts.count(5, atMost: rows)
        attainedUncoached = try counts.count(6, atMost: validUncoached)
        var last = -1
        while reader.peek()?.name == "manager_totals" {
            let record = try reader.expect("manager_totals")
            try record.expectFields(10)
            let m = try record.code(0, below: managerIDs.count)
            guard m > last else { throw Partial.FormatError(line: record.line, "manager \(m) out of order or listed twice") }
            last = m
            var t = ManagerTotals()
            t.reps = try record.count(1, atMost: repsWithRows)
            t.repMonths = try record.count(2, atMost: rows)
            t.coachedRepMonths = try record.count(3, atMost: t.repMonths)
            t.sessions = try record.count(4, atMost: rows)
            t.neverCoached = try record.count(5, atMost: t.reps)
            t.longestGap = try record.count(6, atMost: t.repMonths)
            t.validRepMonths = try record.count(7, atMost: t.repMonths)
            t.attained = try record.count(8, atMost: t.validRepMonths)
            t.minutes = try record.field(9)
            totals[m] = t
        }
        // At most one cell per row of performance.csv: cells are checked before they are kept.
        while let record = reader.next() {
            guard record.name == "team_month" else { throw Partial.FormatError(line: record.line, "unexpected '\(record.shownName)' record") }
            try record.expectFields(4)
            let month: Int32 = try record.field(0)
            guard MonthIndex.representable.contains(month) else { throw Partial.FormatError(line: record.line, "month \(month) is outside the calendar") }
            let cell = TeamMonth(
                month: month, manager: Int32(try record.code(1, below: managerIDs.count)), team: try record.count(2, atMost: rows), coached: 0)
            guard cell.team > 0 else { throw Partial.FormatError(line: record.line, "an empty team listed") }
            guard teamMonths.last.map({ $0.precedes(cell) }) ?? true else {
                throw Partial.FormatError(line: record.line, "a manager-month out of order or listed twice")
            }
            guard teamMonths.count < rows else { throw Partial.FormatError(line: record.line, "more manager-months than the state's rows") }
            teamMonths.append(TeamMonth(month: cell.month, manager: cell.manager, team: cell.team, coached: try record.count(3, atMost: cell.team)))
        }
    }
}
