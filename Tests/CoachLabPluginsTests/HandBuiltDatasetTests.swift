import CoachLabData
import CoachLabPluginAPI
import CoachLabPluginTestKit
import CoachLabPlugins
import Testing
import CoachLabRunner

/// A dataset built in code can hold what the loader never lets through (a row without a
/// period or a date, a rep without rows, an assignment without a session or a due date, an
/// unknown target metric): every plugin answers, none crashes.
@Suite struct HandBuiltDatasetTests {
    static let dataset = PluginContract.datasetWithRefusedRows

    @Test func everyRunnablePluginAnswers() throws {
        let registry = BuiltinPlugins.registry()
        let selection = try registry.select(ids: [], available: Self.dataset.tables)
        #expect(selection.runnable.count == registry.plugins.count, "every table is present: every plugin runs")
        for threads in [1, 2] {
            let results = try PluginRunner().run(selection.runnable, on: Self.dataset, threads: threads)
            #expect(results.count == selection.runnable.count)
        }
    }

    @Test func everyPluginKeepsItsContract() {
        for plugin in BuiltinPlugins.registry().plugins {
            let violations = PluginContract.violations(of: plugin, on: Self.dataset)
            #expect(violations.isEmpty, "\(plugin.descriptor.id): \(violations)")
        }
    }

    @Test func aRowWithoutAPeriodIsLeftOutOfTrends() throws {
        let plugin = try #require(BuiltinPlugins.registry().plugin(id: "rep-improvement-over-time"))
        let result = try PluginRunner().run([plugin], on: Self.dataset, threads: 1)[0]
        // Each rep: 14 rows, one without a period and one with a zero quota: 12 valid months.
        #expect(result.summary.first { $0.key == "reps" }?.value == .integer(2))
    }
}
