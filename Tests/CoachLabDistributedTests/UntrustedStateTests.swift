import CoachLabDistributed
import CoachLabPluginAPI
import CoachLabPlugins
import Foundation
import Testing

/// States travel between machines: a damaged or forged one is refused with its file and
/// line, never trapped on, whatever its counts, sums, dimensions or options say.
@Suite struct UntrustedStateTests {
    let registry = BuiltinPlugins.registry()

    /// What decoding `text` says, or nil when it reads.
    func refusal(_ text: String) -> String? {
        do {
            _ = try StateFileCodec.decode(text, source: "s", registry: registry)
            return nil
        } catch {
            return error.description
        }
    }

    /// `text` with the first line that starts with `prefix` changed by `edit` (its fields),
    /// and the 1-based number of that line.
    func editing(_ text: String, lineStartingWith prefix: String, _ edit: (inout [String]) -> Void) -> (text: String, line: Int) {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let index = lines.firstIndex { $0.hasPrefix(prefix) }!
        var fields = lines[index].split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
        edit(&fields)
        lines[index] = fields.joined(separator: "\t")
        return (lines.joined(separator: "\n"), index + 1)
    }

    /// A document of `lines`, with its `@end` line.
    static func document(_ lines: [String]) -> String {
        (lines + ["@end\t\(lines.count)"]).joined(separator: "\n") + "\n"
    }

    @Test func countsBeyondTheRowsTheStateCoversAreRefusedWithTheirLine() throws {
        let text = try ShardedOrg.shared.wholeStateText(name: "a")
        let rows = ShardedOrg.shared.dataLines.count
        let quota = "plugin 'quota-attainment-by-coaching-quality'"
        let cases: [(String, (inout [String]) -> Void, String)] = [
            ("manager\t", { $0[2] = "9223372036854775807" }, "\(quota): record 'manager': field 2 is 9223372036854775807, not a count from 0 to \(rows)"),
            ("manager\t", { $0[3] = String(Int($0[2])! + 1) }, "\(quota): 'manager': "),
            ("manager_excluded\t", { $0[2] = String(rows) }, "\(quota): 'manager' counts more rep-periods than the \(rows) row(s) the state covers"),
            ("month_tier_span\t", { $0[2] = "4611686018427387904" }, "\(quota): 'month_tier' spans months outside the calendar"),
            ("month_tier_span\t", { $0[1] = "2147483647" }, "\(quota): 'month_tier' spans months outside the calendar"),
            ("manager_tiers\t", { $0[1] = "51" }, "\(quota): 'manager_tiers' has 51 entries, but the state's dimension tables have"),
            ("manager_tiers_run\t", { $0[2] = "9223372036854775807" }, "\(quota): 'manager_tiers' runs do not cover"),
            ("rep\t", { $0[2] = "4611686018427387904" }, "plugin 'rep-improvement-over-time': record 'rep': field 2 is 4611686018427387904, not a count from 0 to \(rows)"),
            ("rep\t", { $0[4] = "9223372036854775807" }, "plugin 'rep-improvement-over-time': rep 0: the sums of its months do not fit"),
            ("earliest\t", { $0[2] = "2147483647" }, "plugin 'rep-improvement-over-time': 'earliest' of rep 0: months out of order or outside the calendar"),
            ("totals\t", { $0[2] = "9223372036854775807" }, "plugin 'performance-gaps': record 'totals': field 2 is 9223372036854775807"),
            ("totals\t", { $0[3] = String(Int($0[2])! + 1) }, "plugin 'performance-gaps': record 'totals': field 3 is"),
            ("@shard\t", { $0[3] = "9223372036854775807" }, "malformed '@shard' line"),
            ("@shard\t", { $0[4] = "-1" }, "malformed '@shard' line"),
            ("@shard\t", { $0[6] = "-2147483648" }, "malformed period in '@shard' line"),
            ("@dimensions\t", { $0[3] = "1000000000000" }, "malformed '@dimensions' line"),
        ]
        for (prefix, edit, message) in cases {
            let (damaged, line) = editing(text, lineStartingWith: prefix, edit)
            let refused = refusal(damaged)
            #expect(refused?.contains(message) == true, "\(prefix): \(refused ?? "accepted")")
            // Each names the line edited (a total too large, the record that tips it over).
            if !message.contains("counts more") {
                #expect(refused?.hasPrefix("s:\(line): ") == true, "\(prefix): \(refused ?? "accepted")")
            }
        }
    }

