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
        var reader = StateRecordLines.reader(lines, bounds: Partial.Bounds(covering: Self.dataset))
        let state = try plugin.erasedDecode(&reader)
        try reader.expectEnd()
        return state
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
        var random = SplitMixGenerator(seed: UInt64(id.utf8.count))
        var refused = 0, read = 0
        for _ in 0..<300 {
            let lines = RandomStateEdit.applied(to: original, random: &random)
            do throws(Partial.FormatError) {
                let state = try self.read(plugin, lines)
                read += 1
                // What reads must merge (or say why not) and finalise without trapping.
                if let merged = try? plugin.erasedMerge(state, other) {
                    _ = try? plugin.erasedFinalize(merged, options: options)
                }
                _ = try? plugin.erasedFinalize(state, options: options)
            } catch {
                refused += 1
                #expect(!error.message.isEmpty)
            }
        }
        #expect(refused > 50, "\(id): \(refused) refused, \(read) read")
    }
}
