import ArgumentParser
import CoachLabDistributed
import CoachLabIngestion
import CoachLabPluginAPI
import CoachLabSystem

struct PartialCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "partial",
        abstract: "Compute the partial state of one shard of a large table (for an engine such as Spark).",
        discussion: """
            A shard is any line-aligned piece of performance.csv (or coaching_sessions.csv), \
            header lines anywhere in it skipped; or a folder `coachlab split` wrote, a \
            whole-rep part, whose tables the plugins read are read. The dimension tables (managers.csv, \
            reps.csv, or an export's files named by --mapping) are read whole from \
            --dimensions. The state goes to standard output; \
            combine states with `coachlab merge` and print results with `coachlab report`. \
            See docs/SCALE-OUT.md.
            """)

    @Argument(help: "The shard: a file, - for standard input, or a part folder that `coachlab split` wrote.")
    var shard: String = "-"

    @Option(help: "The folder holding managers.csv and reps.csv.")
    var dimensions: String

    /// The plugins (default: every decomposable plugin the shard and the dimension tables feed,
    /// as `run` runs every plugin the dataset feeds; the parts of one split feed the same ones).
    @OptionGroup var selection: PluginArguments

    @Option(help: "The table a shard file is a piece of: performance (the default) or coaching_sessions.")
    var table: String?

    @Option(help: "The shard's column names, comma-separated, for shards without a header line (default: the header of the table's file in --dimensions).")
    var columns: String?

    @Option(help: "A mapping file (YAML) naming the export's files, headers and value formats, as for `coachlab run --mapping`; the shard is a piece of the export's file.")
    var mapping: String?

    @Option(help: "The shard's identity (default: the table and a checksum of its rows; a part folder's other tables get ID:TABLE).")
    var shardID: String?

    @Option(help: "The dataset name results show (default: --dimensions as given).")
    var datasetName: String?

    @Option(name: .shortAndLong, help: "Write the state to this file instead of standard output.")
    var output: String?

    @Option(help: "The second pass, for plugins that take two (the event studies of feedback-latency, focus-breadth and assignment-follow-through): the first-pass states of every part, merged. Its plugins and options are the ones computed.")
    var given: String?

    @Option(help: "Input problems to list before stopping.")
    var maxProblems: Int = 20

    @Flag(help: "Use periods far outside the shard's others (more than five years from them, or before 1900 or after 2200), which otherwise stop it as likely typos.")
    var allowPeriods = false

    @Option(help: "Threads to compute with (default: the cores this process may use, after CPU affinity and container CPU limits).")
    var threads: Int?

    func validate() throws {
        if let table, DatasetTable(rawValue: table) == nil {
            throw ValidationError("--table must be performance or coaching_sessions, not '\(shown(table))'")
        }
        if InputFile.isFolder(shard) && (table != nil || columns != nil) {
            throw ValidationError("\(shown(shard)) is a folder, a whole-rep part that `coachlab split` wrote: it holds every rep-level table with its header, so --table and --columns do not apply")
        }
        if given != nil && (!selection.plugins.isEmpty || selection.givesOptions) {
            throw ValidationError("a first-pass state fixes its plugins and options; --given takes them from it")
        }
    }

    func run() throws {
        let registry = ActivePlugins.registry
        var plugins: [any DecomposableMetric] = []
        var dimensionFiles = DatasetLoader()
        if let mapping { dimensionFiles.mapping = try DatasetArguments.loadMapping(path: mapping) }
        let firstPass = try given.map(Self.firstPass)
        let ids = try firstPass.map { $0.plugins.map(\.id) }
            ?? (selection.plugins.isEmpty ? try Self.everyPluginFed(by: shard, table: table, mapping: dimensionFiles.mapping) : selection.plugins)
        for id in ids {
            guard let plugin = registry.plugin(id: id) else {
                throw CLIError("unknown plugin '\(shown(id))'; the known plugins are: \(registry.ids.joined(separator: ", "))")
            }
            guard let decomposable = plugin as? any DecomposableMetric else {
                throw CLIError("plugin '\(id)' cannot be computed in shards: it needs all rows at once; run it with `coachlab run`")
            }
            if decomposable.parallelism == .wholeReps && !InputFile.isFolder(shard) {
                throw CLIError("plugin '\(id)' cannot be computed from a shard of one table: it joins each rep's rows across tables (its sessions to its months); give it a whole-rep part, a folder that `coachlab split` writes")
            }
            if !plugins.contains(where: { $0.descriptor.id == id }) { plugins.append(decomposable) }
        }
        let optionValues = try firstPass.map { Dictionary(uniqueKeysWithValues: $0.plugins.map { ($0.id, $0.options.values) }) }
            ?? selection.resolveOptions(for: plugins)
        let computation = PartComputation(plugins: plugins, optionValues: optionValues, threads: threads ?? AvailableCores.count)
        let isPart = InputFile.isFolder(shard)
        let shardFiles = isPart ? dimensionFiles.inputPaths(folder: shard) : [shard]
        try OutputCollisions.refuse(
            [("--output", output)], inputs: shardFiles + dimensionFiles.inputPaths(folder: dimensions) + (mapping.map { [$0] } ?? []))
        var loader = ShardLoader(
            dimensions: dimensions, table: DatasetTable(rawValue: table ?? "performance")!,
            columns: columns.map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) },
            selection: computation.columns)
        loader.problemLimit = maxProblems
        loader.allowsDistantPeriods = allowPeriods
        if let mapping { loader.mapping = try DatasetArguments.loadMapping(path: mapping) }
        let (dataset, records): (Dataset, [ShardRecord])
        do {
            if isPart {
                (dataset, records) = try loader.loadPart(folder: shard, tables: computation.partTables, shardID: shardID)
            } else {
                let (shardDataset, record) = try loader.load(bytes: InputFile.read(shard), name: InputFile.displayName(shard), shardID: shardID)
                (dataset, records) = (shardDataset, [record])
            }
        } catch let error as ShardError {
            throw CLIError(error.description)
        }
        if let firstPass {
            let dimensionFingerprint = DimensionFingerprint(managers: dataset.managers, reps: dataset.reps)
            try Self.check(records, dimensions: dimensionFingerprint, areIn: firstPass, given: given ?? "")
        }
        let file = try computation.state(of: dataset, records: records, datasetName: datasetName ?? dimensions, given: firstPass)
        try OutputTarget(path: output).write(StateFileCodec.encode(file))
    }

    /// The ids of every decomposable plugin whose tables the shard holds, in the registry's
    /// order: for a part folder, those whose rep-level tables are all in the part; for a
    /// shard of one table, those that need no other rep-level table and are not computed
    /// from whole reps.
    static func everyPluginFed(by shard: String, table: String?, mapping: DatasetMapping?) throws -> [String] {
        let isPart = InputFile.isFolder(shard)
        let held: Set<DatasetTable> = isPart
            ? Set(DatasetTable.allCases.filter { table in
                !table.isDimension && InputFile.isRegularFile(shard + "/" + (mapping?.fileName(of: table) ?? table.fileName))
            })
            : [DatasetTable(rawValue: table ?? "performance") ?? .performance]
        let fed = try? ActivePlugins.registry.select(ids: [], available: held.union(DatasetTable.allCases.filter(\.isDimension)))
        let ids = (fed?.runnable ?? []).compactMap { plugin -> String? in
            guard let decomposable = plugin as? any DecomposableMetric,
                  isPart || decomposable.parallelism != .wholeReps else { return nil }
            return plugin.descriptor.id
        }
        guard !ids.isEmpty else {
            throw CLIError("no plugin can be computed from \(shown(shard)); name the plugins with --plugin")
        }
        return ids
    }

    /// The merged first pass at `path`: every plugin's state a first pass.
    static func firstPass(_ path: String) throws -> StateFile {
        let file = try StateInputs.merged([path])
        let shownPath = InputFile.displayName(path)
        if file.firstPassShards != nil {
            throw CLIError("\(shown(shownPath)) is a second pass (`partial --given`); --given takes the merged first passes")
        }
        guard file.plugins.contains(where: { $0.state.awaitsSecondPass }) else {
            throw CLIError("\(shown(shownPath)) holds no plugin that takes two passes; report on it, or compute the plugins that do (feedback-latency, focus-breadth, assignment-follow-through) with `coachlab partial`")
        }
        return file
    }

    /// Refuses a part that the first pass did not cover, or computed against other
    /// dimension tables: its second pass would be fitted with a model that never saw its rows.
    static func check(_ records: [ShardRecord], dimensions: DimensionFingerprint, areIn firstPass: StateFile, given: String) throws {
        guard dimensions == firstPass.dimensions else {
            throw CLIError("\(shown(given)) was computed against other dimension tables (\(firstPass.dimensions)) than --dimensions (\(dimensions))")
        }
        let covered = Set(firstPass.shards.map { "\($0.table.rawValue)\t\($0.id)\t\($0.fingerprint)" })
        for record in records where !record.isEmpty && !covered.contains("\(record.table.rawValue)\t\(record.id)\t\(record.fingerprint)") {
            throw CLIError("shard '\(shown(record.id))' of \(record.table.fileName) is not in the first pass \(shown(given)) (or its rows changed since): the second pass runs on the parts the first pass covered")
        }
    }
}