    @Test func optionsAreCheckedAsTheCommandLineChecksThem() throws {
        let text = try ShardedOrg.shared.wholeStateText(name: "a")
        let plugin = "plugin 'rep-improvement-over-time'"
        for (options, message) in [
            (["min-managers=5", "min-periods=abc"], "\(plugin) option min-periods takes a whole number from 2 to 1200, not 'abc'"),
            (["min-managers=5", "min-periods=2.5"], "\(plugin) option min-periods takes a whole number from 2 to 1200, not '2.5'"),
            (["min-managers=5", "min-periods=0"], "\(plugin) option min-periods takes a whole number from 2 to 1200, not '0'"),
            (["min-managers=5"], "\(plugin) lacks its option 'min-periods' (a state names every option)"),
            (["min-managers=5", "min-periods=6", "colour=red"], "\(plugin) has no option 'colour'"),
            (["min-managers=5", "min-periods=6", "min-periods=7"], "malformed or repeated option 'min-periods=7'"),
        ] {
            let (damaged, line) = editing(text, lineStartingWith: "@plugin\trep-improvement-over-time") { fields in
                fields = Array(fields.prefix(3)) + options
            }
            let refused = refusal(damaged)
            #expect(refused?.hasPrefix("s:\(line): ") == true && refused?.contains(message) == true, "\(options): \(refused ?? "accepted")")
        }
    }

    /// This dataset's state of the months before 2023-07 (a.state), and another dataset's
    /// of the months from then with this one's `@dimensions` line pasted in (b.state):
    /// months apart, so that their rep-months do not overlap (which is refused first).
    func forgedPair() throws -> (StateFile, StateFile) {
        let mine = try ShardedOrg.shared.stateText(name: "a") { $0 < "2023-07" }
        let theirs = try ShardedOrg.twin.stateText(name: "b") { $0 >= "2023-07" }
        let myDimensions = mine.split(separator: "\n").first { $0.hasPrefix("@dimensions\t") }!
        let (forged, _) = editing(theirs, lineStartingWith: "@dimensions\t") { fields in
            fields = myDimensions.split(separator: "\t").map(String.init)
        }
        return (try StateFileCodec.decode(mine, source: "a.state", registry: registry)[0],
                try StateFileCodec.decode(forged, source: "b.state", registry: registry)[0])
    }

    /// Another dataset's state with this dataset's `@dimensions` line pasted in: each reads,
    /// but they do not merge (a precondition failure inside the plugin before).
    @Test func aPastedDimensionsLineDoesNotReachAPluginsMerge() throws {
        let (a, b) = try forgedPair()
        #expect(a.dimensions == b.dimensions)
        do {
            _ = try StateMerger(registry: registry).merge([("a.state", a), ("b.state", b)])
            Issue.record("merged")
        } catch {
            #expect(error.description.hasPrefix("b.state: plugin 'quota-attainment-by-coaching-quality' cannot merge it with a.state: the states were computed against different managers or reps"), "\(error)")
        }
    }

    /// A merge made one state at a time (as `run --blocks` makes it) that refuses a state
    /// goes on as if it had never been offered: the next state merges, and the result is
    /// the merge of the states it took.
    @Test func aRefusedStateLeavesARunningMergeAsItWas() throws {
        let (a, b) = try forgedPair()
        let rest = try ShardedOrg.shared.stateText(name: "c") { $0 >= "2023-07" }
        let c = try StateFileCodec.decode(rest, source: "c.state", registry: registry)[0]
        let merger = StateMerger(registry: registry)
        var running = try StateMerger.Running(a, from: "a.state", merger: merger)
        #expect(throws: StateFileError.self) { try running.add(b, from: "b.state") }
        try running.add(c, from: "c.state")
        #expect(StateFileCodec.encode(running.finished()) == StateFileCodec.encode(try merger.merge([("a.state", a), ("c.state", c)])))
    }

