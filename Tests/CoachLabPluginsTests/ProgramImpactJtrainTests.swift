import CoachLabIngestion
import CoachLabPluginAPI
import CoachLabPlugins
import CoachLabTestSupport
import Foundation
import Testing
import CoachLabRunner

/// program-impact end to end on Wooldridge's jtrain written as a CoachLab dataset (each firm
/// a rep with a manager of its own, a year a month, attainment = hrsemp, the grant year as
/// the start): every ATT(g, t), the effect and the event study equal the `differences`
/// package's to 1e-6 for both control groups (ProgramGolden/make_jtrain_dataset.py).
@Suite struct ProgramImpactJtrainTests {
    static let golden = TestFiles.repositoryRoot.appendingPathComponent("Tests/CoachLabPluginsTests/ProgramGolden")

    @Test(arguments: ["not-yet-treated", "never-treated"])
    func matchesDifferences(control: String) throws {
        let expected = (TestFiles.json(at: Self.golden.appendingPathComponent("expected/jtrain.json")) as! [String: Any])["results"]
            as! [String: Any]
        let reference = expected[control] as! [String: Any]
        let dataset = try DatasetLoader().load(folder: Self.golden.appendingPathComponent("datasets/jtrain").path).dataset
        let plugin = try #require(BuiltinPlugins.registry().plugin(id: "program-impact"))
        let result = try PluginRunner().run([plugin], on: dataset, options: ["program-impact": ["control": control]])[0]
        let number = { (object: [String: Any], key: String) in (object[key] as! NSNumber).doubleValue }

        let cells = try #require(result.table("att_gt"))
        let expectedCells = reference["att_gt"] as! [[String: Any]]
        #expect(cells.rows.count == expectedCells.count)
        for cell in expectedCells {
            let row = try #require((0..<cells.rows.count).first {
                cells.value(row: $0, "cohort")?.textValue == cell["cohort"] as? String
                    && cells.value(row: $0, "period")?.textValue == cell["period"] as? String
            })
            #expect(Tolerance.agrees(try #require(cells.value(row: row, "att")?.doubleValue), number(cell, "att"), relative: 1e-6, absolute: 1e-9))
            #expect(Tolerance.agrees(try #require(cells.value(row: row, "se")?.doubleValue), number(cell, "se"), relative: 1e-6))
        }
        let simple = reference["simple"] as! [String: Any]
        #expect(Tolerance.agrees(try #require(result[summary: "att"]?.doubleValue), number(simple, "att"), relative: 1e-6))
        #expect(Tolerance.agrees(try #require(result[summary: "att_se"]?.doubleValue), number(simple, "se"), relative: 1e-6))
        let events = try #require(result.table("event_study"))
        let expectedEvents = reference["event"] as! [[String: Any]]
        #expect(events.rows.count == expectedEvents.count)
        for (row, event) in expectedEvents.enumerated() {
            #expect(events.value(row: row, "relative_period")?.doubleValue == number(event, "e"))
            #expect(Tolerance.agrees(try #require(events.value(row: row, "att")?.doubleValue), number(event, "att"), relative: 1e-6, absolute: 1e-9))
            #expect(Tolerance.agrees(try #require(events.value(row: row, "se")?.doubleValue), number(event, "se"), relative: 1e-6))
        }
        #expect(result[summary: "treated_reps"]?.doubleValue == 59 && result[summary: "control_reps"]?.doubleValue == 65)
    }
}
