import CoachLabDistributed
import CoachLabPluginAPI
import CoachLabPlugins
import Testing

/// What the state format refuses, beyond what the CLI tests drive.
@Suite struct StateFileTests {
    /// A metric with no partial state: it runs with `run` only.
    struct WholeTableOnly: MetricPlugin {
        let descriptor = PluginDescriptor(
            id: "whole-table-only", title: "Whole table only", summary: "Needs every row at once.",
            description: "A test plugin.", requiredTables: [.managers, .reps, .performance])
        func compute(_ context: PluginContext) throws(PluginError) -> MetricResult {
            MetricResult(pluginID: descriptor.id, title: descriptor.title)
        }
    }

    @Test func aStateOfAPluginThatCannotBeDecomposedIsRefused() throws {
        let registry = try BuiltinPlugins.registry().adding([WholeTableOnly()])
        let text = "@coachlab-state\t2\n@dataset\td\n@dimensions\t00000000000000ff\t1\t1\n@plugin\twhole-table-only\t1\n@end-plugin\n@end\t5\n"
        #expect(throws: StateFileError.self) { try StateFileCodec.decode(text, source: "s", registry: registry) }
        do {
            _ = try StateFileCodec.decode(text, source: "s", registry: registry)
        } catch {
            #expect(error.description == "s:4: plugin 'whole-table-only' cannot be computed in shards")
        }
    }

    @Test func versionsAndForeignFilesAreRefused() {
        let registry = BuiltinPlugins.registry()
        for (text, message) in [
            ("@coachlab-state\t3\n", "s:1: state format '3' is not version 2, which this coachlab reads"),
            // Version 1 had neither fingerprints nor rep-months: named, with what to do.
            ("@coachlab-state\t1\n@dataset\td\n", "s:1: is a state of format version 1, from an older coachlab: it records neither its shards' row fingerprints nor their rep-months, without which a merge cannot refuse rows it already holds; recompute the states with this coachlab (`coachlab partial`)"),
            ("rep_id,period\n", "s:1: is not a CoachLab state (it should start with '@coachlab-state')"),
            ("", "s: holds no state (is it the output of `coachlab partial`?)"),
            ("@coachlab-state\t2\n@dataset\td\n@end\t9\n", "s:3: the state's '@end' line does not match its length: lines are missing or were added"),
            // Version 1 of rep improvement had no rep_managers: read as version 2, it would fail on
            // a record, or worse, mean something else.
            ("@coachlab-state\t2\n@dataset\td\n@dimensions\t00000000000000ff\t1\t1\n@plugin\trep-improvement-over-time\t1\tmin-periods=6\nrep_tiers\t1\n",
             "s:4: holds a state of plugin 'rep-improvement-over-time' version 1, but this coachlab computes version 2; recompute the shards with this coachlab"),
        ] {
            do {
                _ = try StateFileCodec.decode(text, source: "s", registry: registry)
                Issue.record("accepted: \(text)")
            } catch {
                #expect(error.description == message)
            }
        }
    }

    /// One document (a merged state) with the same rows under two ids, or one table read
    /// with two layouts, is refused at the second shard's line.
    @Test func aDocumentHoldingTheSameRowsTwiceOrTwoLayoutsIsRefused() throws {
        let registry = BuiltinPlugins.registry()
        let early = try StateFileCodec.decode(ForgedRepMonthsTests.early, source: "early", registry: registry)[0]
        let late = try StateFileCodec.decode(ForgedRepMonthsTests.late, source: "late", registry: registry)[0]
        let merged = StateFileCodec.encode(try StateMerger(registry: registry).merge([("early", early), ("late", late)]))
        var lines = merged.split(separator: "\n").map(String.init)
        let shards = lines.indices.filter { lines[$0].hasPrefix("@shard\t") }
        #expect(shards.count == 2)
        let first = lines[shards[0]].split(separator: "\t").map(String.init)
        var second = lines[shards[1]].split(separator: "\t").map(String.init)
        let original = second
        second[3] = first[3]
        second[8] = first[8]
        lines[shards[1]] = second.joined(separator: "\t")
        do {
            _ = try StateFileCodec.decode(lines.joined(separator: "\n") + "\n", source: "s", registry: registry)
            Issue.record("accepted the same rows twice")
        } catch {
            #expect(error.description == "s:\(shards[1] + 1): shard '\(second[1])' holds the same \(first[3]) row(s) of performance.csv as shard '\(first[1])' (fingerprint \(first[8])): the same rows merged twice would count twice")
        }
        second = original
        second[9] = "0123456789abcdef"
        lines[shards[1]] = second.joined(separator: "\t")
        do {
            _ = try StateFileCodec.decode(lines.joined(separator: "\n") + "\n", source: "s", registry: registry)
            Issue.record("accepted two layouts")
        } catch {
            #expect(error.description == "s:\(shards[1] + 1): shard '\(second[1])' was read with other columns, delimiter or mapping than shard '\(first[1])' (performance.csv layout 0123456789abcdef, not \(first[9])): a shard of another export does not merge")
        }
    }

    /// A tier code out of range would index past the tiers at finalize: refused on reading.
    @Test func repImprovementRefusesTiersAndManagersThatDoNotFit() {
        let registry = BuiltinPlugins.registry()
        for (tier, managers) in [("7", "1\nrep_managers_run\t0\t1\t0"), ("0", "1\nrep_managers_run\t0\t1\t1"), ("0", "1\nrep_managers_run\t0\t1\t-3")] {
            let text = "@coachlab-state\t2\n@dataset\td\n@dimensions\t00000000000000ff\t1\t1\n"
                + "@plugin\trep-improvement-over-time\t2\tmin-managers=5\tmin-periods=6\nrep_tiers\t1\nrep_tiers_run\t0\t1\t\(tier)\n"
                + "rep_managers\t\(managers)\n@end-plugin\n@end\t9\n"
            do {
                _ = try StateFileCodec.decode(text, source: "s", registry: registry)
                Issue.record("accepted tier \(tier), managers \(managers)")
            } catch {
                #expect(error.description == "s: plugin 'rep-improvement-over-time': the rep tiers and managers do not fit together")
            }
        }
    }

    @Test func textFieldsRoundTripWhateverTheyHold() {
        for text in ["plain", "tab\there", "line\nbreak", "back\\slash", "cr\r", "", "é💼"] {
            #expect(String(stateText: Substring(text.stateText)) == text)
            #expect(!text.stateText.contains("\t") && !text.stateText.contains("\n"))
        }
        #expect(String(stateText: "dangling\\") == nil)
    }

    /// A record is cut at every tab, empty fields and a trailing one kept, whatever else
    /// its text holds.
    @Test func aRecordIsCutAtEveryTab() {
        let cases: [(String, String, [String])] = [
            ("rep\t1\t2", "rep", ["1", "2"]), ("rep", "rep", []), ("", "", []), ("rep\t", "rep", [""]),
            ("rep\t\t3\t", "rep", ["", "3", ""]), ("é💼\tà\t\r", "é💼", ["à", "\r"]),
        ]
        for (text, name, fields) in cases {
            let record = Partial.Record(text: Substring(text), line: 7)
            #expect(record.name == name && record.fields.map(String.init) == fields && record.line == 7, "\(text)")
        }
    }
}