    /// A rep-improvement state of one rep over `rows` rows with month sums `sumX` and `sumXX`,
    /// from 2000-01 to 9999-12 (the widest months a dataset can name). Its shard is of
    /// coaching_sessions.csv, which needs no rep-months: one rep cannot have 2⁴⁷ months.
    static func oneRep(shard: String, rows: Int, sumX: String, sumXX: String) -> String {
        let early = (0..<6).map { "\(24_001 + $0)\t1" }.joined(separator: "\t")
        let late = (0..<6).map { "\(119_995 + $0)\t1" }.joined(separator: "\t")
        return document([
            "@coachlab-state\t2", "@dataset\td", "@dimensions\t00000000000000ff\t1\t1",
            "@shard\t\(shard)\tcoaching_sessions\t\(rows)\t0\t0\t-\t-\t\(String(repeating: "0", count: 15) + shard)\t0000000000000001",
            "@plugin\trep-improvement-over-time\t2\tmin-managers=5\tmin-periods=6",
            "rep_tiers\t1", "rep_tiers_run\t0\t1\t0", "rep_managers\t1", "rep_managers_run\t0\t1\t0",
            "rep\t0\t\(rows)\t\(sumX)\t\(sumXX)\t0\t0", "earliest\t0\t\(early)", "latest\t0\t\(late)",
            "@end-plugin",
        ])
    }

    /// Sums as large as 64 bits hold, consistent with their counts: they read, finalise
    /// (the slope's products taken in 128 bits) and refuse to merge where they would overflow.
    @Test func largeConsistentSumsFinaliseAndRefuseToOverflowInAMerge() throws {
        let rows = 1 << 47
        let a = try StateFileCodec.decode(
            Self.oneRep(shard: "a", rows: rows, sumX: "9000000000000000000", sumXX: "9000000000000000000"),
            source: "a.state", registry: registry)[0]
        let b = try StateFileCodec.decode(
            Self.oneRep(shard: "b", rows: rows, sumX: "9000000000000000000", sumXX: "9000000000000000000"),
            source: "b.state", registry: registry)[0]
        let plugin = registry.plugin(id: "rep-improvement-over-time") as! any DecomposableMetric
        _ = try plugin.erasedFinalize(a.plugins[0].state, options: a.plugins[0].options)
        do {
            _ = try StateMerger(registry: registry).merge([("a.state", a), ("b.state", b)])
            Issue.record("merged")
        } catch {
            #expect(error.description == "b.state: plugin 'rep-improvement-over-time' cannot merge it with a.state: rep 0's sums of months would overflow (is its '@dimensions' line its own?)")
        }
    }

    /// Two states of 2⁴⁸ rows each read, but together cover more than a state may.
    @Test func statesThatTogetherCoverTooManyRowsAreRefused() throws {
        let rows = Partial.Bounds.maximumRows
        let a = try StateFileCodec.decode(Self.oneRep(shard: "a", rows: rows, sumX: "0", sumXX: "0"), source: "a.state", registry: registry)[0]
        let b = try StateFileCodec.decode(Self.oneRep(shard: "b", rows: rows, sumX: "0", sumXX: "0"), source: "b.state", registry: registry)[0]
        do {
            _ = try StateMerger(registry: registry).merge([("a.state", a), ("b.state", b)])
            Issue.record("merged")
        } catch {
            #expect(error.description == "b.state: the states add up to more than \(rows) rows, more than a state may cover")
        }
        #expect(refusal(Self.oneRep(shard: "a", rows: rows + 1, sumX: "0", sumXX: "0"))?.contains("malformed '@shard' line") == true)
    }

    @Test func aStateIsRecognisedByItsFirstBytes() {
        for (prefix, could) in [
            ("@coachlab-state\t2\n", true), ("\n\r\n@coachlab", true), ("", true), ("@coach", true),
            ("\0\0\0\0", false), ("rep_id,period\n", false), ("@coachlab-statex", false), (" @coachlab-state\t", false),
        ] {
            #expect(StateFileCodec.couldStartState(Array(prefix.utf8)) == could, "\(prefix.debugDescription)")
        }
    }

    /// Millions of blank or one-byte lines cost no list of lines: refused at the first record.
    @Test func manyTinyLinesAreReadOneAtATime() {
        let header = "@coachlab-state\t2\n@dataset\td\n@dimensions\t00000000000000ff\t1\t1\n@plugin\tquota-attainment-by-coaching-quality\t1\tmin-managers=5\n"
        let text = header + String(repeating: "x\n", count: 500_000) + "@end-plugin\n@end\t500005\n"
        #expect(refusal(text) == "s:5: plugin 'quota-attainment-by-coaching-quality': found a 'x' record where a 'manager_tiers' record was expected")
        #expect(refusal(String(repeating: "\n", count: 1_000_000)) == "s: holds no state (is it the output of `coachlab partial`?)")
    }
}
