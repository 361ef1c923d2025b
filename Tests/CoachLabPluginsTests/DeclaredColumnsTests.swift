import CoachLabIngestion
import CoachLabGenerator
import CoachLabPluginAPI
import CoachLabPlugins
import CoachLabPluginTestKit
import CoachLabTestSupport
import Testing
import CoachLabRunner

/// A plugin that averages performance.csv's calls, declaring the column or not.
struct CallsPlugin: MetricPlugin {
    var id = "calls-per-month"
    var declaresCalls: Bool
    var calls = "calls"

    var descriptor: PluginDescriptor {
        PluginDescriptor(
            id: id, title: "Calls", summary: "Averages calls per rep-month.",
            description: "The mean of performance.csv's calls over the rep-months that have them.",
            requiredTables: [.managers, .reps, .performance],
            columns: declaresCalls ? [ColumnReference(.performance, calls)] : [])
    }

    func compute(_ context: PluginContext) throws(PluginError) -> MetricResult {
        let calls = context.dataset.performance.calls.map { $0.filter { !$0.isNaN } } ?? []
        let mean = calls.isEmpty ? nil : calls.reduce(0, +) / Double(calls.count)
        return MetricResult(
            pluginID: id, title: "Calls", summary: [ResultField("mean_calls", .number(mean), .quantity)],
            notes: mean == nil ? ["No rep-month has calls."] : [])
    }
}

/// A plugin sees the tables and columns it declares, no more, whoever runs it; a column no
/// table has is an error when the plugin registers.
@Suite struct DeclaredColumnsTests {
    static let sample = TestFiles.repositoryRoot.appendingPathComponent("Datasets/sample-org").path

    /// A generated org with every table: coaching sessions, assignments and a rollout.
    static let everyTable: String = {
        var model = OrgModel()
        model.program = ProgramRollout(cohorts: 3, effect: 0.05)
        let folder = TestFiles.temporaryDirectory("every-table")
        _ = try! OrgGenerator(reps: 200, months: 24, seed: 11, model: model).write(to: folder.path)
        return folder.path
    }()

    @Test func aMisspelledColumnIsAnErrorAtRegistration() throws {
        let misspelled = CallsPlugin(declaresCalls: true, calls: "cals")
        #expect(throws: RegistryError.unknownColumn(pluginID: "calls-per-month", ColumnReference(.performance, "cals"))) {
            try BuiltinPlugins.registry().adding([misspelled])
        }
        let message = RegistryError.unknownColumn(pluginID: "calls-per-month", ColumnReference(.performance, "cals")).description
        #expect(message.hasPrefix("plugin 'calls-per-month' declares the column 'cals' of performance.csv, which has no such column"))
        #expect(message.contains("calls, meetings"))
        #expect(PluginContract.violations(of: misspelled, on: PluginContract.datasetWithRefusedRows)
            .contains("declares the column 'cals' of performance.csv, which has no such column"))
        _ = try PluginRegistry([CallsPlugin(declaresCalls: true)])
    }

    @Test func theRunnerHandsAPluginOnlyWhatItDeclares() throws {
        let dataset = try DatasetLoader().load(folder: Self.sample).dataset
        #expect(dataset.performance.calls != nil)
        let results = try PluginRunner().run(
            [CallsPlugin(id: "declared", declaresCalls: true), CallsPlugin(id: "undeclared", declaresCalls: false)], on: dataset)
        #expect(results[0][summary: "mean_calls"]?.doubleValue != nil)
        #expect(results[1][summary: "mean_calls"] == .null)
    }

    @Test func readingAnUndeclaredColumnBreaksTheContract() throws {
        let dataset = try DatasetLoader().load(folder: Self.sample).dataset
        #expect(PluginContract.violations(of: CallsPlugin(declaresCalls: true), on: dataset).isEmpty)
        let violations = PluginContract.violations(of: CallsPlugin(declaresCalls: false), on: dataset)
        #expect(violations == ["reads a table or column its descriptor does not declare (a run would not load it): given the whole dataset it returns another result"])
    }

    /// What a run of several plugins hands each one is what a load for it alone reads, as
    /// `coachlab run --plugin ID` does: the same result, to the bit.
    @Test(arguments: BuiltinPlugins.all.map(\.descriptor.id))
    func aPluginSeesWhatALoadForItAloneReads(id: String) throws {
        let plugin = try #require(BuiltinPlugins.registry().plugin(id: id))
        let descriptor = plugin.descriptor
        let everything = try DatasetLoader().load(folder: Self.everyTable).dataset
        let alone = try DatasetLoader(columns: .only(descriptor.columns, tables: descriptor.tables)).load(folder: Self.everyTable).dataset
        #expect(everything.tables == Set(DatasetTable.allCases))
        let shared = try PluginRunner().run([plugin], on: everything)[0]
        #expect(shared == (try plugin.compute(PluginContext(dataset: alone, options: .resolve([:], for: descriptor)))))
    }
}
