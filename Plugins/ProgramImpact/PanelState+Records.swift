import CoachLabPluginAPI

extension PanelState {
    public func encode(to writer: inout Partial.Writer) {
        writer.encodeManagers(ids: managerIDs, tiers: managerTiers)
        writer.encodeReps(ids: repIDs, managers: repManagers)
        writer.record("traits", traits.hireDates == nil ? 0 : 1, traits.regions == nil ? 0 : 1, traits.segments == nil ? 0 : 1)
        if let hired = traits.hireDates { writer.encodeRuns("hire_dates", hired) }
        if let regions = traits.regions { Self.encode(regions, "region", to: &writer) }
        if let segments = traits.segments { Self.encode(segments, "segment", to: &writer) }
        writer.record("programs", programs.count)
        for (index, program) in programs.enumerated() { writer.record("program", index, program.name, program.enrolments) }
        for row in rows {
            var fields: [any Partial.Field] = [Int(row.rep)]
            if let months = row.months {
                fields += [months.lowerBound, months.upperBound]
                if let attainments = row.attainments { fields += attainments.map { $0 as any Partial.Field } } else { fields.append("gap") }
            } else {
                fields += ["-", "-"]
            }
            writer.record("panel", fields)
            for enrolment in row.enrolments { writer.record("enrolment", enrolment.program, enrolment.start) }
            if let month = row.firstSession { writer.record("first_session", month) }
        }
    }

    /// A categorical column of reps.csv: its categories, then each rep's code as runs.
    private static func encode(_ column: CategoricalColumn, _ name: String, to writer: inout Partial.Writer) {
        writer.record(name + "s", column.categories.count)
        for (index, category) in column.categories.enumerated() { writer.record(name, index, category) }
        writer.encodeRuns(name + "_codes", column.codes)
    }

    public init(decoding reader: inout Partial.Reader) throws(Partial.FormatError) {
        let (managerIDs, tiers) = try reader.decodeManagers()
        let (repIDs, repManagers) = try reader.decodeReps(managerCount: managerIDs.count)
        let repCount = repIDs.count
        let held = try reader.expect("traits")
        try held.expectFields(3)
        var traits = RepCovariates.TraitColumns(hireDates: nil, regions: nil, segments: nil)
        if try held.count(0, atMost: 1) == 1 { traits.hireDates = try reader.decodeRuns("hire_dates", length: repCount) }
        if try held.count(1, atMost: 1) == 1 { traits.regions = try Self.decodeColumn("region", reps: repCount, from: &reader) }
        if try held.count(2, atMost: 1) == 1 { traits.segments = try Self.decodeColumn("segment", reps: repCount, from: &reader) }
        self.init(repIDs: repIDs, repManagers: repManagers, managerIDs: managerIDs, managerTiers: tiers, traits: traits)
        let limit = reader.bounds.rows
        let programsHeader = try reader.expect("programs")
        try programsHeader.expectFields(1)
        let programCount = try programsHeader.count(0, atMost: limit)
        for index in 0..<programCount {
            let record = try reader.expect("program")
            try record.expectFields(3)
            guard try record.field(0, as: Int.self) == index else { throw Partial.FormatError(line: record.line, "programmes out of order") }
            let program = ProgramCount(name: try record.field(1), enrolments: try record.count(2, atMost: limit))
            guard program.enrolments > 0, programs.last.map({ $0.name < program.name }) ?? true else {
                throw Partial.FormatError(line: record.line, "programme '\(program.name)' has no enrolments, or is out of order or listed twice")
            }
            programs.append(program)
        }
        // Every value is a month of a row of performance.csv: no more of them than the rows.
        var values = 0
        while let record = reader.next() {
            guard record.name == "panel" else { throw Partial.FormatError(line: record.line, "unexpected '\(record.shownName)' record") }
            var row = try Self.decodePanel(record, reps: repCount, values: &values, limit: limit)
            guard rows.last.map({ $0.rep < row.rep }) ?? true else {
                throw Partial.FormatError(line: record.line, "rep \(row.rep) out of order or listed twice")
            }
            while reader.peek()?.name == "enrolment" {
                let enrolment = try reader.expect("enrolment")
                try enrolment.expectFields(2)
                let program = try enrolment.code(0, below: programCount)
                guard row.enrolments.last.map({ $0.program < program }) ?? true else {
                    throw Partial.FormatError(line: enrolment.line, "rep \(row.rep)'s programmes out of order or listed twice")
                }
                row.enrolments.append(Enrolment(program: program, start: try enrolment.field(1)))
            }
            if reader.peek()?.name == "first_session" {
                let first = try reader.expect("first_session")
                try first.expectFields(1)
                row.firstSession = try first.field(0)
            }
            rows.append(row)
        }
    }

    /// A `panel` record: the rep, then its first and last month and a value for each month
    /// (or `gap`), or `-` and `-` for a rep without rows of performance.csv.
    private static func decodePanel(
        _ record: Partial.Record, reps: Int, values: inout Int, limit: Int
    ) throws(Partial.FormatError) -> RepPanelRow {
        guard record.fields.count >= 3 else {
            throw Partial.FormatError(line: record.line, "record 'panel' has \(record.fields.count) fields, expected 3 or more")
        }
        let rep = Int32(try record.code(0, below: reps))
        if record.fields[1] == "-" && record.fields[2] == "-" {
            try record.expectFields(3)
            return RepPanelRow(rep: rep, months: nil, attainments: nil)
        }
        let first: Int32 = try record.field(1), last: Int32 = try record.field(2)
        guard MonthIndex.representable.contains(first), MonthIndex.representable.contains(last), first <= last else {
            throw Partial.FormatError(line: record.line, "rep \(rep)'s months \(first) to \(last) are not a span of the calendar")
        }
        if record.fields.count == 4 && record.fields[3] == "gap" {
            return RepPanelRow(rep: rep, months: first...last, attainments: nil)
        }
        let count = Int(last - first) + 1
        try record.expectFields(3 + count)
        values += count
        guard values <= limit else { throw Partial.FormatError(line: record.line, "more months of attainment than the state's rows") }
        var attainments: [Double] = []
        attainments.reserveCapacity(count)
        for field in 3..<(3 + count) {
            let value: Double = try record.field(field)
            guard !value.isNaN else { throw Partial.FormatError(line: record.line, "rep \(rep)'s attainment is not a number") }
            attainments.append(value)
        }
        return RepPanelRow(rep: rep, months: first...last, attainments: attainments[...])
    }

    /// What ``encode(_:_:to:)`` wrote of a column of `reps` reps.
    private static func decodeColumn(
        _ name: String, reps: Int, from reader: inout Partial.Reader
    ) throws(Partial.FormatError) -> CategoricalColumn {
        let header = try reader.expect(name + "s")
        try header.expectFields(1)
        let count = try header.count(0, atMost: Partial.Bounds.maximumDimensionRows)
        var categories: [String] = []
        for index in 0..<count {
            let record = try reader.expect(name)
            try record.expectFields(2)
            guard try record.field(0, as: Int.self) == index else { throw Partial.FormatError(line: record.line, "\(name)s out of order") }
            categories.append(try record.field(1))
        }
        let codes: [Int32] = try reader.decodeRuns(name + "_codes", length: reps)
        if let bad = codes.first(where: { $0 != CategoricalColumn.missing && ($0 < 0 || Int($0) >= count) }) {
            throw Partial.FormatError(line: header.line, "a rep's \(name) is \(bad), not one of the \(count) listed")
        }
        return CategoricalColumn(codes: codes, categories: categories)
    }
}
