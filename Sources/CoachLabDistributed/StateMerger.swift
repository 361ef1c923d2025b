import CoachLabData
import CoachLabPluginAPI
import CoachLabSystem
import CoachLabRunner

/// Merges state files into one, refusing states that do not belong together.
///
/// The merge is associative and commutative: plugin states merge exactly, the shard list
/// is kept sorted and the rep-months are a union, so any order and grouping of the same
/// shards gives the same file.
public struct StateMerger: Sendable {
    public var registry: PluginRegistry
    /// The ids of the reps of a state's dimension tables, when they can be found: a
    /// rep-month in two states is named by its rep's id, else by its code.
    public var repIDs: @Sendable (StateFile) -> [String]? = { _ in nil }

    public init(registry: PluginRegistry) { self.registry = registry }

    /// One state covering every shard of `files` (each paired with where it came from).
    /// - Throws: ``StateFileError`` for states of other dimension tables, other plugins,
    ///   versions or options, a shard that appears twice (by id, or by its rows under
    ///   another id), a shard of a table read with another layout, or a rep-month that two
    ///   states hold.
    public func merge(_ files: [(source: String, file: StateFile)]) throws(StateFileError) -> StateFile {
        guard let (firstSource, first) = files.first else {
            throw StateFileError(source: "merge", line: nil, "no states to merge")
        }
        var running = try Running(first, from: firstSource, merger: self)
        for (source, file) in files.dropFirst() {
            try running.add(file, from: source)
        }
        return running.finished()
    }

    /// States merged one at a time into one that is changed in place: a run that merges
    /// block after block holds the running state once, not a copy of it per merge.
    public struct Running: Sendable {
        private let merger: StateMerger
        private var merged: StateFile
        private let firstSource: String
        private var ledger = ShardLedger()
        private var rows: Int
        /// Each state's rep-months, to name the one that holds a rep-month met again.
        private var coverages: [(source: String, repMonths: RepMonthCoverage)]

        /// A merge that starts from `first`, read from `source`.
        public init(_ first: StateFile, from source: String, merger: StateMerger) throws(StateFileError) {
            self.merger = merger
            merged = first
            firstSource = source
            coverages = [(source, first.repMonths)]
            for shard in first.shards {
                if let problem = ledger.add(shard, from: source) { throw StateFileError(source: source, line: nil, problem) }
            }
            guard let rows = ShardRecord.totalRows(first.shards), rows <= Partial.Bounds.maximumRows else {
                throw StateFileError(source: source, line: nil, "covers more than \(Partial.Bounds.maximumRows) rows, more than a state may")
            }
            self.rows = rows
        }

        /// Folds in `file`, read from `source`; on a refusal the running state is unchanged.
        public mutating func add(_ file: StateFile, from source: String) throws(StateFileError) {
            guard file.dimensions == merged.dimensions else {
                throw StateFileError(source: source, line: nil, "was computed against other dimension tables (\(file.dimensions)) than \(firstSource) (\(merged.dimensions)); states only merge when every shard used the same managers.csv and reps.csv")
            }
            guard file.plugins.map(\.id) == merged.plugins.map(\.id) else {
                throw StateFileError(source: source, line: nil, "holds the plugins \(file.plugins.map(\.id).joined(separator: ", ")), but \(firstSource) holds \(merged.plugins.map(\.id).joined(separator: ", ")); run every shard with the same --plugin list")
            }
            guard file.firstPassShards == merged.firstPassShards else {
                throw StateFileError(source: source, line: nil, StateMerger.passMismatch(file.firstPassShards, merged.firstPassShards, firstSource: firstSource))
            }
            var ledger = self.ledger
            var rows = self.rows
            for shard in file.shards {
                if let problem = ledger.add(shard, from: source) { throw StateFileError(source: source, line: nil, problem) }
                // Each state's counts are at most its rows: merged rows within the bound
                // keep every merged count, and every sum of them, from overflowing.
                let (sum, overflow) = rows.addingReportingOverflow(shard.rows)
                guard !overflow, sum <= Partial.Bounds.maximumRows else {
                    throw StateFileError(source: source, line: nil, "the states add up to more than \(Partial.Bounds.maximumRows) rows, more than a state may cover")
                }
                rows = sum
            }
            let repMonths: RepMonthCoverage
            do throws(RepMonthCoverage.Overlap) {
                repMonths = try merged.repMonths.union(file.repMonths)
            } catch {
                let holder = coverages.first { $0.repMonths.covers(rep: error.rep, month: error.month) }?.source ?? firstSource
                throw StateFileError(source: source, line: nil, "holds the row of rep \(merger.repName(error.rep, in: file)) for \(MonthIndex.format(error.month)), which \(holder) holds too: one rep-month in two shards would count twice (overlapping splits, rows of a shard merged again, or another export of the same months)")
            }
            try merger.checkPlugins(of: file, from: source, against: merged, firstSource: firstSource)
            // Checked above, so that a refusal leaves the running state as it was: the
            // plugins' states merge in place.
            try merger.mergePlugins(of: file, from: source, into: &merged)
            merged.repMonths = repMonths
            merged.shards += file.shards
            self.ledger = ledger
            self.rows = rows
            coverages.append((source, file.repMonths))
        }

