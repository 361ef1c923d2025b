#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CoachLabDistributed
import CoachLabIngestion
import CoachLabPluginAPI
import CoachLabRendering
import CoachLabSystem

/// `run --blocks N`: the report `run` prints, computed without ever loading more than one
/// block of reps. The dataset is split into N whole-rep parts in a private temporary folder
/// (``WholeRepSplit``); each part in turn is loaded, its plugins' first passes computed and
/// merged into a running state (``StateMerger``), and the part dropped; the plugins of two
/// passes then visit every part again, given the merged first pass; the merged state is
/// finalised as `report` finalises one (``StateReport``). The temporary folder is removed
/// whether the run succeeds or fails.
struct BlockedRun {
    var input: DatasetArguments
    var selection: PluginArguments
    var blocks: Int

    /// Blocks of contiguous rows of reps.csv: each block's plugins then size what they
    /// keep per rep by the block's reps (``PluginContext/reps``).
    private var partition: RepPartition { RepPartition(parts: blocks, placement: .rowRanges)! }

    /// The report, and the rep and manager ids of the dimension tables when
    /// `keepingIdentifiers` (for an HTML report's pseudonyms); without its tables of one row
    /// per rep unless `keepingRepTables`.
    func report(keepingIdentifiers: Bool, keepingRepTables: Bool) throws -> (RunReport, [String: Privacy.IdentifierKind]) {
        let registry = ActivePlugins.registry
        let mapping = try input.mapping.map(DatasetArguments.loadMapping(path:))
        var files = DatasetLoader()
        files.mapping = mapping
        let available = Set(DatasetTable.allCases.filter { $0.isDimension || access(path(of: $0, mapping: mapping), F_OK) == 0 })
        let (_, optionValues) = try selection.candidates(in: registry)
        let chosen = try selection.select(
            available: available, misnamedFiles: files.misnamedFiles(folder: input.dataset), dataset: input.dataset,
            registry: registry, optionValues: optionValues)
        let plugins = try chosen.runnable.map { plugin in
            guard let decomposable = plugin as? any DecomposableMetric else {
                throw CLIError("plugin '\(plugin.descriptor.id)' cannot be computed in blocks: it needs all rows at once; run it without --blocks")
            }
            return decomposable
        }
        let computation = PartComputation(plugins: plugins, optionValues: optionValues, threads: input.threads ?? AvailableCores.count)
        var loader = ShardLoader(dimensions: input.dataset, table: .performance, columns: nil, selection: computation.columns)
        loader.problemLimit = input.maxProblems
        loader.allowsDistantPeriods = input.allowPeriods
        loader.mapping = mapping

        let scratch = try ScratchFolder(prefix: "coachlab-blocks")
        defer { scratch.remove() }
        let rows = try StepTimings.measure("split") { try split(into: scratch.path + "/blocks", mapping: mapping) }
        let parts = (0..<blocks).map { scratch.path + "/blocks/" + RepPartition.folderName($0) }
        var state = try StepTimings.measure("first pass") { try merged(parts, computation, tables: computation.partTables, loader: loader, given: nil) }
        let twoPass = PartComputation(
            plugins: plugins.filter { $0.passes == .two }, optionValues: optionValues, threads: computation.threads)
        if !twoPass.plugins.isEmpty {
            // Plugins of one pass keep their first-pass states: a second pass would only repeat
            // them. Every table is read again, so that the second pass covers the same shards.
            var second = try StepTimings.measure("second pass") {
                try merged(parts, twoPass, tables: computation.partTables, loader: loader, given: state)
            }
            second.plugins = state.plugins.map { section in second.plugins.first { $0.id == section.id } ?? section }
            state = second
        }
        let finalizing = StepTimings.start("finalize")
        var report = try StateReport.report(
            from: consume state, expecting: ShardExpectations(rows: [.performance: rows]), threads: computation.threads,
            keepingRepTables: keepingRepTables)
        finalizing.finished()
        report.skipped = chosen.skipped
        return (report, keepingIdentifiers ? try identifiers(loader) : [:])
    }

