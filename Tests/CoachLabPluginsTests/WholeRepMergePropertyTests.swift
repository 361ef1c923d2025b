import CoachLabGenerator
import CoachLabIngestion
import CoachLabPluginAPI
import CoachLabPlugins
import CoachLabTestSupport
import PropertyBased
import Testing

/// For any cut of the reps into parts — any number, any sizes — each whole-rep plugin's
/// states merged in any order and tree, through their records or not, and for a plugin of
/// two passes the second pass given that merge and merged likewise, finalise to exactly
/// what `run` computes: bit for bit, as for the headline plugins' shards.
@Suite struct WholeRepMergePropertyTests {
    static let dataset: Dataset = {
        let folder = TestFiles.temporaryDirectory("whole-rep-property-org")
        var model = OrgModel()
        model.program = ProgramRollout(cohorts: 2, effect: 0.05)
        _ = try! OrgGenerator(reps: 150, months: 12, seed: 21, model: model).write(to: folder.path)
        return try! DatasetLoader().load(folder: folder.path).dataset
    }()

    static let plugins: [any DecomposableMetric] = BuiltinPlugins.all.compactMap { $0 as? any DecomposableMetric }
        .filter { $0.parallelism == .wholeReps }

    @Test func everyWholeRepPluginIsChecked() {
        #expect(Self.plugins.map(\.descriptor.id).sorted() == [
            "assignment-follow-through", "coaching-coverage", "coaching-vs-firefighting", "feedback-latency",
            "focus-breadth", "program-impact", "skill-will-matrix",
        ])
    }

    @Test func anyCutOfTheRepsAnyMergeOrderReproducesRun() async throws {
        for plugin in Self.plugins {
            let dataset = Self.dataset.narrowed(for: plugin.descriptor)
            let options = try PluginOptions.resolve([:], for: plugin.descriptor)
            let whole = try plugin.compute(PluginContext(dataset: dataset, options: options))
            await propertyCheck(count: 12, input: Gen.int(in: 0...Int(Int32.max))) { seed in
                var random = SplitMixGenerator(seed: UInt64(seed))
                do {
                    #expect(try Self.result(plugin, dataset: dataset, options: options, random: &random) == whole,
                            "\(plugin.descriptor.id), seed \(seed)")
                } catch {
                    Issue.record("\(plugin.descriptor.id), seed \(seed): \(error)")
                }
            }
        }
    }

    /// The result of `plugin` over a random cut of the reps, its passes merged in random trees.
    static func result<Plugin: DecomposableMetric>(
        _ plugin: Plugin, dataset: Dataset, options: PluginOptions, random: inout SplitMixGenerator
    ) throws -> MetricResult {
        let reps = dataset.reps.count
        let count = Int.random(in: 1...6, using: &random)
        let cuts = ([0, reps] + (1..<count).map { _ in Int.random(in: 0...reps, using: &random) }).sorted()
        let parts = zip(cuts, cuts.dropFirst()).map { Partial.Context(dataset: dataset, options: options, reps: $0..<$1) }
        var merged = try mergedInRandomTree(parts.map { try plugin.partial($0) }, random: &random)
        if plugin.passes == .two {
            let first = merged
            merged = try mergedInRandomTree(parts.map { try plugin.partial($0, given: first) }, random: &random)
        }
        return try plugin.finalize(merged, options: options)
    }

    /// `states` merged pair by random pair until one is left, some read back from their records first.
    static func mergedInRandomTree<State: PartialState>(_ states: [State], random: inout SplitMixGenerator) throws -> State {
        var pool = try states.map { state in
            guard Bool.random(using: &random) else { return state }
            var writer = Partial.Writer()
            state.encode(to: &writer)
            var reader = Partial.Reader(writer, bounds: Partial.Bounds(covering: dataset))
            return try State(decoding: &reader)
        }
        while pool.count > 1 {
            var a = pool.remove(at: Int.random(in: 0..<pool.count, using: &random))
            let b = pool.remove(at: Int.random(in: 0..<pool.count, using: &random))
            if let problem = a.mergeProblem(with: b) { throw Partial.MergeError(problem) }
            a.merge(b)
            pool.append(a)
        }
        return pool[0]
    }
}
