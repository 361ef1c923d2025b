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
        guard var merged = files.first?.file, let firstSource = files.first?.source else {
            throw StateFileError(source: "merge", line: nil, "no states to merge")
        }
        var ledger = ShardLedger()
        for shard in merged.shards {
            if let problem = ledger.add(shard, from: firstSource) { throw StateFileError(source: firstSource, line: nil, problem) }
        }
        guard var rows = ShardRecord.totalRows(merged.shards), rows <= Partial.Bounds.maximumRows else {
            throw StateFileError(source: firstSource, line: nil, "covers more than \(Partial.Bounds.maximumRows) rows, more than a state may")
        }
        for (index, (source, file)) in files.enumerated().dropFirst() {
            guard file.dimensions == merged.dimensions else {
                throw StateFileError(source: source, line: nil, "was computed against other dimension tables (\(file.dimensions)) than \(firstSource) (\(merged.dimensions)); states only merge when every shard used the same managers.csv and reps.csv")
            }
            guard file.plugins.map(\.id) == merged.plugins.map(\.id) else {
                throw StateFileError(source: source, line: nil, "holds the plugins \(file.plugins.map(\.id).joined(separator: ", ")), but \(firstSource) holds \(merged.plugins.map(\.id).joined(separator: ", ")); run every shard with the same --plugin list")
            }
            guard file.firstPassShards == merged.firstPassShards else {
                throw StateFileError(source: source, line: nil, Self.passMismatch(file.firstPassShards, merged.firstPassShards, firstSource: firstSource))
            }
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
            do throws(RepMonthCoverage.Overlap) {
                merged.repMonths = try merged.repMonths.union(file.repMonths)
            } catch {
                let holder = files[..<index].first { $0.file.repMonths.covers(rep: error.rep, month: error.month) }?.source ?? firstSource
                throw StateFileError(source: source, line: nil, "holds the row of rep \(repName(error.rep, in: file)) for \(MonthIndex.format(error.month)), which \(holder) holds too: one rep-month in two shards would count twice (overlapping splits, rows of a shard merged again, or another export of the same months)")
            }
            try mergePlugins(of: file, from: source, into: &merged, firstSource: firstSource)
            merged.shards += file.shards
        }
        // Empty shards say nothing: one line per identity is enough.
        var kept: Set<String> = []
        merged.shards = merged.shards.filter { !$0.isEmpty || kept.insert($0.id).inserted }
        merged.shards.sort { ($0.table, $0.id) < ($1.table, $1.id) }
        return merged
    }

    private func mergePlugins(
        of file: StateFile, from source: String, into merged: inout StateFile, firstSource: String
    ) throws(StateFileError) {
        for index in merged.plugins.indices {
            let mine = merged.plugins[index]
            let theirs = file.plugins[index]
            guard mine.version == theirs.version else {
                throw StateFileError(source: source, line: nil, "plugin '\(mine.id)' is version \(theirs.version) there but \(mine.version) in \(firstSource); recompute the shards with one coachlab")
            }
            guard mine.options == theirs.options else {
                throw StateFileError(source: source, line: nil, "plugin '\(mine.id)' ran with options \(Self.describe(theirs.options)) there but \(Self.describe(mine.options)) in \(firstSource)")
            }
            guard let plugin = registry.plugin(id: mine.id) as? any DecomposableMetric else {
                throw StateFileError(source: source, line: nil, "plugin '\(mine.id)' states cannot be merged")
            }
            do throws(Partial.MergeError) {
                merged.plugins[index].state = try plugin.erasedMerge(mine.state, theirs.state)
            } catch {
                throw StateFileError(source: source, line: nil, "plugin '\(mine.id)' cannot merge it with \(firstSource): \(error.message) (is its '@dimensions' line its own?)")
            }
        }
    }

    /// The rep of code `code` in `file`'s dimension tables: its id when ``repIDs`` finds
    /// them, else its code and row.
    private func repName(_ code: Int32, in file: StateFile) -> String {
        if let ids = repIDs(file), ids.indices.contains(Int(code)) { return DisplayText.escaped(ids[Int(code)], limit: 80) }
        return "with code \(code) (data row \(Int(code) + 1) of reps.csv)"
    }

    /// Why a state of one pass, or given one first pass, does not merge with another.
    private static func passMismatch(_ theirs: UInt64?, _ mine: UInt64?, firstSource: String) -> String {
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
