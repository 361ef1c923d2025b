import CoachLabIngestion
import CoachLabPluginAPI
import CoachLabPlugins
import CoachLabRunner
import CoachLabTestSupport
import Foundation
import Testing

/// A skill written twice in a session's focus areas is one area: an export that repeats
/// them (`prospecting;prospecting`) must not turn focused sessions into broad ones.
@Suite struct FocusBreadthRepeatedAreasTests {
    @Test func distinctAreasAreCounted() {
        let areas = FocusAreas([["prospecting", "prospecting"], ["demo", "discovery", "demo"], [], ["a", "b", "c"]])
        #expect((0..<4).map { areas.distinctAreaCount(of: $0) } == [1, 2, 0, 3])
        #expect((0..<4).map { areas.areaCount(of: $0) } == [2, 3, 0, 3])
    }

    @Test func repeatingEverySessionsFirstAreaChangesNothing() throws {
        let folder = TestFiles.temporaryDirectory("repeated-areas-org")
        let source = TestFiles.repositoryRoot.appendingPathComponent("Datasets/sample-org")
        for file in ["managers.csv", "reps.csv", "performance.csv"] {
            try FileManager.default.copyItem(at: source.appendingPathComponent(file), to: folder.appendingPathComponent(file))
        }
        let lines = try String(contentsOf: source.appendingPathComponent("coaching_sessions.csv"), encoding: .utf8)
            .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let areasColumn = try #require(lines[0].split(separator: ",").firstIndex(of: "focus_areas"))
        var repeated = 0
        let edited = lines.enumerated().map { number, line -> String in
            var fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard number > 0, fields.count > areasColumn, let first = fields[areasColumn].split(separator: ";").first else { return line }
            fields[areasColumn] += ";" + first
            repeated += 1
            return fields.joined(separator: ",")
        }
        #expect(repeated > 1_000)
        try edited.joined(separator: "\n").write(to: folder.appendingPathComponent("coaching_sessions.csv"), atomically: true, encoding: .utf8)

        let plugin = try #require(BuiltinPlugins.registry().plugin(id: "focus-breadth"))
        let original = try PluginRunner().run([plugin], on: DatasetLoader().load(folder: source.path).dataset)[0]
        let withRepeats = try PluginRunner().run([plugin], on: DatasetLoader().load(folder: folder.path).dataset)[0]
        #expect(withRepeats == original)
    }
}