    /// Splits the dataset into ``blocks`` whole-rep parts in `folder`, saying on standard
    /// error what a report footer left out; returns the rows of performance.csv.
    private func split(into folder: String, mapping: DatasetMapping?) throws -> Int {
        var split = WholeRepSplit(dataset: input.dataset, mapping: mapping, partition: partition)
        split.problemLimit = input.maxProblems
        let summaries: [WholeRepSplit.TableSummary]
        do {
            summaries = try split.write(to: folder)
        } catch {
            throw CLIError(error.description + input.mappingHint())
        }
        for summary in summaries {
            guard let footer = summary.footer else { continue }
            StandardError.write("note: \(shown(summary.fileName)): \(footer.lines) line(s) after the data skipped as a report footer (from line \(summary.footerLine ?? 0))\n")
        }
        return summaries.first { $0.table == .performance }?.rows ?? 0
    }

    /// The merged state of every part, each loaded in turn (its tables `tables`) and dropped
    /// before the next.
    private func merged(
        _ parts: [String], _ computation: PartComputation, tables: Set<DatasetTable>, loader: ShardLoader, given firstPass: StateFile?
    ) throws -> StateFile {
        let merger = StateMerger(registry: ActivePlugins.registry)
        // One running state per plugin: a block's state of each plugin is merged as soon as
        // it is computed, so that no more than one plugin's block state is held at a time.
        var merged: [StateMerger.Running] = []
        for (index, part) in parts.enumerated() {
            let (dataset, records) = try load(part, number: index + 1, of: parts.count, tables: tables, loader: loader)
            let reps = partition.reps(ofPart: index, reps: dataset.reps.count)
            try refuseRowsOutside(reps, of: dataset, block: index + 1)
            try computation.forEachPluginState(
                of: dataset, reps: reps, records: records, datasetName: input.dataset, given: firstPass
            ) { plugin, state in
                do throws(StateFileError) {
                    if merged.count == plugin {
                        merged.append(try StateMerger.Running(state, from: part, merger: merger))
                    } else {
                        try merged[plugin].add(state, from: part)
                    }
                } catch {
                    throw CLIError(error.description)
                }
            }
            // The block's pages go back to the system before the next block is read: glibc
            // otherwise keeps them in its arenas, and the peak grows with every block.
            FreedMemory.returnToSystem()
        }
        // Each plugin's running state covers the same shards and rep-months.
        var states = merged.map { $0.finished() }
        var whole = states.removeFirst()
        whole.plugins += states.flatMap(\.plugins)
        return whole
    }

    /// Refuses a block holding a row of a rep outside its range, which its plugins would
    /// leave out: reps.csv changed between the split and the block's load.
    private func refuseRowsOutside(_ reps: Range<Int>, of dataset: Dataset, block: Int) throws {
        if let table = dataset.tableWithRows(outside: reps) {
            throw CLIError("block \(block) holds rows of \(table.fileName) of reps outside it: \(shown(input.dataset))'s reps.csv changed during the run; run again")
        }
    }

    /// One block's part, loaded.
    private func load(
        _ part: String, number: Int, of count: Int, tables: Set<DatasetTable>, loader: ShardLoader
    ) throws -> (Dataset, [ShardRecord]) {
        do {
            // Named by its folder: a checksum of its rows would only cost a pass over them.
            return try loader.loadPart(folder: part, tables: tables, shardID: RepPartition.folderName(number - 1))
        } catch {
            // The part's files are temporary copies: named by the dataset's, their lines
            // counted within the block.
            let folder = input.dataset.hasSuffix("/") ? input.dataset : input.dataset + "/"
            throw CLIError("in block \(number) of \(count) (line numbers count the lines of the block's rows, not the file's; `coachlab validate \(shown(input.dataset))` names the file's lines): "
                + error.description.replacing(part + "/", with: folder))
        }
    }

    /// The rep and manager ids of the dimension tables, read without any block's rows.
    private func identifiers(_ loader: ShardLoader) throws -> [String: Privacy.IdentifierKind] {
        do {
            return SharingArguments.identifiers(of: try loader.load(bytes: [], name: "performance.csv", shardID: nil).0)
        } catch {
            throw CLIError(error.description)
        }
    }

    private func path(of table: DatasetTable, mapping: DatasetMapping?) -> String {
        let fileName = mapping?.fileName(of: table) ?? table.fileName
        return input.dataset.hasSuffix("/") ? input.dataset + fileName : input.dataset + "/" + fileName
    }
}
