import CoachLabPluginAPI

extension TimeState {
    public func encode(to writer: inout Partial.Writer) {
        writer.encodeManagers(ids: managerIDs, tiers: managerTiers)
        writer.record("reps_coached_by_tier", repsCoachedByTier as [any Partial.Field])
        for (m, t) in managers.enumerated() where !t.isEmpty {
            writer.record("manager_time", m, t.sessions, t.problemSolving, t.repsCoached, t.minutes, t.developmentalMinutes,
                          t.validRepMonths, t.attained, t.slopes, t.slopeSum)
        }
    }

    public init(decoding reader: inout Partial.Reader) throws(Partial.FormatError) {
        let (ids, tiers) = try reader.decodeManagers()
        self.init(managerIDs: ids, managerTiers: tiers)
        let rows = reader.bounds.rows
        let reps = reader.bounds.reps ?? Partial.Bounds.maximumDimensionRows
        let byTier = try reader.expect("reps_coached_by_tier")
        try byTier.expectFields(CoachingTier.allCases.count)
        repsCoachedByTier = try CoachingTier.allCases.indices.map { index throws(Partial.FormatError) in try byTier.count(index, atMost: reps) }
        var last = -1
        while let record = reader.next() {
            guard record.name == "manager_time" else { throw Partial.FormatError(line: record.line, "unexpected '\(record.shownName)' record") }
            try record.expectFields(10)
            let m = try record.code(0, below: managerIDs.count)
            guard m > last else { throw Partial.FormatError(line: record.line, "manager \(m) out of order or listed twice") }
            last = m
            var t = ManagerTime()
            t.sessions = try record.count(1, atMost: rows)
            t.problemSolving = try record.count(2, atMost: t.sessions)
            t.repsCoached = try record.count(3, atMost: min(reps, t.sessions))
            t.minutes = try record.field(4)
            t.developmentalMinutes = try record.field(5)
            t.validRepMonths = try record.count(6, atMost: rows)
            t.attained = try record.count(7, atMost: t.validRepMonths)
            t.slopes = try record.count(8, atMost: reps)
            t.slopeSum = try record.field(9)
            managers[m] = t
        }
    }
}
