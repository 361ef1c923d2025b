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

    /// The computation of `plugin` alone, with the same options and threads.
    func only(_ plugin: any DecomposableMetric) -> PartComputation {
        PartComputation(plugins: [plugin], optionValues: optionValues, threads: threads)
    }

    /// The state of `dataset`'s rows, read as `records`: each plugin's first pass; given
    /// `firstPass` (the merged first passes of every part), the second pass of each plugin
    /// of two passes and the (only) pass of the others. `reps`: the range of reps whose
    /// rows `dataset` holds, when it is one (``PluginContext/reps``).
    func state(
        of dataset: Dataset, reps: Range<Int>? = nil, records: [ShardRecord], datasetName: String, given firstPass: StateFile?
    ) throws -> StateFile {
        var sections: [StateFile.PluginSection] = []
        for plugin in plugins {
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
                sections.append(.init(id: descriptor.id, version: descriptor.version, options: options, state: state))
            } catch {
                throw CLIError(error.description)
            }
        }
        return StateFile(
            dataset: datasetName, dimensions: DimensionFingerprint(managers: dataset.managers, reps: dataset.reps),
            shards: records, repMonths: RepMonthCoverage(of: dataset), plugins: sections,
            firstPassShards: firstPass.map { ShardRecord.digest(of: $0.shards) })
    }
}
