import CoachLabPluginAPI
import CoachLabSystem
import CoachLabRunner

/// Merges state files into one, refusing states that do not belong together.
///
/// The merge is associative and commutative: plugin states merge exactly, and the shard
/// list is kept sorted, so any order and grouping of the same shards gives the same file.
public struct StateMerger: Sendable {
    public var registry: PluginRegistry

    public init(registry: PluginRegistry) { self.registry = registry }

    /// One state covering every shard of `files` (each paired with where it came from).
    /// - Throws: ``StateFileError`` for states of other dimension tables, other plugins,
    ///   versions or options, or a shard that appears twice.
    public func merge(_ files: [(source: String, file: StateFile)]) throws(StateFileError) -> StateFile {
        guard var merged = files.first?.file, let firstSource = files.first?.source else {
            throw StateFileError(source: "merge", line: nil, "no states to merge")
        }
        var seen: [String: String] = [:]
        for shard in merged.shards where !shard.isEmpty { seen[shard.id] = firstSource }
        guard var rows = ShardRecord.totalRows(merged.shards), rows <= Partial.Bounds.maximumRows else {
            throw StateFileError(source: firstSource, line: nil, "covers more than \(Partial.Bounds.maximumRows) rows, more than a state may")
        }
        for (source, file) in files.dropFirst() {
            guard file.dimensions == merged.dimensions else {
                throw StateFileError(source: source, line: nil, "was computed against other dimension tables (\(file.dimensions)) than \(firstSource) (\(merged.dimensions)); states only merge when every shard used the same managers.csv and reps.csv")
            }
            guard file.plugins.map(\.id) == merged.plugins.map(\.id) else {
                throw StateFileError(source: source, line: nil, "holds the plugins \(file.plugins.map(\.id).joined(separator: ", ")), but \(firstSource) holds \(merged.plugins.map(\.id).joined(separator: ", ")); run every shard with the same --plugin list")
            }
            for shard in file.shards where !shard.isEmpty {
                if let other = seen[shard.id] {
                    throw StateFileError(source: source, line: nil, "shard '\(DisplayText.escaped(shard.id, limit: 80))' is already in \(other): a shard merged twice would count its rows twice")
                }
                seen[shard.id] = source
                // Each state's counts are at most its rows: merged rows within the bound
                // keep every merged count, and every sum of them, from overflowing.
                let (sum, overflow) = rows.addingReportingOverflow(shard.rows)
                guard !overflow, sum <= Partial.Bounds.maximumRows else {
                    throw StateFileError(source: source, line: nil, "the states add up to more than \(Partial.Bounds.maximumRows) rows, more than a state may cover")
                }
                rows = sum
            }
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
            merged.shards += file.shards
        }
        // Empty shards say nothing: one line per identity is enough.
        var kept: Set<String> = []
        merged.shards = merged.shards.filter { !$0.isEmpty || kept.insert($0.id).inserted }
        merged.shards.sort { ($0.table, $0.id) < ($1.table, $1.id) }
        return merged
    }

    private static func describe(_ options: PluginOptions) -> String {
        let pairs = options.values.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        return pairs.isEmpty ? "(none)" : pairs.joined(separator: ", ")
    }
}

/// What `report` may be told to expect of a merged state, to catch a lost or extra shard.
public struct ShardExpectations: Sendable {
    /// Shards with rows, over all tables.
    public var shards: Int?
    /// Rows of each table.
    public var rows: [DatasetTable: Int]

    public init(shards: Int? = nil, rows: [DatasetTable: Int] = [:]) {
        self.shards = shards
        self.rows = rows
    }

    /// A description of every expectation `file` fails; empty when it meets them all.
    public func failures(of file: StateFile) -> [String] {
        var failures: [String] = []
        let withRows = file.shards.filter { !$0.isEmpty }
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
