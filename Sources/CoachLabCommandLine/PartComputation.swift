import CoachLabDistributed
import CoachLabIngestion
import CoachLabPluginAPI

/// Decomposable plugins with their options, computed on the rows of one loaded shard or
/// whole-rep part: the one step `coachlab partial` and `run --blocks` share.
struct PartComputation {
    var plugins: [any DecomposableMetric]
    /// Option values per plugin id, as given.
    var optionValues: [String: [String: String]]
    var threads: Int

    /// The optional columns the plugins read.
    var columns: Set<ColumnReference> {
        plugins.reduce(into: []) { $0.formUnion($1.descriptor.columns) }
    }

    /// The rep-level tables the plugins read from a part.
    var partTables: Set<DatasetTable> {
        plugins.reduce(into: Set<DatasetTable>()) { tables, plugin in
            tables.formUnion(plugin.descriptor.tables(options: optionValues[plugin.descriptor.id] ?? [:]))
        }.filter { !$0.isDimension }
    }

    /// The state of `dataset`'s rows, read as `records`: each plugin's first pass; given
    /// `firstPass` (the merged first passes of every part), the second pass of each plugin
    /// of two passes and the (only) pass of the others. `reps`: the range of reps whose
    /// rows `dataset` holds, when it is one (``PluginContext/reps``).
    func state(
        of dataset: Dataset, reps: Range<Int>? = nil, records: [ShardRecord], datasetName: String, given firstPass: StateFile?
    ) throws -> StateFile {
        var file = header(of: dataset, records: records, datasetName: datasetName, given: firstPass)
        file.plugins = try plugins.map { try section(of: $0, dataset: dataset, reps: reps, given: firstPass) }
        return file
    }

    /// ``state(of:reps:records:datasetName:given:)`` one plugin at a time: `body` takes each
    /// plugin's index and a state of that plugin alone, before the next is computed.
    func forEachPluginState(
        of dataset: Dataset, reps: Range<Int>? = nil, records: [ShardRecord], datasetName: String, given firstPass: StateFile?,
        _ body: (Int, StateFile) throws -> Void
    ) throws {
        let header = header(of: dataset, records: records, datasetName: datasetName, given: firstPass)
        for (index, plugin) in plugins.enumerated() {
            var file = header
            file.plugins = [try section(of: plugin, dataset: dataset, reps: reps, given: firstPass)]
            try body(index, file)
        }
    }

    /// A state of `dataset`'s rows with no plugin yet: what it covers and was given.
    private func header(of dataset: Dataset, records: [ShardRecord], datasetName: String, given firstPass: StateFile?) -> StateFile {
        StateFile(
            dataset: datasetName, dimensions: DimensionFingerprint(managers: dataset.managers, reps: dataset.reps),
            shards: records, repMonths: RepMonthCoverage(of: dataset), plugins: [],
            firstPassShards: firstPass.map { ShardRecord.digest(of: $0.shards) })
    }

    /// `plugin`'s section of the state of `dataset`'s rows.
    private func section(
        of plugin: any DecomposableMetric, dataset: Dataset, reps: Range<Int>?, given firstPass: StateFile?
    ) throws -> StateFile.PluginSection {
        let descriptor = plugin.descriptor
        let given = optionValues[descriptor.id] ?? [:]
        let first = firstPass?.plugins.first { $0.id == descriptor.id }
        if firstPass != nil && plugin.passes == .two && first == nil {
            throw CLIError("plugin '\(descriptor.id)' takes two passes, and the first pass given does not hold it")
        }
        do {
            let options = try PluginOptions.resolve(given, for: descriptor)
            let context = PluginContext(
                dataset: dataset.narrowed(for: descriptor, options: given), options: options, threads: threads, reps: reps)
            let state = if let first, plugin.passes == .two {
                try plugin.erasedSecondPass(context, given: first.state)
            } else {
                try plugin.erasedFirstPass(context)
            }
            return .init(id: descriptor.id, version: descriptor.version, options: options, state: state)
        } catch {
            throw CLIError(error.description)
        }
    }
}
