import CoachLabPluginAPI
import CoachLabKernels

extension FollowThroughState {
    /// Managers; `follow_through` (assignments with a change); a `sessions` record per
    /// manager (code, held, with an assignment); a `rep` record per rep (code, id, manager,
    /// assignments, completed, on time, then each late completion's days late); each rep's
    /// changes (``RepChanges``); then the event study's records.
    public func encode(to writer: inout Partial.Writer) {
        writer.encodeManagers(ids: managerIDs, tiers: managerTiers)
        writer.record("follow_through", withOutcome)
        for manager in Set(sessionsHeld.keys).union(sessionsWithAssignment.keys).sorted() {
            writer.record("sessions", Int(manager), sessionsHeld[manager] ?? 0, sessionsWithAssignment[manager] ?? 0)
        }
        for code in reps.keys.sorted() {
            let rep = reps[code]!
            writer.record("rep", [Int(code), rep.id, Int(rep.manager), rep.assignments, rep.completed, rep.onTime] + rep.daysLate.map { $0 as any Partial.Field })
        }
        repChanges.encode(to: &writer)
        study.encode(to: &writer)
    }

    public init(decoding reader: inout Partial.Reader) throws(Partial.FormatError) {
        let (ids, tiers) = try reader.decodeManagers()
        let rows = reader.bounds.rows
        let header = try reader.expect("follow_through")
        try header.expectFields(1)
        let withOutcome = try header.count(0, atMost: rows)
        var held: [Int32: Int] = [:], withAssignment: [Int32: Int] = [:]
        var last = -1
        while reader.peek()?.name == "sessions" {
            let record = try reader.expect("sessions")
            try record.expectFields(3)
            let manager = try record.code(0, below: ids.count)
            guard manager > last else { throw Partial.FormatError(line: record.line, "manager \(manager) out of order or listed twice") }
            last = manager
            held[Int32(manager)] = try record.count(1, atMost: rows)
            withAssignment[Int32(manager)] = try record.count(2, atMost: held[Int32(manager)]!)
        }
        var reps: [Int32: Rep] = [:]
        var assignments = 0
        last = -1
        while reader.peek()?.name == "rep" {
            let record = try reader.expect("rep")
            guard record.fields.count >= 6 else { throw Partial.FormatError(line: record.line, "a 'rep' record has at least 6 fields") }
            let code = try record.code(0, below: reader.bounds.reps ?? Partial.Bounds.maximumDimensionRows)
            guard code > last else { throw Partial.FormatError(line: record.line, "rep \(code) out of order or listed twice") }
            last = code
            var rep = Rep(id: try record.field(1), manager: Int32(try record.code(2, below: ids.count)))
            rep.assignments = try record.count(3, atMost: rows)
            rep.completed = try record.count(4, atMost: rep.assignments)
            rep.onTime = try record.count(5, atMost: rep.completed)
            guard record.fields.count - 6 <= rep.completed - rep.onTime else {
                throw Partial.FormatError(line: record.line, "more late completions than completed assignments not on time")
            }
            for index in 6..<record.fields.count {
                let days: Int = try record.field(index)
                guard days > 0 && days <= 1_000_000 else { throw Partial.FormatError(line: record.line, "days late must be from 1 to 1000000") }
                rep.daysLate.append(days)
            }
            assignments += rep.assignments
            guard assignments <= rows else { throw Partial.FormatError(line: record.line, "more assignments than rows") }
            reps[Int32(code)] = rep
        }
        let changes = try RepChanges(groups: 1, decoding: &reader, managers: ids.count, events: [assignments])
        self.init(managerIDs: ids, managerTiers: tiers, study: try EventStudy.FirstPass(decoding: &reader))
        self.withOutcome = withOutcome
        sessionsHeld = held
        sessionsWithAssignment = withAssignment
        self.reps = reps
        repChanges = changes
    }
}
