import CoachLabGenerator
import CoachLabIngestion
import CoachLabPluginAPI
import CoachLabPlugins
import CoachLabTestSupport
import Testing

/// The states of the plugins whose part is whole reps are untrusted input like any other:
/// two parts' states read back, merge and finalise to the whole's result, and hundreds of
/// random edits to their records are refused with a line or read into a state that merges
/// and finalises without trapping.
@Suite struct WholeRepStateEditsTests {
    static let ids = ["coaching-coverage", "coaching-vs-firefighting", "skill-will-matrix", "program-impact"]
    /// Options that make a plugin's state hold more kinds of record.
    static let options = ["program-impact": ["covariates": "tenure,region,tier"]]

    static let dataset: Dataset = {
        let folder = TestFiles.temporaryDirectory("whole-rep-state-org")
        var model = OrgModel()
        model.program = ProgramRollout(cohorts: 2, effect: 0.05)
        _ = try! OrgGenerator(reps: 60, months: 8, seed: 3, model: model).write(to: folder.path)
        return try! DatasetLoader().load(folder: folder.path).dataset
    }()

    func resolvedOptions(_ plugin: some DecomposableMetric) throws -> PluginOptions {
        try PluginOptions.resolve(Self.options[plugin.descriptor.id] ?? [:], for: plugin.descriptor)
    }

    func plugin(_ id: String) throws -> any DecomposableMetric {
        try #require(BuiltinPlugins.registry().plugin(id: id) as? any DecomposableMetric)
    }

    func records(_ plugin: some DecomposableMetric, reps: Range<Int>) throws -> [String] {
        let narrowed = Self.dataset.narrowed(for: plugin.descriptor)
        let options = try resolvedOptions(plugin)
        let state = try plugin.partial(Partial.Context(dataset: narrowed, options: options, reps: reps))
        return StateRecordLines.of(state)
    }

    func read(_ plugin: some DecomposableMetric, _ lines: [String]) throws(Partial.FormatError) -> any PartialState {
        try StateRecordLines.decode(plugin, lines, bounds: Partial.Bounds(covering: Self.dataset))
    }

    @Test(arguments: ids)
    func partsReadBackMergeIntoTheWhole(id: String) throws {
        let plugin = try plugin(id)
        let options = try resolvedOptions(plugin)
        let whole = try plugin.compute(PluginContext(dataset: Self.dataset.narrowed(for: plugin.descriptor), options: options))
        let a = try read(plugin, records(plugin, reps: 0..<25)), b = try read(plugin, records(plugin, reps: 25..<60))
        let merged = try plugin.erasedMerge(b, a)
        #expect(try plugin.erasedFinalize(merged, options: options) == whole)
    }

    @Test(arguments: ids)
    func randomEditsAreRefusedOrReadSafely(id: String) throws {
        let plugin = try plugin(id)
        let options = try resolvedOptions(plugin)
        let original = try records(plugin, reps: 0..<30)
        let other = try read(plugin, records(plugin, reps: 30..<60))
        RandomStateEdit.expectRefusedOrReadSafely(
            original, seed: UInt64(id.utf8.count), plugin: plugin, other: other, options: options,
            read: { lines throws(Partial.FormatError) in try read(plugin, lines) }, id)
    }
}
