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
        let source = TestFiles.repositoryRoot.appendingPathComponent("Datasets/sample-org")
        let (folder, repeated) = TestFiles.sampleOrg { header, fields in
            let areas = header.firstIndex(of: "focus_areas")!
            guard let first = fields[areas].split(separator: ";").first else { return }
            fields[areas] += ";" + first
        }
        #expect(repeated > 1_000)

        let plugin = try #require(BuiltinPlugins.registry().plugin(id: "focus-breadth"))
        let original = try PluginRunner().run([plugin], on: DatasetLoader().load(folder: source.path).dataset)[0]
        let withRepeats = try PluginRunner().run([plugin], on: DatasetLoader().load(folder: folder.path).dataset)[0]
        #expect(withRepeats == original)
    }
}
