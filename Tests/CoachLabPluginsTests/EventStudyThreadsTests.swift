import CoachLabGenerator
import CoachLabIngestion
import CoachLabPluginAPI
import CoachLabPlugins
import CoachLabRunner
import CoachLabTestSupport
import Testing

/// The event study sums fixed blocks of reps and merges them in block order: its results are
/// the same to the bit on any number of threads. Three thousand reps make three blocks, so
/// the waves of one, two and five threads group them differently.
@Suite struct EventStudyThreadsTests {
    @Test func resultsDoNotDependOnThreads() throws {
        let folder = TestFiles.temporaryDirectory("event-threads-org")
        _ = try OrgGenerator(reps: 3_000, months: 18, seed: 11, model: OrgModel()).write(to: folder.path)
        let dataset = try DatasetLoader().load(folder: folder.path).dataset
        let registry = BuiltinPlugins.registry()
        let plugins = try ["feedback-latency", "focus-breadth", "assignment-follow-through"].map { try #require(registry.plugin(id: $0)) }
        let one = try PluginRunner().run(plugins, on: dataset, threads: 1)
        for threads in [2, 5] {
            let many = try PluginRunner().run(plugins, on: dataset, threads: threads)
            for (a, b) in zip(one, many) {
                #expect(a == b, "\(a.pluginID) on \(threads) threads")
                #expect(a.table("event_study")?.rows.isEmpty == false, "\(a.pluginID) has an event study")
            }
        }
    }
}
