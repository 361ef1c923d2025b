import ArgumentParser
import CoachLabIngestion
import CoachLabPluginAPI
import CoachLabRendering
import CoachLabSystem
import CoachLabRunner

/// Which plugins to run and with which options, shared by `run` and `report`.
struct PluginArguments: ParsableArguments {
    @Option(name: .customLong("plugin"), help: "A plugin id to run (repeatable; default: every plugin the dataset can feed).")
    var plugins: [String] = []

    @Option(name: .customLong("option"), help: ArgumentHelp(
        "A plugin option as NAME=VALUE, or PLUGIN.NAME=VALUE for one plugin (repeatable).",
        valueName: "NAME=VALUE"))
    var options: [String] = []

    // Flags from before `--option`, kept so that scripts written for them still work: each
    // is exactly `--option NAME=VALUE`, for every selected plugin that declares NAME.

    @Option(help: ArgumentHelp("Alias of --option min-periods=N.", valueName: "N"))
    var minPeriods: String?

    @Option(help: ArgumentHelp("Alias of --option scenario=S, e.g. calls=+100%.", valueName: "S"))
    var scenario: String?

    @Option(help: ArgumentHelp("Alias of --option min-managers=N.", valueName: "N"))
    var minManagers: String?

    /// The aliases given, as `--option` entries.
    private var aliasedOptions: [String] {
        [("min-periods", minPeriods), ("scenario", scenario), ("min-managers", minManagers)]
            .compactMap { name, value in value.map { "\(name)=\($0)" } }
    }

    /// Whether a plugin option is given, by `--option` or an alias.
    var givesOptions: Bool { !options.isEmpty || !aliasedOptions.isEmpty }

    /// Loads what the plugins need, runs them and returns the report, with the load (whose
    /// background cache write the caller waits for); on the slice `slice` gives, if any, and
    /// per segment of the column `segments` names, if any.
    func run(on input: DatasetArguments, slice: SliceArguments? = nil, segments: SegmentArguments? = nil) throws -> (RunReport, LoadedDataset) {
        let registry = ActivePlugins.registry
        let (candidates, optionValues) = try candidates(in: registry)
        // Read only what the candidate plugins use: their optional columns and tables.
        let wanted = candidates.reduce(into: Set<ColumnReference>()) { $0.formUnion($1.descriptor.columns) }
        let tables = candidates.reduce(into: Set<DatasetTable>()) {
            $0.formUnion($1.descriptor.tables(options: optionValues[$1.descriptor.id] ?? [:]))
        }
        // A slice's conditions and the segments' column may read columns the plugins do not:
        // loaded for them, then left out again, so that the plugins see what a load of the
        // copy gives them.
        let sliceColumns = try slice.map { $0.isGiven ? try $0.parsed().optionalColumns : [] } ?? []
        let extraColumns = sliceColumns.union(segments?.optionalColumns ?? [])
        var loaded = try StepTimings.measure("load") { try input.load(columns: .only(wanted.union(extraColumns), tables: tables)) }
        if let slice, slice.isGiven {
            loaded = try slice.apply(to: loaded, threads: input.threads ?? AvailableCores.count)
        }
        let sliceGiven = try slice.flatMap { $0.isGiven ? try $0.parsed() : nil }
        let narrow = { (loaded: LoadedDataset) -> LoadedDataset in
            guard !extraColumns.isSubset(of: wanted) else { return loaded }
            var narrowed = loaded
            narrowed.dataset = loaded.dataset.narrowed(toTables: tables, columns: wanted)
            return narrowed
        }
        if let segments, let column = segments.column {
            let report = try SegmentedRun.report(
                of: loaded, by: column, within: sliceGiven ?? Dataset.Slice(), input: input,
                run: { try compute(narrow($0), input: input, registry: registry, optionValues: optionValues) })
            return (report, loaded)
        }
        loaded = narrow(loaded)
        var report = try compute(loaded, input: input, registry: registry, optionValues: optionValues)
        report.slice = sliceGiven
        // A slice leaves reps out by design; the whole dataset says which reps have no rows.
        if sliceGiven == nil {
            report = RepsWithoutRows(in: loaded.dataset).noted(in: report)
        }
        return (report, loaded)
    }

    /// The plugins named (every plugin when none is), each known, with their option values.
    func candidates(in registry: PluginRegistry) throws -> ([any MetricPlugin], [String: [String: String]]) {
        let known = registry.ids
        for id in plugins where !known.contains(id) {
            throw CLIError("unknown plugin '\(shown(id))'; the known plugins are: \(known.joined(separator: ", "))")
        }
        let candidates = plugins.isEmpty ? registry.plugins : plugins.compactMap(registry.plugin(id:))
        return (candidates, try resolveOptions(for: candidates))
    }

