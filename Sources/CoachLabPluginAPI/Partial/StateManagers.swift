extension Partial.Writer {
    /// Writes what a state's finalize needs of managers.csv, each manager's id and coaching
    /// tier: `managers` with their number, then a `manager` record each (code, id, tier).
    public mutating func encodeManagers(ids: [String], tiers: [CoachingTier]) {
        precondition(ids.count == tiers.count, "an id and a tier per manager")
        record("managers", ids.count)
        for m in ids.indices { record("manager", m, ids[m], tiers[m].id) }
    }
}

extension Partial.Reader {
    /// Reads what ``Partial/Writer/encodeManagers(ids:tiers:)`` wrote: as many managers as
    /// ``bounds`` says the dimension tables have, in order, each tier one CoachLab knows.
    public mutating func decodeManagers() throws(Partial.FormatError) -> (ids: [String], tiers: [CoachingTier]) {
        let header = try expect("managers")
        try header.expectFields(1)
        let count = try header.count(0, atMost: Partial.Bounds.maximumDimensionRows)
        if let managers = bounds.managers, count != managers {
            throw Partial.FormatError(line: header.line, "\(count) managers, but the state's dimension tables have \(managers)")
        }
        var ids: [String] = [], tiers: [CoachingTier] = []
        for m in 0..<count {
            let record = try expect("manager")
            try record.expectFields(3)
            guard try record.field(0, as: Int.self) == m else { throw Partial.FormatError(line: record.line, "managers out of order") }
            ids.append(try record.field(1))
            let tierID: String = try record.field(2)
            guard let tier = CoachingTier.allCases.first(where: { $0.id == tierID }) else {
                throw Partial.FormatError(line: record.line, "'\(tierID)' is not a coaching tier")
            }
            tiers.append(tier)
        }
        return (ids, tiers)
    }
}

extension Partial.Writer {
    /// Writes what a state's finalize needs of reps.csv, each rep's id and manager: `reps`
    /// with their number, then a `rep` record each (code, id, manager code).
    public mutating func encodeReps(ids: [String], managers: [Int32]) {
        precondition(ids.count == managers.count, "an id and a manager per rep")
        record("reps", ids.count)
        for rep in ids.indices { record("rep", rep, ids[rep], Int(managers[rep])) }
    }
}

extension Partial.Reader {
    /// Reads what ``Partial/Writer/encodeReps(ids:managers:)`` wrote: as many reps as
    /// ``bounds`` says the dimension tables have, in order, each manager below `managerCount`.
    public mutating func decodeReps(managerCount: Int) throws(Partial.FormatError) -> (ids: [String], managers: [Int32]) {
        let header = try expect("reps")
        try header.expectFields(1)
        let count = try header.count(0, atMost: Partial.Bounds.maximumDimensionRows)
        if let reps = bounds.reps, count != reps {
            throw Partial.FormatError(line: header.line, "\(count) reps, but the state's dimension tables have \(reps)")
        }
        var ids: [String] = [], managers: [Int32] = []
        for rep in 0..<count {
            let record = try expect("rep")
            try record.expectFields(3)
            guard try record.field(0, as: Int.self) == rep else { throw Partial.FormatError(line: record.line, "reps out of order") }
            ids.append(try record.field(1))
            managers.append(Int32(try record.code(2, below: managerCount)))
        }
        return (ids, managers)
    }
}
