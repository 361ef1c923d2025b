import CoachLabIngestion
import CoachLabPluginAPI
import CoachLabPlugins
import CoachLabTestSupport
import Testing
@testable import PerformanceGaps

/// performance-gaps' state holds the totals of the reps its rows name, written in order of
/// rep: a part of the rows writes only its reps, and a state whose reps are out of order is
/// refused where it goes wrong.
@Suite struct PerformanceGapsStateTests {
    static let dataset = try! DatasetLoader().load(
        folder: TestFiles.repositoryRoot.appendingPathComponent("Datasets/sample-org").path).dataset

    static func lines(rows: Range<Int>) throws -> [String] {
        let plugin = try #require(BuiltinPlugins.registry().plugin(id: "performance-gaps") as? any DecomposableMetric)
        let options = try PluginOptions.resolve([:], for: plugin.descriptor)
        let context = PluginContext(dataset: dataset.narrowed(for: plugin.descriptor), options: options)
        // One range of rows, as a thread's part.
        let state: any PartialState = try plugin.partial(
            Partial.Context(dataset: context.dataset, options: options, rowRanges: [.performance: rows]))
        return StateRecordLines.of(state)
    }

    @Test func aPartWritesTheTotalsOfItsRepsOnly() throws {
        let rows = 100..<160
        let reps = Set(rows.map { Int(Self.dataset.performance.reps[$0]) })
        let written = try Self.lines(rows: rows).filter { $0.hasPrefix("totals\t") }.map { Int($0.split(separator: "\t")[1])! }
        #expect(Set(written) == reps && written == written.sorted())
    }

    /// In memory too: a part's totals span its rows' reps, not every rep of reps.csv.
    @Test func aPartHoldsTheSpanOfItsRepsOnly() throws {
        let options = try PluginOptions.resolve([:], for: PerformanceGaps().descriptor)
        let dataset = Self.dataset.narrowed(for: PerformanceGaps().descriptor)
        let rows = 100..<160
        let state = PerformanceGaps().partial(Partial.Context(dataset: dataset, options: options, rowRanges: [.performance: rows]))
        let codes = rows.map { Int(dataset.performance.reps[$0]) }
        #expect(state.totals.reps == codes.min()!..<(codes.max()! + 1))
        #expect(state.totals.reps.count < dataset.reps.count)
    }

    @Test func totalsOutOfOrderAreRefused() throws {
        let plugin = try #require(BuiltinPlugins.registry().plugin(id: "performance-gaps") as? any DecomposableMetric)
        var lines = try Self.lines(rows: 0..<Self.dataset.performance.count)
        let first = try #require(lines.firstIndex { $0.hasPrefix("totals\t") })
        lines.swapAt(first, first + 1)
        var reader = StateRecordLines.reader(lines, bounds: Partial.Bounds(covering: Self.dataset))
        do {
            _ = try plugin.erasedDecode(&reader)
            Issue.record("totals out of order were read")
        } catch {
            #expect(error.line == first + 2 && error.message.contains("out of order"), "\(error)")
        }
    }
}
