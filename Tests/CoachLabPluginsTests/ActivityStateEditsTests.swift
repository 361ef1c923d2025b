import CoachLabGenerator
import CoachLabIngestion
import CoachLabPluginAPI
import CoachLabPlugins
import CoachLabTestSupport
import Testing

/// activity-to-pipeline's states, both passes, are untrusted input like any other: parts
/// split anywhere in the rows read back, merge and finalise to the whole's result, and
/// hundreds of random edits to their records are refused with a line or read into a state
/// that merges and finalises without trapping.
@Suite struct ActivityStateEditsTests {
    static let plugin = BuiltinPlugins.registry().plugin(id: "activity-to-pipeline") as! any DecomposableMetric
    static let dataset: Dataset = {
        let folder = TestFiles.temporaryDirectory("activity-state-org")
        _ = try! OrgGenerator(reps: 60, months: 8, seed: 5, model: OrgModel()).write(to: folder.path)
        return try! DatasetLoader().load(folder: folder.path).dataset.narrowed(for: plugin.descriptor)
    }()
    static let options = try! PluginOptions.resolve([:], for: plugin.descriptor)

    func context(_ rows: Range<Int>) -> Partial.Context {
        Partial.Context(dataset: Self.dataset, options: Self.options, rowRanges: [.performance: rows])
    }

    func read<State: PartialState>(_ lines: [String], as type: State.Type) throws(Partial.FormatError) -> State {
        var reader = StateRecordLines.reader(lines, bounds: Partial.Bounds(covering: Self.dataset))
        let state = try State(decoding: &reader)
        try reader.expectEnd()
        return state
    }

    /// Both passes over two parts cut mid-rep, each read back, equal the whole's result.
    @Test func partsReadBackMergeIntoTheWhole() throws {
        try partsReadBackMergeIntoTheWhole(Self.plugin)
    }

    func partsReadBackMergeIntoTheWhole<Plugin: DecomposableMetric>(_ plugin: Plugin) throws {
        let read = { (lines: [String]) throws(Partial.FormatError) in try self.read(lines, as: Plugin.State.self) }
        let whole = try plugin.compute(PluginContext(dataset: Self.dataset, options: Self.options))
        let cut = Self.dataset.performance.count / 3 + 1
        var first = try read(StateRecordLines.of(try plugin.partial(context(cut..<Self.dataset.performance.count))))
        first.merge(try read(StateRecordLines.of(try plugin.partial(context(0..<cut)))))
        var second = try read(StateRecordLines.of(try plugin.partial(context(0..<cut), given: first)))
        second.merge(try read(StateRecordLines.of(try plugin.partial(context(cut..<Self.dataset.performance.count), given: first))))
        #expect(try plugin.finalize(second, options: Self.options) == whole)
        #expect(whole.table("activity_curve")?.rows.count == 10)
    }

    @Test(arguments: [false, true])
    func randomEditsAreRefusedOrReadSafely(secondPass: Bool) throws {
        try randomEditsAreRefusedOrReadSafely(Self.plugin, secondPass: secondPass)
    }

    func randomEditsAreRefusedOrReadSafely<Plugin: DecomposableMetric>(_ plugin: Plugin, secondPass: Bool) throws {
        let rows = Self.dataset.performance.count
        let given = try plugin.firstPass(PluginContext(dataset: Self.dataset, options: Self.options))
        let original = StateRecordLines.of(secondPass ? try plugin.partial(context(0..<rows / 2), given: given) : try plugin.partial(context(0..<rows / 2)))
        let other = secondPass ? try plugin.partial(context(rows / 2..<rows), given: given) : try plugin.partial(context(rows / 2..<rows))
        var random = SplitMixGenerator(seed: secondPass ? 2 : 1)
        var refused = 0, read = 0
        for _ in 0..<400 {
            let lines = RandomStateEdit.applied(to: original, random: &random)
            do throws(Partial.FormatError) {
                var state = try self.read(lines, as: Plugin.State.self)
                read += 1
                // What reads must merge (or say why not) and finalise without trapping.
                if state.mergeProblem(with: other) == nil {
                    state.merge(other)
                    _ = try? plugin.finalize(state, options: Self.options)
                }
                if !secondPass, state.mergeProblem(with: other) == nil {
                    // A damaged first pass given to a second pass must not trap either.
                    _ = try? plugin.partial(context(0..<rows), given: state)
                }
            } catch {
                refused += 1
                #expect(!error.message.isEmpty)
            }
        }
        #expect(refused > 100, "\(refused) refused, \(read) read")
    }
}
