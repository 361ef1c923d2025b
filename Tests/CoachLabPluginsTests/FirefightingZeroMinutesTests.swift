import CoachLabIngestion
import CoachLabPluginAPI
import CoachLabPlugins
import CoachLabRunner
import CoachLabTestSupport
import Foundation
import Testing

/// A manager whose sessions all last zero minutes (duration_min may be 0) held sessions and
/// coached reps, but has no developmental share: the tier counts the manager, the reps and
/// the sessions, and its shares leave the manager out.
@Suite struct FirefightingZeroMinutesTests {
    @Test func aManagerWithoutMinutesCountsButHasNoShare() throws {
        let source = TestFiles.repositoryRoot.appendingPathComponent("Datasets/sample-org")
        let manager = "M000024"
        let (folder, zeroed) = TestFiles.sampleOrg { header, fields in
            guard fields[header.firstIndex(of: "manager_id")!] == manager else { return }
            fields[header.firstIndex(of: "duration_min")!] = "0"
        }
        #expect(zeroed > 10)

        let plugin = try #require(BuiltinPlugins.registry().plugin(id: "coaching-vs-firefighting"))
        let original = try PluginRunner().run([plugin], on: DatasetLoader().load(folder: source.path).dataset)[0]
        let result = try PluginRunner().run([plugin], on: DatasetLoader().load(folder: folder.path).dataset)[0]

        let managers = try #require(result.table("by_manager"))
        let row = try #require(managers.rows.indices.first { managers.value(row: $0, "manager_id")?.textValue == manager })
        #expect(managers.value(row: row, "sessions")?.integerValue == zeroed)
        #expect(managers.value(row: row, "minutes")?.doubleValue == 0)
        #expect(managers.value(row: row, "developmental_share")?.doubleValue == nil)
        let tier = try #require(managers.value(row: row, "tier")?.textValue)

        func tierRow(_ r: MetricResult) throws -> [String: MetricResult.Value] {
            let table = try #require(r.table("by_tier"))
            let index = try #require(table.rows.indices.first { table.value(row: $0, "tier")?.textValue == tier })
            return Dictionary(uniqueKeysWithValues: table.columns.enumerated().map { ($1.key, table.rows[index][$0]) })
        }
        let before = try tierRow(original), after = try tierRow(result)
        // The manager still counts, with its reps and sessions.
        #expect(after["managers"]?.integerValue == before["managers"]?.integerValue)
        #expect(after["reps"]?.integerValue == before["reps"]?.integerValue)
        #expect(after["sessions"]?.integerValue == before["sessions"]?.integerValue)
        // Its share is gone from the mean of managers' shares: one value fewer moves it.
        #expect(after["mean_manager_share"]?.doubleValue != before["mean_manager_share"]?.doubleValue)
    }
}
