import CoachLabDistributed
import CoachLabIngestion
import CoachLabGenerator
import CoachLabPluginAPI
import CoachLabPlugins
import CoachLabTestSupport
import Foundation
import CoachLabRunner

/// A generated org written once for the suite, its whole-dataset results, and helpers to
/// cut its performance.csv into text shards.
struct ShardedOrg: Sendable {
    static let shared = try! ShardedOrg()
    /// An org of the same size drawn with another seed: other tiers, other managers.
    static let twin = try! ShardedOrg(seed: 12)

    let folder: String
    let header: String
    let dataLines: [String]
    let dataset: Dataset
    /// What `run` computes for the plugins, the reference every split must reproduce.
    let expected: [MetricResult]
    /// The plugins a shard of performance.csv can feed (not those whose part is whole reps),
    /// of one pass: a plugin of two takes the merged first pass of every shard before its
    /// second (activity-to-pipeline's are in ActivityCurvePartsTests and ActivityStateEditsTests).
    let plugins: [any DecomposableMetric] = BuiltinPlugins.all.compactMap { $0 as? any DecomposableMetric }
        .filter { $0.parallelism != .wholeReps && $0.passes == .one }

    init(seed: UInt64 = 11) throws {
        folder = TestFiles.temporaryDirectory("sharded-org").path
        _ = try OrgGenerator(reps: 240, months: 14, seed: seed, includeCoachingTables: true).write(to: folder)
        let text = try String(contentsOfFile: folder + "/performance.csv", encoding: .utf8)
        var lines = text.split(separator: "\n").map(String.init)
        header = lines.removeFirst()
        dataLines = lines
        dataset = try DatasetLoader().load(folder: folder).dataset
        expected = try PluginRunner().run(plugins, on: dataset)
    }

    /// The state of one text shard, read as `coachlab partial` reads it.
    func state(ofShard text: String, name: String) throws -> StateFile {
        let loader = ShardLoader(
            dimensions: folder, table: .performance, columns: nil,
            selection: plugins.reduce(into: Set<ColumnReference>()) { $0.formUnion($1.descriptor.columns) })
        let (dataset, record) = try loader.load(bytes: Array(text.utf8), name: name, shardID: nil)
        let sections = try plugins.map { plugin in
            let options = try PluginOptions.resolve([:], for: plugin.descriptor)
            return StateFile.PluginSection(
                id: plugin.descriptor.id, version: plugin.descriptor.version, options: options,
                state: try plugin.erasedWholeState(PluginContext(dataset: dataset, options: options)))
        }
        return StateFile(
            dataset: folder, dimensions: DimensionFingerprint(managers: dataset.managers, reps: dataset.reps),
            shards: [record], repMonths: RepMonthCoverage(of: dataset), plugins: sections)
    }

    /// The state of all of performance.csv, as text.
    func wholeStateText(name: String) throws -> String {
        StateFileCodec.encode(try state(ofShard: ([header] + dataLines).joined(separator: "\n"), name: name))
    }

    /// The state of the rows of performance.csv whose period (`YYYY-MM`) `keeps`, as text.
    func stateText(name: String, keeping keeps: (String) -> Bool) throws -> String {
        let lines = dataLines.filter { keeps(String($0.split(separator: ",")[1])) }
        return StateFileCodec.encode(try state(ofShard: ([header] + lines).joined(separator: "\n"), name: name))
    }

    /// The results of a merged state.
    func results(of state: StateFile) throws -> [MetricResult] {
        try state.plugins.map { section in
            let plugin = BuiltinPlugins.registry().plugin(id: section.id) as! any DecomposableMetric
            return try plugin.erasedFinalize(section.state, options: section.options)
        }
    }
}
