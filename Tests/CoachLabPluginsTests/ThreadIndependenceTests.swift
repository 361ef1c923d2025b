import CoachLabIngestion
import Foundation
import CoachLabGenerator
import CoachLabPluginAPI
import CoachLabPlugins
import CoachLabTestSupport
import Testing
import CoachLabRunner

/// Results are the same to the last bit for any number of threads, reading or computing.
@Suite struct ThreadIndependenceTests {
    @Test(arguments: [false, true])
    func anyThreadCountGivesBitIdenticalResults(rowsShuffled: Bool) throws {
        let folder = TestFiles.temporaryDirectory("threads")
        _ = try OrgGenerator(reps: 2_000, months: 18, seed: 4, includeCoachingTables: true).write(to: folder.path)
        if rowsShuffled {
            // Rows out of month order: kernels take the dataset's month order instead.
            let file = folder.appendingPathComponent("performance.csv")
            var lines = try String(contentsOf: file, encoding: .utf8).split(separator: "\n")
            var random = SplitMixGenerator(seed: 11)
            let header = lines.removeFirst()
            lines.shuffle(using: &random)
            try ([header] + lines).joined(separator: "\n").appending("\n").write(to: file, atomically: true, encoding: .utf8)
        }
        var reference: [MetricResult]?
        for threads in [1, 2, 3, 4] {
            var loader = DatasetLoader()
            loader.reader.threads = threads
            loader.reader.minimumPieceBytes = 64 * 1024
            let dataset = try loader.load(folder: folder.path).dataset
            let plugins = try BuiltinPlugins.registry().select(ids: [], available: dataset.tables).runnable
            let results = try PluginRunner().run(plugins, on: dataset, threads: threads)
            if rowsShuffled { #expect(dataset.performance.monthOrder != nil) }
            if let reference {
                #expect(results == reference, "\(threads) threads")
            } else {
                reference = results
            }
        }
    }
}