    /// The selected plugins that `loaded` can feed, run on it, as a report.
    private func compute(
        _ loaded: LoadedDataset, input: DatasetArguments, registry: PluginRegistry, optionValues: [String: [String: String]]
    ) throws -> RunReport {
        let selection = try select(
            available: loaded.dataset.tables, misnamedFiles: loaded.report.misnamedFiles, dataset: input.dataset,
            registry: registry, optionValues: optionValues)
        var results: [MetricResult]
        do {
            var runner = PluginRunner()
            if StepTimings.enabled {
                runner.around = { id, compute throws(PluginError) in
                    let start = StepTimings.now
                    defer { StepTimings.report("compute \(id)", StepTimings.now - start) }
                    return try compute()
                }
            }
            results = try StepTimings.measure("compute") {
                try runner.run(
                    selection.runnable, on: loaded.dataset, options: optionValues,
                    threads: input.threads ?? AvailableCores.count)
            }
        } catch let error as PluginError {
            throw CLIError(error.description)
        }
        let methods = Dictionary(uniqueKeysWithValues: selection.runnable.map { ($0.descriptor.id, $0.descriptor.description) })
        let rejections = input.rejections(of: loaded)
        if let rejections {
            results = results.map { result in
                var result = result
                result.notes.append(rejections.note)
                return result
            }
        }
        var report = RunReport(
            dataset: input.dataset, results: results, skipped: selection.skipped,
            description: DatasetDescription(loaded), methods: methods)
        report.rejections = rejections
        return report
    }

    /// The selected plugins that the tables `available` feed, and those skipped with why
    /// (and, from `misnamedFiles`, what the folder holds in place of a missing table);
    /// an error naming every reason when none can run.
    func select(
        available: Set<DatasetTable>, misnamedFiles: [DatasetTable: LoadReport.MisnamedFile], dataset: String,
        registry: PluginRegistry, optionValues: [String: [String: String]]
    ) throws -> PluginSelection {
        var selection: PluginSelection
        do {
            selection = try registry.select(ids: plugins, available: available, options: optionValues)
        } catch {
            throw CLIError(error.description)
        }
        selection.skipped = selection.skipped.map { skipped in
            var skipped = skipped
            skipped.reason += similarFileHints(
                for: skipped.pluginID, registry: registry, available: available, misnamedFiles: misnamedFiles, options: optionValues)
            return skipped
        }
        if selection.runnable.isEmpty {
            throw CLIError("no plugin can run on \(shown(dataset)): " + selection.skipped.map { "\($0.pluginID) \($0.reason)" }.joined(separator: "; "))
        }
        return selection
    }

    /// What the dataset folder holds in place of the tables a skipped plugin needs, as the
    /// load found it (``LoadReport/misnamedFiles``): "; found Coaching_Sessions.csv: …".
    private func similarFileHints(
        for pluginID: String, registry: PluginRegistry, available: Set<DatasetTable>,
        misnamedFiles: [DatasetTable: LoadReport.MisnamedFile], options: [String: [String: String]]
    ) -> String {
        guard let plugin = registry.plugin(id: pluginID) else { return "" }
        let missing = plugin.descriptor.requiredTables(options: options[pluginID] ?? [:]).subtracting(available).sorted()
        return missing.compactMap { misnamedFiles[$0]?.hint }.map { "; " + $0 }.joined()
    }

    /// Option values per plugin id from `--option` and its aliases.
    func resolveOptions(for candidates: [any MetricPlugin]) throws -> [String: [String: String]] {
        let given = options + aliasedOptions
        var values: [String: [String: String]] = [:]
        for entry in given {
            guard let equals = entry.firstIndex(of: "="), equals != entry.startIndex else {
                throw ValidationError("--option takes NAME=VALUE, not '\(shown(entry))'")
            }
            let name = String(entry[..<equals])
            let value = String(entry[entry.index(after: equals)...])
            let parts = name.split(separator: ".", maxSplits: 1).map(String.init)
            let (pluginID, optionName) = parts.count == 2 ? (parts[0], parts[1]) : (nil, name)
            let targets = candidates.filter { plugin in
                (pluginID == nil || plugin.descriptor.id == pluginID)
                    && plugin.descriptor.options.contains { $0.name == optionName }
            }
            guard !targets.isEmpty else {
                throw ValidationError("no selected plugin has an option '\(shown(name))'; see `coachlab plugins`")
            }
            for plugin in targets { values[plugin.descriptor.id, default: [:]][optionName] = value }
        }
        return values
    }
}