        /// The merged state, its shard list in canonical order.
        public consuming func finished() -> StateFile {
            // Empty shards say nothing: one line per identity is enough.
            var kept: Set<String> = []
            merged.shards = merged.shards.filter { !$0.isEmpty || kept.insert($0.id).inserted }
            merged.shards.sort { ($0.table, $0.id) < ($1.table, $1.id) }
            return merged
        }
    }

    /// Why `file`'s plugin states cannot be merged into `merged`'s: another version, other
    /// options, a plugin that does not merge, or states whose merge would fail.
    private func checkPlugins(
        of file: StateFile, from source: String, against merged: StateFile, firstSource: String
    ) throws(StateFileError) {
        for (mine, theirs) in zip(merged.plugins, file.plugins) {
            guard mine.version == theirs.version else {
                throw StateFileError(source: source, line: nil, "plugin '\(mine.id)' is version \(theirs.version) there but \(mine.version) in \(firstSource); recompute the shards with one coachlab")
            }
            guard mine.options == theirs.options else {
                throw StateFileError(source: source, line: nil, "plugin '\(mine.id)' ran with options \(Self.describe(theirs.options)) there but \(Self.describe(mine.options)) in \(firstSource)")
            }
            guard let plugin = registry.plugin(id: mine.id) as? any DecomposableMetric else {
                throw StateFileError(source: source, line: nil, "plugin '\(mine.id)' states cannot be merged")
            }
            if let problem = plugin.erasedMergeProblem(mine.state, theirs.state) {
                throw StateFileError(source: source, line: nil, "plugin '\(mine.id)' cannot merge it with \(firstSource): \(problem) (is its '@dimensions' line its own?)")
            }
        }
    }

    /// Merges `file`'s plugin states into `merged`'s in place, once ``checkPlugins`` passed.
    private func mergePlugins(of file: StateFile, from source: String, into merged: inout StateFile) throws(StateFileError) {
        for index in merged.plugins.indices {
            let id = merged.plugins[index].id
            guard let plugin = registry.plugin(id: id) as? any DecomposableMetric else {
                throw StateFileError(source: source, line: nil, "plugin '\(id)' states cannot be merged")
            }
            do throws(Partial.MergeError) {
                try plugin.erasedMerge(into: &merged.plugins[index].state, file.plugins[index].state)
            } catch {
                throw StateFileError(source: source, line: nil, "plugin '\(id)' cannot merge it: \(error.message)")
            }
        }
    }

    /// The rep of code `code` in `file`'s dimension tables: its id when ``repIDs`` finds
    /// them, else its code and row.
    fileprivate func repName(_ code: Int32, in file: StateFile) -> String {
        if let ids = repIDs(file), ids.indices.contains(Int(code)) { return DisplayText.escaped(ids[Int(code)], limit: 80) }
        return "with code \(code) (data row \(Int(code) + 1) of reps.csv)"
    }

    /// Why a state of one pass, or given one first pass, does not merge with another.
    fileprivate static func passMismatch(_ theirs: UInt64?, _ mine: UInt64?, firstSource: String) -> String {
        switch (theirs, mine) {
        case (nil, _): "is a first pass, but \(firstSource) is a second pass (`partial --given`); merge first passes with first passes"
        case (_, nil): "is a second pass (`partial --given`), but \(firstSource) is a first pass; merge second passes with second passes"
        default: "is a second pass given another merged first pass than \(firstSource)'s; give every part the same one"
        }
    }

    private static func describe(_ options: PluginOptions) -> String {
        let pairs = options.values.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        return pairs.isEmpty ? "(none)" : pairs.joined(separator: ", ")
    }
}

/// What `report` may be told to expect of a merged state, to catch a lost or extra shard.
public struct ShardExpectations: Sendable {
    /// Shards with rows of performance.csv: a whole-rep part, which holds a shard of each
    /// of its tables, counts once. A state with no shard of performance.csv counts the
    /// shards of every table.
    public var shards: Int?
    /// Rows of each table.
    public var rows: [DatasetTable: Int]

    public init(shards: Int? = nil, rows: [DatasetTable: Int] = [:]) {
        self.shards = shards
        self.rows = rows
    }

    /// Whether nothing is expected.
    public var isEmpty: Bool { shards == nil && rows.isEmpty }

    /// A description of every expectation `file` fails; empty when it meets them all.
    public func failures(of file: StateFile) -> [String] {
        var failures: [String] = []
        let performance = file.shards.filter { !$0.isEmpty && $0.table == .performance }
        let withRows = performance.isEmpty ? file.shards.filter { !$0.isEmpty } : performance
        if let shards, withRows.count != shards {
            failures.append("expected \(shards) shard(s) with rows, the state covers \(withRows.count)")
        }
        for (table, expected) in rows.sorted(by: { $0.key < $1.key }) {
            let found = ShardRecord.totalRows(file.shards.filter { $0.table == table })
            if found != expected {
                failures.append("expected \(expected) row(s) of \(table.fileName), the state covers \(found.map(String.init) ?? "more than \(Int.max)")")
            }
        }
        return failures
    }
}
