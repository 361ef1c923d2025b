import CoachLabPluginAPI

extension CommitmentState {
    public func encode(to writer: inout Partial.Writer) {
        writer.encodeManagers(ids: managerIDs, tiers: managerTiers)
        writer.encodeReps(ids: repIDs, managers: repManagers)
        writer.record("noise", monthSquares, monthDegrees, missingMetric)
        for (rep, record) in records.enumerated() {
            guard let record else { continue }
            let c = record.commitments
            writer.record("commitments", rep, c.commitments, c.judged, c.met, c.outcomeSum, c.outcomes,
                          record.changeWeightSquares.map { String($0) } ?? "-",
                          record.halves.map { String($0.odd.rawValue) } ?? "-", record.halves.map { String($0.even.rawValue) } ?? "-")
        }
    }

    public init(decoding reader: inout Partial.Reader) throws(Partial.FormatError) {
        let (managerIDs, tiers) = try reader.decodeManagers()
        let managerCount = managerIDs.count
        let (repIDs, repManagers) = try reader.decodeReps(managerCount: managerCount)
        self.init(repIDs: repIDs, repManagers: repManagers, managerIDs: managerIDs, managerTiers: tiers)
        let rows = reader.bounds.rows
        let noise = try reader.expect("noise")
        try noise.expectFields(3)
        monthSquares = try noise.field(0)
        monthDegrees = try noise.count(1, atMost: rows)
        missingMetric = try noise.count(2, atMost: rows)
        var last = -1
        while let line = reader.next() {
            guard line.name == "commitments" else { throw Partial.FormatError(line: line.line, "unexpected '\(line.shownName)' record") }
            try line.expectFields(9)
            let rep = try line.code(0, below: repIDs.count)
            guard rep > last else { throw Partial.FormatError(line: line.line, "rep \(rep) out of order or listed twice") }
            last = rep
            var c = RepCommitments()
            c.commitments = try line.count(1, atMost: rows)
            c.judged = try line.count(2, atMost: c.commitments)
            c.met = try line.count(3, atMost: c.judged)
            c.outcomeSum = try line.field(4)
            c.outcomes = try line.count(5, atMost: c.judged)
            guard c.commitments > 0, c.outcomeSum.isFinite, c.outcomes > 0 || c.outcomeSum == 0 else {
                throw Partial.FormatError(line: line.line, "rep \(rep)'s commitments do not add up")
            }
            let weights: String = try line.field(6)
            var record = RepRecord(commitments: c)
            if weights != "-" {
                guard let value = Double(weights), value.isFinite, value >= 0, c.outcomes > 0 else {
                    throw Partial.FormatError(line: line.line, "rep \(rep)'s change weights are not a sum of squares")
                }
                record.changeWeightSquares = value
            }
            let odd: String = try line.field(7), even: String = try line.field(8)
            if odd != "-" || even != "-" {
                guard let a = Int(odd).flatMap(Quadrant.init(rawValue:)), let b = Int(even).flatMap(Quadrant.init(rawValue:)),
                      Quadrant.placed.contains(a), Quadrant.placed.contains(b) else {
                    throw Partial.FormatError(line: line.line, "rep \(rep)'s half labels are not placed quadrants")
                }
                record.halves = (a, b)
            }
            records[rep] = record
        }
    }
}
