import CoachLabTestSupport
import Foundation
import Testing

/// activity-to-pipeline across processes, both passes: `split`, the first pass of every part,
/// `merge` in an order of its own, the second pass of every part given that merge, `merge`
/// and `report` print byte for byte what `run` prints; a damaged state is refused by name.
@Suite(.serialized) struct ActivityCurvePartsTests {
    static let sample = "Datasets/sample-org"
    static let plugin = "--plugin activity-to-pipeline"

    func shell(_ script: String) throws -> CLIRun {
        try CLIRun(shell: "set -eu\n" + script, environment: ["COACHLAB": CLIRun.executable.path])
    }

    /// The report of both passes over `parts` whole-rep parts of the sample org, in `format`.
    func reportOverParts(_ parts: Int, out: String, format: String) throws -> CLIRun {
        var random = SplitMixGenerator(seed: UInt64(parts))
        let names = (0..<parts).map { "'\(out)/part-\(String(format: "%05d", $0))" }
        let firsts = names.map { $0 + ".first'" }.shuffled(using: &random).joined(separator: " ")
        let seconds = names.map { $0 + ".second'" }.shuffled(using: &random).joined(separator: " ")
        return try shell("""
            [ -d '\(out)' ] || "$COACHLAB" split '\(Self.sample)' --parts \(parts) --out '\(out)' 2> /dev/null
            for part in '\(out)'/part-?????; do "$COACHLAB" partial "$part" --dimensions '\(Self.sample)' \(Self.plugin) --threads 1 > "$part.first"; done
            "$COACHLAB" merge \(firsts) > '\(out)/merged.first'
            for part in '\(out)'/part-?????; do "$COACHLAB" partial "$part" --dimensions '\(Self.sample)' --given '\(out)/merged.first' --threads 1 > "$part.second"; done
            "$COACHLAB" merge \(seconds) | "$COACHLAB" report - --format \(format) --expect-rows 12000 --expect-shards \(parts)
            """)
    }

    @Test(arguments: [1, 3, 7])
    func bothPassesOverPartsReportWhatRunPrints(parts: Int) throws {
        let out = TestFiles.temporaryDirectory("activity-curve-parts").path + "/parts"
        for format in ["json", "table"] {
            let report = try reportOverParts(parts, out: out, format: format)
            #expect(report.status == 0, "\(report.stderr)")
            let run = try shell("\"$COACHLAB\" run '\(Self.sample)' --no-cache --format \(format) \(Self.plugin)")
            #expect(run.status == 0, "\(run.stderr)")
            #expect(!report.stdout.isEmpty && report.stdout == run.stdout, "\(format), \(parts) parts")
        }
    }

    /// Any line-aligned shard of performance.csv will do: a rep's rows in several shards
    /// count once per model and per group of calls.
    @Test func shardsOfPerformanceReportWhatRunPrints() throws {
        let out = TestFiles.temporaryDirectory("activity-curve-shards").path
        let report = try shell("""
            tail -n +2 '\(Self.sample)/performance.csv' | split -l 2500 - '\(out)/shard-'
            for shard in '\(out)'/shard-*; do "$COACHLAB" partial "$shard" --dimensions '\(Self.sample)' \(Self.plugin) > "$shard.first"; done
            "$COACHLAB" merge '\(out)'/shard-*.first > '\(out)/merged'
            for shard in '\(out)'/shard-??; do "$COACHLAB" partial "$shard" --dimensions '\(Self.sample)' --given '\(out)/merged' > "$shard.second"; done
            "$COACHLAB" merge '\(out)'/shard-*.second | "$COACHLAB" report - --format json --expect-rows 12000
            """)
        #expect(report.status == 0, "\(report.stderr)")
        let run = try shell("\"$COACHLAB\" run '\(Self.sample)' --no-cache --format json \(Self.plugin)")
        #expect(!report.stdout.isEmpty && report.stdout == run.stdout)
    }

    /// The first pass alone cannot be reported; a first pass or second pass whose records
    /// were edited is refused with the line and what is wrong.
    @Test func aFirstPassOrAnEditedStateIsRefused() throws {
        let out = TestFiles.temporaryDirectory("activity-curve-edits").path + "/parts"
        let made = try reportOverParts(2, out: out, format: "json")
        #expect(made.status == 0, "\(made.stderr)")
        let firstOnly = try shell("\"$COACHLAB\" report '\(out)/merged.first' --format json")
        #expect(firstOnly.status != 0 && firstOnly.stderr.contains("this state holds its first only"), "\(firstOnly.stderr)")

        // A histogram bin's rows past the rows the state covers, a manager code past
        // managers.csv, a rep in a group past the tenth, more reps than records.
        let edits = [
            ("merged.first", #"/^bin\t/ { if (!done) { $3 = 999999999; done = 1 } } 1"#, "not a count from 0 to"),
            ("merged.first", #"/^moments\t/ { if (!done) { $2 = 99999; done = 1 } } 1"#, "is not a row of a table of"),
            ("part-00000.second", #"/^curvereps\t/ { inside = 1 } inside && /^rep\t/ && !done { $3 = 4096; done = 1 } 1"#, "not a count from 0 to 1023"),
            ("part-00000.second", #"/^curvereps\t/ { $3 = $3 + 5 } 1"#, "record was expected"),
        ]
        for (file, program, message) in edits {
            let edited = try shell("""
                awk 'BEGIN { FS = OFS = "\\t" } \(program)' '\(out)/\(file)' > '\(out)/edited'
                ! cmp -s '\(out)/edited' '\(out)/\(file)'
                "$COACHLAB" merge '\(out)/edited' '\(out)/part-00001.second' > /dev/null
                """)
            #expect(edited.status != 0, "\(file): \(program)")
            // The file and line, then what is wrong.
            #expect(edited.stderr.contains(message) && edited.stderr.contains("edited:"), "\(file): \(edited.stderr)")
        }
    }
}
