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

    /// The report, and the rep and manager ids of the dimension tables when
    /// `keepingIdentifiers` (for an HTML report's pseudonyms).
    func report(keepingIdentifiers: Bool) throws -> (RunReport, [String: Privacy.IdentifierKind]) {
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
        let first = try StepTimings.measure("first pass") { try merged(parts, computation, tables: computation.partTables, loader: loader, given: nil) }
        var state = first
        let twoPass = PartComputation(
            plugins: plugins.filter { $0.passes == .two }, optionValues: optionValues, threads: computation.threads)
        if !twoPass.plugins.isEmpty {
            // Plugins of one pass keep their first-pass states: a second pass would only repeat
            // them. Every table is read again, so that the second pass covers the same shards.
            let second = try StepTimings.measure("second pass") {
                try merged(parts, twoPass, tables: computation.partTables, loader: loader, given: first)
            }
            state = second
            state.plugins = first.plugins.map { section in second.plugins.first { $0.id == section.id } ?? section }
        }
        var report = try StepTimings.measure("finalize") {
            try StateReport.report(from: state, expecting: ShardExpectations(rows: [.performance: rows]), threads: computation.threads)
        }
        report.skipped = chosen.skipped
        return (report, keepingIdentifiers ? try identifiers(loader) : [:])
    }

    /// Splits the dataset into ``blocks`` whole-rep parts in `folder`, saying on standard
    /// error what a report footer left out; returns the rows of performance.csv.
    private func split(into folder: String, mapping: DatasetMapping?) throws -> Int {
        var split = WholeRepSplit(dataset: input.dataset, mapping: mapping, partition: RepPartition(parts: blocks)!)
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
        var merged: StateFile?
        for (index, part) in parts.enumerated() {
            let state = try blockState(part, number: index + 1, of: parts.count, computation, tables: tables, loader: loader, given: firstPass)
            // The block's pages go back to the system before the next block is read: glibc
            // otherwise keeps them in its arenas, and the peak grows with every block.
            FreedMemory.returnToSystem()
            guard let before = merged else {
                merged = state
                continue
            }
            do {
                merged = try merger.merge([("the blocks before", before), (part, state)])
            } catch {
                throw CLIError(error.description)
            }
        }
        return merged!
    }

    /// The state of one block: its part loaded, computed, and dropped on return.
    private func blockState(
        _ part: String, number: Int, of count: Int, _ computation: PartComputation, tables: Set<DatasetTable>,
        loader: ShardLoader, given firstPass: StateFile?
    ) throws -> StateFile {
        let (dataset, records): (Dataset, [ShardRecord])
        do {
            (dataset, records) = try loader.loadPart(folder: part, tables: tables, shardID: nil)
        } catch {
            // The part's files are temporary copies: named by the dataset's, their lines
            // counted within the block.
            let folder = input.dataset.hasSuffix("/") ? input.dataset : input.dataset + "/"
            throw CLIError("in block \(number) of \(count) (line numbers count the lines of the block's rows, not the file's; `coachlab validate \(shown(input.dataset))` names the file's lines): "
                + error.description.replacing(part + "/", with: folder))
        }
        return try computation.state(of: dataset, records: records, datasetName: input.dataset, given: firstPass)
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
