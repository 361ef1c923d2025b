import CoachLabGenerator
import CoachLabIngestion
import CoachLabPluginAPI
import CoachLabPlugins
import CoachLabTestSupport
import Testing

/// The states of the event studies, whose second pass carries the merged first: both passes
/// of two parts read back, merge and finalise to the whole's result; random edits to either
/// pass's records are refused with a line or read into a state that merges and finalises
/// without trapping; and the passes refuse to mix.
@Suite struct TwoPassStateEditsTests {
    static let ids = ["feedback-latency", "focus-breadth", "assignment-follow-through"]

    static let dataset: Dataset = {
        let folder = TestFiles.temporaryDirectory("two-pass-state-org")
        _ = try! OrgGenerator(reps: 60, months: 10, seed: 4, model: OrgModel()).write(to: folder.path)
        return try! DatasetLoader().load(folder: folder.path).dataset
    }()

    func plugin(_ id: String) throws -> any DecomposableMetric {
        try #require(BuiltinPlugins.registry().plugin(id: id) as? any DecomposableMetric)
    }

    func context(_ plugin: some DecomposableMetric, reps: Range<Int>) throws -> Partial.Context {
        let options = try PluginOptions.resolve([:], for: plugin.descriptor)
        return Partial.Context(dataset: Self.dataset.narrowed(for: plugin.descriptor), options: options, reps: reps)
    }

    /// The records of the first pass of `reps`, or with `given`, of their second pass.
    func records<Plugin: DecomposableMetric>(_ plugin: Plugin, reps: Range<Int>, given: (any PartialState)? = nil) throws -> [String] {
        let part = try context(plugin, reps: reps)
        let state = try given.map { try plugin.partial(part, given: try #require($0 as? Plugin.State)) } ?? plugin.partial(part)
        return StateRecordLines.of(state)
    }

    func read(_ plugin: some DecomposableMetric, _ lines: [String]) throws(Partial.FormatError) -> any PartialState {
        try StateRecordLines.decode(plugin, lines, bounds: Partial.Bounds(covering: Self.dataset))
    }

    /// The merged first pass of two parts, read back from their records.
    func mergedFirstPass(_ plugin: some DecomposableMetric) throws -> any PartialState {
        let a = try read(plugin, records(plugin, reps: 0..<25)), b = try read(plugin, records(plugin, reps: 25..<60))
        return try plugin.erasedMerge(b, a)
    }

    @Test(arguments: ids)
    func bothPassesReadBackMergeIntoTheWhole(id: String) throws {
        let plugin = try plugin(id)
        let options = try PluginOptions.resolve([:], for: plugin.descriptor)
        let whole = try plugin.compute(PluginContext(dataset: Self.dataset.narrowed(for: plugin.descriptor), options: options))
        let first = try mergedFirstPass(plugin)
        #expect(first.awaitsSecondPass)
        #expect(throws: PluginError.self) { try plugin.erasedFinalize(first, options: options) }
        let a = try read(plugin, records(plugin, reps: 0..<25, given: first))
        let b = try read(plugin, records(plugin, reps: 25..<60, given: first))
        #expect(try plugin.erasedFinalize(plugin.erasedMerge(a, b), options: options) == whole)
        // A first pass does not merge with a second, nor second passes given different firsts.
        #expect(throws: Partial.MergeError.self) { try plugin.erasedMerge(a, first) }
        let otherFirst = try read(plugin, records(plugin, reps: 0..<25))
        let givenOther = try read(plugin, records(plugin, reps: 25..<60, given: otherFirst))
        #expect(throws: Partial.MergeError.self) { try plugin.erasedMerge(a, givenOther) }
    }

    @Test(arguments: ids.flatMap { id in [(id, 1), (id, 2)] })
    func randomEditsAreRefusedOrReadSafely(id: String, pass: Int) throws {
        let plugin = try plugin(id)
        let options = try PluginOptions.resolve([:], for: plugin.descriptor)
        let first = try mergedFirstPass(plugin)
        let given = pass == 2 ? first : nil
        let original = try records(plugin, reps: 0..<30, given: given)
        let other = try read(plugin, records(plugin, reps: 30..<60, given: given))
        RandomStateEdit.expectRefusedOrReadSafely(
            original, seed: UInt64(id.utf8.count * 10 + pass), plugin: plugin, other: other, options: options,
            read: { lines throws(Partial.FormatError) in try read(plugin, lines) },
            alsoCheck: { state in
                // A damaged first pass given to a second pass must not trap either.
                guard pass == 1 else { return }
                let context = PluginContext(dataset: Self.dataset.narrowed(for: plugin.descriptor), options: options)
                _ = try? plugin.erasedSecondPass(context, given: state)
            }, "\(id) pass \(pass)")
    }
}
