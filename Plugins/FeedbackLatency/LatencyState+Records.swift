import CoachLabPluginAPI
import CoachLabKernels

extension LatencyState {
    /// Managers; `latency` (whether delays exist, sessions per band, with a change);
    /// `rep_change` per rep (``RepChanges``); `delays` per
    /// manager (code, reps, then value and count pairs in ascending order); `tier_reps`;
    /// then the event study's records.
    public func encode(to writer: inout Partial.Writer) {
        writer.encodeManagers(ids: managerIDs, tiers: managerTiers)
        writer.record("latency", [hasDelays ? 1 : 0] + sessionsInBand + [withOutcome])
        repChanges.encode(to: &writer)
        for manager in Set(delays.keys).union(repsByManager.keys).sorted() {
            var fields: [any Partial.Field] = [Int(manager), repsByManager[manager] ?? 0]
            let counts = delays[manager] ?? DelayCounts()
            for (value, count) in zip(counts.values, counts.counts) { fields += [value, count] }
            writer.record("delays", fields)
        }
        writer.record("tier_reps", repsByTier)
        study.encode(to: &writer)
    }

    public init(decoding reader: inout Partial.Reader) throws(Partial.FormatError) {
        let (ids, tiers) = try reader.decodeManagers()
        let rows = reader.bounds.rows
        let reps = reader.bounds.reps ?? Partial.Bounds.maximumDimensionRows
        let header = try reader.expect("latency")
        let bands = LatencyBand.allCases.count
        try header.expectFields(2 + bands)
        let hasDelays = try header.count(0, atMost: 1) == 1
        var sessionsInBand: [Int] = []
        for band in 0..<bands { sessionsInBand.append(try header.count(1 + band, atMost: rows)) }
        let withOutcome = try header.count(1 + bands, atMost: sessionsInBand.reduce(0, +))
        let repChanges = try RepChanges(groups: bands, decoding: &reader, managers: ids.count, events: sessionsInBand)
        var delays: [Int32: DelayCounts] = [:]
        var repsByManager: [Int32: Int] = [:]
        var last = -1
        while reader.peek()?.name == "delays" {
            let record = try reader.expect("delays")
            guard record.fields.count >= 2, record.fields.count % 2 == 0 else {
                throw Partial.FormatError(line: record.line, "a 'delays' record is a manager, its reps, then value and count pairs")
            }
            let manager = try record.code(0, below: ids.count)
            guard manager > last else { throw Partial.FormatError(line: record.line, "manager \(manager) out of order or listed twice") }
            last = manager
            repsByManager[Int32(manager)] = try record.count(1, atMost: reps)
            var values: [Double] = [], counts: [Int] = []
            for pair in stride(from: 2, to: record.fields.count, by: 2) {
                let value: Double = try record.field(pair)
                guard value.isFinite, value > (values.last ?? -.infinity) else {
                    throw Partial.FormatError(line: record.line, "delays out of order, repeated or not finite")
                }
                values.append(value)
                counts.append(try record.count(pair + 1, atMost: rows))
                guard counts.last! > 0 else { throw Partial.FormatError(line: record.line, "a delay counted 0 times") }
            }
            if !values.isEmpty { delays[Int32(manager)] = DelayCounts(values: values, counts: counts) }
        }
        let tierRecord = try reader.expect("tier_reps")
        try tierRecord.expectFields(CoachingTier.allCases.count)
        var repsByTier: [Int] = []
        for tier in CoachingTier.allCases.indices { repsByTier.append(try tierRecord.count(tier, atMost: reps)) }
        self.init(managerIDs: ids, managerTiers: tiers, study: try EventStudy.FirstPass(decoding: &reader))
        self.hasDelays = hasDelays
        self.sessionsInBand = sessionsInBand
        self.withOutcome = withOutcome
        self.repChanges = repChanges
        self.delays = delays
        self.repsByManager = repsByManager
        self.repsByTier = repsByTier
    }
}
