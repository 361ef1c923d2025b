import CoachLabPluginAPI

/// ``AttainmentByRegion`` in shards: counts of each piece of performance.csv, merged exactly.
public struct AttainmentByRegionInShards: DecomposableMetric {
    public init() {}

    public let descriptor = AttainmentByRegion().descriptor

    public func partial(_ context: Partial.Context) -> RegionCounts {
        RegionCounts(context.dataset, rows: context.rows(of: .performance))
    }

    public func finalize(_ state: RegionCounts, options: PluginOptions) -> MetricResult {
        state.result(id: descriptor.id, title: descriptor.title, minimumReps: options[AttainmentByRegion.minimumReps])
    }
}

/// Integer counts merge exactly, in any order: any split of the rows gives the whole's.
/// Reps come from reps.csv, which every part reads whole, so they are not added.
extension RegionCounts: PartialState {
    public mutating func merge(_ other: RegionCounts) {
        for region in regions.indices {
            repMonths[region] += other.repMonths[region]
            attained[region] += other.attained[region]
        }
    }

    public func encode(to writer: inout Partial.Writer) {
        for region in regions.indices { writer.record("region", regions[region], reps[region], repMonths[region], attained[region]) }
    }

    public init(decoding reader: inout Partial.Reader) throws(Partial.FormatError) {
        (regions, reps, repMonths, attained) = ([], [], [], [])
        while reader.peek()?.name == "region", let record = reader.next() {
            try record.expectFields(4)
            regions.append(try record.field(0))
            reps.append(try record.field(1))
            repMonths.append(try record.field(2))
            attained.append(try record.field(3))
        }
    }
}
