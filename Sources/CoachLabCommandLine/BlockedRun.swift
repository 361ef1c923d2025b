#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CoachLabCache
import CoachLabDistributed
import CoachLabIngestion
import CoachLabPluginAPI
import CoachLabRendering
import CoachLabSystem

/// `run --blocks N`: the report `run` prints, computed without ever loading more than one
/// block of reps. The dataset is split into N whole-rep parts in a private temporary folder
/// (``WholeRepSplit``); each part in turn is loaded, its plugins' first passes computed and
/// merged into a running state (``StateMerger``), and the part dropped; the plugins of two
/// passes then visit every block again, given the merged first pass; the merged state is
/// finalised as `report` finalises one (``StateReport``). The temporary folder is removed
/// whether the run succeeds or fails.
///
/// Each block, once loaded, is kept in the column cache (``BlockCache``): the second pass
/// maps it rather than parse its part again, and a later run of the same blocks of the same
/// files reads every block from there, with no split and no CSV parsing at all. With
/// `--no-cache` the blocks are kept in the temporary folder for the second pass only.
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
        let passes = Passes(
            first: computation,
            second: PartComputation(plugins: plugins.filter { $0.passes == .two }, optionValues: optionValues, threads: computation.threads))
        let cache = blockCache(computation, mapping: mapping, scratch: scratch.path)
        var cached: (StateFile, Int)?
        if let cache, !input.noCache {
            cached = try StepTimings.measure("blocks from the cache") { try fromCache(cache, passes) }
        }
        let (state, rows) = try cached.take()
            ?? fromFiles(passes, cache: cache, loader: loader, mapping: mapping, scratch: scratch.path)
        let finalizing = StepTimings.start("finalize")
        var report = try StateReport.report(
            from: consume state, expecting: ShardExpectations(rows: [.performance: rows]),
            threads: computation.threads, keepingRepTables: keepingRepTables)
        finalizing.finished()
        report.skipped = chosen.skipped
        return (report, keepingIdentifiers ? try identifiers(loader) : [:])
    }

    /// The plugins of the first pass (all of them), and those of two passes.
    private struct Passes {
        var first: PartComputation
        var second: PartComputation
    }

    /// Where the blocks are kept: the column cache, or with `--no-cache` the scratch folder;
    /// nil when they cannot be (a mapping built in code, a file that cannot be fingerprinted).
    private func blockCache(_ computation: PartComputation, mapping: DatasetMapping?, scratch: String) -> BlockCache? {
        // The columns a part's load reads, as the load of a part reads them.
        let tables = ShardLoader.tablesRead(forPart: computation.partTables)
        let location: ColumnCache.Location = input.noCache
            ? .folder(scratch + "/cache") : input.cacheDir.map { .folder($0) } ?? .automatic
        return BlockCache(
            cache: ColumnCache(location: location), folder: input.dataset,
            selection: .only(computation.columns, tables: tables.filter { !$0.isRequired }), mapping: mapping,
            allowsDistantPeriods: input.allowPeriods, blocks: blocks)
    }

    /// The merged state and the rows of performance.csv, every block read from `cache`; nil
    /// when a block is not there (or no longer valid), for the run to start again from the files.
    private func fromCache(_ cache: BlockCache, _ passes: Passes) throws -> (StateFile, Int)? {
        guard let first = cache.load(0) else { return nil }
        let (rows, notes) = (first.datasetRows, first.notes)
        var firstBlock: BlockCache.Block? = consume first
        let read = { (index: Int) throws(BlockMissing) -> BlockCache.Block in
            guard let block = cache.load(index) else { throw BlockMissing() }
            return block
        }
        do {
            var state = try merged(passes.first, given: nil) { index throws(BlockMissing) in
                if index == 0, let block = firstBlock.take() { return block }
                return try read(index)
            }
            if !passes.second.plugins.isEmpty {
                state = try secondPass(passes.second, over: state) { index throws(BlockMissing) in try read(index) }
            }
            // Said once the run is sure to finish from the cache: a run that starts again
            // from the files says them as it splits.
            for note in notes { StandardError.write(note + "\n") }
            return (state, rows)
        } catch is BlockMissing {
            return nil
        }
    }

    /// A block the cache no longer holds.
    private struct BlockMissing: Error {}

    /// The merged state and the rows of performance.csv, the dataset split into parts that
    /// are parsed in turn; each block kept in `cache` as it is read, for the second pass.
    private func fromFiles(
        _ passes: Passes, cache: BlockCache?, loader: ShardLoader, mapping: DatasetMapping?, scratch: String
    ) throws -> (StateFile, Int) {
        let (rows, notes) = try StepTimings.measure("split") { try split(into: scratch + "/blocks", mapping: mapping) }
        for note in notes { StandardError.write(note + "\n") }
        let parts = (0..<blocks).map { scratch + "/blocks/" + RepPartition.folderName($0) }
        let read = { (index: Int) throws -> BlockCache.Block in
            let (dataset, records) = try load(parts[index], number: index + 1, of: parts.count, tables: passes.first.partTables, loader: loader)
            return BlockCache.Block(dataset: dataset, records: records, notes: notes, datasetRows: rows)
        }
        var state = try StepTimings.measure("first pass") {
            try merged(passes.first, given: nil) { index in
                let block = try read(index)
                cache?.store(block, index: index)
                return block
            }
        }
        if !passes.second.plugins.isEmpty {
            // Every table is read again, so that the second pass covers the same shards.
            state = try StepTimings.measure("second pass") {
                try secondPass(passes.second, over: state) { index in try cache?.load(index) ?? read(index) }
            }
        }
        return (state, rows)
    }

    /// `firstPass` with each plugin of two passes given its second pass over every block.
    /// Plugins of one pass keep their first-pass states: a second pass would only repeat them.
    private func secondPass<E: Error>(
        _ computation: PartComputation, over firstPass: StateFile, block: (Int) throws(E) -> BlockCache.Block
    ) throws -> StateFile {
        var second = try merged(computation, given: firstPass, block: block)
        second.plugins = firstPass.plugins.map { section in second.plugins.first { $0.id == section.id } ?? section }
        return second
    }

    /// Splits the dataset into ``blocks`` whole-rep parts in `folder`; returns the rows of
    /// performance.csv and what a report footer left out, to say on standard error.
    private func split(into folder: String, mapping: DatasetMapping?) throws -> (rows: Int, notes: [String]) {
        var split = WholeRepSplit(dataset: input.dataset, mapping: mapping, partition: partition)
        split.problemLimit = input.maxProblems
        let summaries: [WholeRepSplit.TableSummary]
        do {
            summaries = try split.write(to: folder)
        } catch {
            throw CLIError(error.description + input.mappingHint())
        }
        let notes = summaries.compactMap { summary in
            summary.footer.map { footer in
                "note: \(shown(summary.fileName)): \(footer.lines) line(s) after the data skipped as a report footer (from line \(summary.footerLine ?? 0))"
            }
        }
        return (summaries.first { $0.table == .performance }?.rows ?? 0, notes)
    }

    /// The merged state of every block, each one `block` gives in turn, computed and dropped
    /// before the next.
    private func merged<E: Error>(
        _ computation: PartComputation, given firstPass: StateFile?, block: (Int) throws(E) -> BlockCache.Block
    ) throws -> StateFile {
        let merger = StateMerger(registry: ActivePlugins.registry)
        // One running state per plugin: a block's state of each plugin is merged as soon as
        // it is computed, so that no more than one plugin's block state is held at a time.
        var merged: [StateMerger.Running] = []
        for index in 0..<blocks {
            let name = RepPartition.folderName(index)
            let loaded = try block(index)
            let reps = partition.reps(ofPart: index, reps: loaded.dataset.reps.count)
            try refuseRowsOutside(reps, of: loaded.dataset, block: index + 1)
            try computation.forEachPluginState(
                of: loaded.dataset, reps: reps, records: loaded.records, datasetName: input.dataset, given: firstPass
            ) { plugin, state in
                do throws(StateFileError) {
                    if merged.count == plugin {
                        merged.append(try StateMerger.Running(state, from: name, merger: merger))
                    } else {
                        try merged[plugin].add(state, from: name)
                    }
                } catch {
                    throw CLIError(error.description)
                }
            }
            // The block's pages go back to the system before the next block is read: glibc
            // otherwise keeps them in its arenas, and the peak grows with every block.
            _ = consume loaded
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
