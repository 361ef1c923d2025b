import CoachLabData
import CoachLabPluginAPI

extension EventStudy.FirstPass: PartialState {
    /// The most months a state's sums may span: a century, far beyond any export.
    static let maximumMonths = 1_200

    /// `study` (groups, trends, first month, months, observations), `study_groups` (a 0/1
    /// per group with events), `study_months` (a 0/1 per month with a row), then a
    /// `study_sum` per sum other than 0: block, row, column, value.
    public func encode(to writer: inout Partial.Writer) {
        writer.record("study", groups, unitTrends ? 1 : 0, Int(firstMonth), months, observations)
        writer.record("study_groups", groupHasEvents.map { ($0 ? 1 : 0) as any Partial.Field })
        writer.record("study_months", monthSeen.map { ($0 ? 1 : 0) as any Partial.Field })
        let k = regressors, t = months
        func write(_ block: Int, _ sums: [Partial.ExactSum], columns: Int) {
            for (index, sum) in sums.enumerated() where sum != Partial.ExactSum() {
                writer.record("study_sum", block, index / columns, index % columns, sum)
            }
        }
        write(0, timeGram, columns: max(1, t))
        write(1, timeRegressor, columns: k)
        write(2, regressorGram, columns: k)
        write(3, timeOutcome, columns: 1)
        write(4, regressorOutcome, columns: 1)
    }

    public init(decoding reader: inout Partial.Reader) throws(Partial.FormatError) {
        let header = try reader.expect("study")
        try header.expectFields(5)
        let groups = try header.count(0, atMost: 64)
        let trends = try header.count(1, atMost: 1)
        let first: Int32 = try header.field(2)
        let months = try header.count(3, atMost: Self.maximumMonths)
        guard groups > 0, months == 0 || MonthIndex.representable.contains(first) else {
            throw Partial.FormatError(line: header.line, "a study needs a group and a first month in the calendar")
        }
        self.init(groups: groups, unitTrends: trends == 1, firstMonth: first, months: months)
        observations = try header.count(4, atMost: reader.bounds.rows)
        groupHasEvents = try Self.flags(try reader.expect("study_groups"), count: groups)
        monthSeen = try Self.flags(try reader.expect("study_months"), count: months)
        guard monthSeen.contains(true) == (observations > 0) else {
            throw Partial.FormatError(line: header.line, "a study has months with rows exactly when it has observations")
        }
        let k = regressors
        var last = (-1, -1, -1)
        while reader.peek()?.name == "study_sum" {
            let record = try reader.expect("study_sum")
            try record.expectFields(4)
            let block = try record.count(0, atMost: 4)
            let (rows, columns) = [(months, months), (months, k), (k, k), (months, 1), (k, 1)][block]
            let i = try record.code(1, below: rows), j = try record.code(2, below: columns)
            // Upper triangles only, each entry once, in order.
            guard (block != 0 && block != 2) || i <= j, (block, i, j) > last else {
                throw Partial.FormatError(line: record.line, "a study sum out of order, repeated or below its diagonal")
            }
            last = (block, i, j)
            let sum: Partial.ExactSum = try record.field(3)
            switch block {
            case 0: timeGram[i * months + j] = sum
            case 1: timeRegressor[i * k + j] = sum
            case 2: regressorGram[i * k + j] = sum
            case 3: timeOutcome[i] = sum
            default: regressorOutcome[i] = sum
            }
        }
    }

    private static func flags(_ record: Partial.Record, count: Int) throws(Partial.FormatError) -> [Bool] {
        try record.expectFields(count)
        var flags: [Bool] = []
        for index in 0..<count { flags.append(try record.count(index, atMost: 1) == 1) }
        return flags
    }

    /// Why `other` cannot merge: sums of another study's shape.
    public func mergeProblem(with other: Self) -> String? {
        guard other.groups == groups, other.unitTrends == unitTrends else { return "the event studies have other groups or trends" }
        let first = min(firstMonth, other.firstMonth)
        let last = max(firstMonth + Int32(months), other.firstMonth + Int32(other.months))
        if months > 0 && other.months > 0 && Int(last - first) > Self.maximumMonths {
            return "the event studies' months would span more than \(Self.maximumMonths)"
        }
        return nil
    }
}

extension EventStudy.SecondPass: PartialState {
    /// `scores` with the regressors, then a `score` per manager: its code and a sum per regressor.
    public func encode(to writer: inout Partial.Writer) {
        writer.record("scores", regressors)
        for manager in scores.keys.sorted() {
            writer.record("score", [Int(manager) as any Partial.Field] + scores[manager]!.map { $0 as any Partial.Field })
        }
    }

    public init(decoding reader: inout Partial.Reader) throws(Partial.FormatError) {
        let header = try reader.expect("scores")
        try header.expectFields(1)
        self.init(regressors: try header.count(0, atMost: 64 * EventStudy.relativeMonths.count))
        let managers = reader.bounds.managers ?? Partial.Bounds.maximumDimensionRows
        var last = -1
        while reader.peek()?.name == "score" {
            let record = try reader.expect("score")
            try record.expectFields(1 + regressors)
            let manager = try record.code(0, below: managers)
            guard manager > last else { throw Partial.FormatError(line: record.line, "manager \(manager) out of order or listed twice") }
            last = manager
            var sums: [Partial.ExactSum] = []
            for a in 0..<regressors { sums.append(try record.field(1 + a)) }
            scores[Int32(manager)] = sums
        }
    }

    /// Why `other` cannot merge: scores of another model.
    public func mergeProblem(with other: Self) -> String? {
        other.regressors == regressors ? nil : "the event studies' scores are of models with other regressors"
    }
}
