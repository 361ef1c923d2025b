import CoachLabDistributed
import CoachLabPluginAPI
import CoachLabPlugins
import CoachLabTestSupport
import PropertyBased
import Testing
import CoachLabRunner

/// For any split of performance.csv into line-aligned shards, a plugin of two passes that a
/// shard of performance.csv feeds (activity-to-pipeline) gives `run`'s result bit for bit:
/// each shard's first pass, merged in any tree; each shard's second pass given that merge,
/// merged in any tree; then finalised, as `partial`, `partial --given`, `merge` and `report`
/// do with files.
@Suite struct TwoPassShardPropertyTests {
    static let plugins: [any DecomposableMetric] = BuiltinPlugins.all.compactMap { $0 as? any DecomposableMetric }
        .filter { $0.parallelism != .wholeReps && $0.passes == .two }

    @Test func activityToPipelineIsAmongThem() {
        #expect(Self.plugins.map(\.descriptor.id) == ["activity-to-pipeline"])
    }

    /// The state file of one shard's text: its first pass, or given `first`, its second.
    static func state(of text: String, name: String, org: ShardedOrg, given first: StateFile? = nil) throws -> StateFile {
        let loader = ShardLoader(
            dimensions: org.folder, table: .performance, columns: nil,
            selection: plugins.reduce(into: Set<ColumnReference>()) { $0.formUnion($1.descriptor.columns) })
        let (dataset, record) = try loader.load(bytes: Array(text.utf8), name: name, shardID: nil)
        let sections = try plugins.enumerated().map { index, plugin in
            let options = try PluginOptions.resolve([:], for: plugin.descriptor)
            let context = PluginContext(dataset: dataset, options: options)
            let state = try first.map { try plugin.erasedSecondPass(context, given: $0.plugins[index].state) } ?? plugin.erasedFirstPass(context)
            return StateFile.PluginSection(id: plugin.descriptor.id, version: plugin.descriptor.version, options: options, state: state)
        }
        return StateFile(
            dataset: org.folder, dimensions: DimensionFingerprint(managers: dataset.managers, reps: dataset.reps),
            shards: [record], repMonths: RepMonthCoverage(of: dataset), plugins: sections,
            firstPassShards: first.map { ShardRecord.digest(of: $0.shards) })
    }

    /// `states` merged pair by random pair until one is left.
    static func mergedInRandomTree(_ states: [StateFile], random: inout SplitMixGenerator) throws -> StateFile {
        let merger = StateMerger(registry: BuiltinPlugins.registry())
        var pool = states
        while pool.count > 1 {
            let a = pool.remove(at: Int.random(in: 0..<pool.count, using: &random))
            let b = pool.remove(at: Int.random(in: 0..<pool.count, using: &random))
            pool.append(try merger.merge([("a", a), ("b", b)]))
        }
        return pool[0]
    }

    @Test func anySplitAnyMergeTreeOfBothPassesReproducesRun() async throws {
        let org = ShardedOrg.shared
        let expected = try PluginRunner().run(Self.plugins, on: org.dataset)
        await propertyCheck(count: 10, input: Gen.int(in: 0...Int(Int32.max))) { seed in
            var random = SplitMixGenerator(seed: UInt64(seed))
            let lines = org.dataLines.shuffled(using: &random)
            let count = Int.random(in: 1...6, using: &random)
            let cuts = ([0, lines.count] + (1..<count).map { _ in Int.random(in: 0...lines.count, using: &random) }).sorted()
            let shards = zip(cuts, cuts.dropFirst()).map { ([org.header] + lines[$0..<$1]).joined(separator: "\n") }
            do {
                let firsts = try shards.enumerated().map { try Self.state(of: $1, name: "shard-\($0)", org: org) }
                let first = try Self.mergedInRandomTree(firsts, random: &random)
                let seconds = try shards.enumerated().map { try Self.state(of: $1, name: "shard-\($0)", org: org, given: first) }
                let merged = try Self.mergedInRandomTree(seconds, random: &random)
                #expect(firstDifference(try org.results(of: merged), expected) == nil, "seed \(seed), \(count) shards")
            } catch {
                Issue.record("seed \(seed): \(error)")
            }
        }
    }
}
