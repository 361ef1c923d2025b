import CoachLabPluginAPI
import CoachLabKernels

extension FunnelState {
    /// `funnel` (the four columns' presence, rows, managers, reps); per model present, `model`
    /// (its number, managers with rows, Σ outcome) and a `moments` record per such manager
    /// (code, rows, sums); `repmodels` and a `rep` record per rep with rows in a model (code,
    /// bits); `calls` and a `bin` record per distinct value (value, rows, then per outcome its
    /// rows and sum).
    public func encode(to writer: inout Partial.Writer) {
        writer.record("funnel", columnsPresent.map { $0 ? 1 : 0 } + [rows, managerCount, repCount] as [any Partial.Field])
        for (m, model) in models.enumerated() {
            guard let model else { continue }
            let managers = (0..<managerCount).filter { model.manager($0).rows > 0 }
            writer.record("model", m, managers.count, model.valuesSum)
            for g in managers {
                let (rows, sums) = model.manager(g)
                writer.record("moments", [g, rows] + sums.map { $0 as any Partial.Field })
            }
        }
        let reps = repModels.indices.filter { repModels[$0] != 0 }
        writer.record("repmodels", reps.count)
        for rep in reps { writer.record("rep", rep, Int(repModels[rep])) }
        writer.record("calls", histogram.count)
        for bin in 0..<histogram.count {
            var fields: [any Partial.Field] = [histogram.values[bin], histogram.rows[bin]]
            for o in 0..<CallsHistogram.outcomes {
                fields.append(histogram.outcomeRows[bin * CallsHistogram.outcomes + o])
                fields.append(histogram.outcomeSums[bin * CallsHistogram.outcomes + o])
            }
            writer.record("bin", fields)
        }
    }

    /// Reads what ``encode(to:)`` wrote, every count checked against the rows the state
    /// covers and every code against its dimension tables.
    public init(decoding reader: inout Partial.Reader) throws(Partial.FormatError) {
        let header = try reader.expect("funnel")
        try header.expectFields(7)
        var present: [Bool] = []
        for index in 0..<4 { present.append(try header.count(index, atMost: 1) == 1) }
        let rows = try header.count(4, atMost: reader.bounds.rows)
        let managerCount = try header.count(5, atMost: Partial.Bounds.maximumDimensionRows)
        let repCount = try header.count(6, atMost: Partial.Bounds.maximumDimensionRows)
        if let managers = reader.bounds.managers, managerCount != managers {
            throw Partial.FormatError(line: header.line, "\(managerCount) managers, but the state's dimension tables have \(managers)")
        }
        if let reps = reader.bounds.reps, repCount != reps {
            throw Partial.FormatError(line: header.line, "\(repCount) reps, but the state's dimension tables have \(reps)")
        }
        self.init(columnsPresent: present, managerCount: managerCount, repCount: repCount)
        self.rows = rows
        for m in models.indices where models[m] != nil {
            models[m] = try Self.decodeModel(m, models[m]!, rows: rows, from: &reader)
        }
        let repsHeader = try reader.expect("repmodels")
        try repsHeader.expectFields(1)
        let modelBits = models.indices.reduce(0) { models[$1] == nil ? $0 : $0 | (1 << $1) }
        var last = -1
        for _ in 0..<(try repsHeader.count(0, atMost: repCount)) {
            let record = try reader.expect("rep")
            try record.expectFields(2)
            let rep = try record.code(0, below: repCount)
            let bits = try record.count(1, atMost: 127)
            guard rep > last, bits != 0, bits & ~modelBits == 0 else {
                throw Partial.FormatError(line: record.line, "rep \(rep) is out of order, listed twice, or in no model or one the state lacks")
            }
            last = rep
            repModels[rep] = UInt8(bits)
        }
        histogram = try Self.decodeHistogram(rows: rows, from: &reader)
    }

    /// Model `m`'s records, into `model` (empty): each manager's rows at most what is left of
    /// `rows`, managers in order.
    private static func decodeModel(
        _ m: Int, _ model: ExactClusterMoments, rows: Int, from reader: inout Partial.Reader
    ) throws(Partial.FormatError) -> ExactClusterMoments {
        var model = model
        let header = try reader.expect("model")
        try header.expectFields(3)
        guard try header.field(0, as: Int.self) == m else {
            throw Partial.FormatError(line: header.line, "model \(m) was expected")
        }
        let managers = try header.count(1, atMost: model.managerCount)
        model.valuesSum = try header.field(2)
        var (last, left) = (-1, rows)
        for _ in 0..<managers {
            let record = try reader.expect("moments")
            try record.expectFields(2 + model.entries)
            let g = try record.code(0, below: model.managerCount)
            let count = try record.count(1, atMost: left)
            guard g > last, count > 0 else {
                throw Partial.FormatError(line: record.line, "manager \(g) of model \(m) is out of order, listed twice or without rows")
            }
            var sums: [Partial.ExactSum] = []
            for index in 0..<model.entries { sums.append(try record.field(2 + index)) }
            model.setManager(g, rows: count, sums: sums)
            (last, left) = (g, left - count)
        }
        return model
    }

    /// The histogram's records: values ascending, rows adding up to at most `rows`.
    private static func decodeHistogram(rows: Int, from reader: inout Partial.Reader) throws(Partial.FormatError) -> CallsHistogram {
        let header = try reader.expect("calls")
        try header.expectFields(1)
        var histogram = CallsHistogram()
        var left = rows
        for _ in 0..<(try header.count(0, atMost: rows)) {
            let record = try reader.expect("bin")
            try record.expectFields(2 + 2 * CallsHistogram.outcomes)
            let value: Double = try record.field(0)
            let count = try record.count(1, atMost: left)
            guard !value.isNaN, histogram.values.last.map({ $0 < value }) ?? true, count > 0 else {
                throw Partial.FormatError(line: record.line, "calls value \(value) is out of order, listed twice or without rows")
            }
            var outcomeRows: [Int] = [], outcomeSums: [Partial.ExactSum] = []
            for o in 0..<CallsHistogram.outcomes {
                outcomeRows.append(try record.count(2 + 2 * o, atMost: count))
                outcomeSums.append(try record.field(3 + 2 * o))
            }
            histogram.append(value + 0, rows: count, outcomeRows: outcomeRows, outcomeSums: outcomeSums)
            left -= count
        }
        return histogram
    }
}
