import CoachLabPluginAPI
import CoachLabPlugins
import Testing
import CoachLabRunner

/// A plugin a researcher might write, for registry tests.
struct EchoPlugin: MetricPlugin {
    var id = "echo"
    var tables: Set<DatasetTable> = [.managers]

    var descriptor: PluginDescriptor {
        PluginDescriptor(
            id: id, title: "Echo", summary: "Counts managers.", description: "Counts the rows of managers.csv.",
            requiredTables: tables,
            options: [Self.scale.declaration])
    }

    static let scale = OptionKey.number("scale", summary: "a factor", in: 0...10, default: 1)

    func compute(_ context: PluginContext) throws(PluginError) -> MetricResult {
        let scale = context.options[Self.scale]
        return MetricResult(pluginID: id, title: "Echo", summary: [
            ResultField("managers", .number(Double(context.dataset.managers.count) * scale), .statistic),
        ])
    }
}

@Suite struct RegistryTests {
    @Test func builtinsFormARegistry() throws {
        let registry = try PluginRegistry(BuiltinPlugins.all)
        // The headline metrics first, in the order RESULTS.md gives them.
        #expect(Array(registry.ids.prefix(2)) == ["quota-attainment-by-coaching-quality", "rep-improvement-over-time"])
        #expect(Set(registry.ids).count == BuiltinPlugins.all.count)
    }

    @Test func rejectsDuplicateAndInvalidIDs() {
        #expect(throws: RegistryError.duplicateID("echo")) { try PluginRegistry([EchoPlugin(), EchoPlugin()]) }
        #expect(throws: RegistryError.invalidID("Echo_1")) { try PluginRegistry([EchoPlugin(id: "Echo_1")]) }
        #expect(throws: RegistryError.duplicateID("rep-improvement-over-time")) {
            try BuiltinPlugins.registry().adding([EchoPlugin(id: "rep-improvement-over-time")])
        }
    }

    @Test func researchersAddTheirOwnPlugins() throws {
        let registry = try BuiltinPlugins.registry().adding([EchoPlugin()])
        #expect(registry.plugin(id: "echo") != nil)
        #expect(registry.ids.count == BuiltinPlugins.all.count + 1)
        #expect(registry.ids.last == "echo")
    }

    @Test func selectsRequestedOrRunnablePlugins() throws {
        let registry = try BuiltinPlugins.registry().adding([EchoPlugin(id: "needs-sessions", tables: [.coachingSessions])])
        let all = try registry.select(ids: [], available: [.managers, .reps, .performance])
        let core: Set<DatasetTable> = [.managers, .reps, .performance]
        let feedable = BuiltinPlugins.all.filter { $0.descriptor.requiredTables.isSubset(of: core) }.map(\.descriptor.id)
        #expect(all.runnable.map(\.descriptor.id) == feedable)
        #expect(feedable.starts(with: ["quota-attainment-by-coaching-quality", "rep-improvement-over-time"]))
        #expect(all.skipped.count == BuiltinPlugins.all.count - feedable.count + 1)
        #expect(all.skipped.last == .init(pluginID: "needs-sessions", reason: "needs coaching_sessions.csv, which the dataset does not have"))
        #expect(all.skipped.contains(.init(pluginID: "assignment-follow-through", reason: "needs coaching_sessions.csv and assignments.csv, which the dataset does not have")))
        let one = try registry.select(ids: ["rep-improvement-over-time", "rep-improvement-over-time"], available: [.managers, .reps, .performance])
        #expect(one.runnable.count == 1)
        #expect(throws: RegistryError.unknownPlugin("nope", known: registry.ids)) {
            try registry.select(ids: ["nope"], available: [])
        }
    }

    @Test func optionsAreCheckedAndDefaulted() throws {
        let descriptor = EchoPlugin().descriptor
        #expect(try PluginOptions.resolve([:], for: descriptor)[EchoPlugin.scale] == 1)
        #expect(try PluginOptions.resolve(["scale": "2.5"], for: descriptor)[EchoPlugin.scale] == 2.5)
        #expect(throws: PluginError.self) { try PluginOptions.resolve(["scale": "11"], for: descriptor) }
        #expect(throws: PluginError.self) { try PluginOptions.resolve(["size": "1"], for: descriptor) }
    }

    @Test func kebabCaseIDs() {
        #expect(PluginDescriptor.isValidID("quota-attainment-by-coaching-quality"))
        #expect(PluginDescriptor.isValidID("metric2"))
        for bad in ["", "-a", "a-", "a--b", "A", "a_b", "a b"] { #expect(!PluginDescriptor.isValidID(bad), "\(bad)") }
    }
}
