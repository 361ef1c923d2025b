import CoachLabTestSupport
import Foundation
import Testing

/// `merge` and `report` refuse, with no flag, what would silently give a wrong report: the
/// same rows under another shard id, one rep-month in two shards, a shard of another
/// export; and a report says how many reps no shard held.
@Suite(.serialized) struct MergeSafetyTests {
    static let sample = "Datasets/sample-org"
    static let performance = "\(sample)/performance.csv"
    static let partial = "\"$COACHLAB\" partial --dimensions \(sample) --plugin quota-attainment-by-coaching-quality --plugin rep-improvement-over-time"

    /// Runs `script` with `sh`, `$F` naming `folder` (by default a fresh one) and `$COACHLAB`
    /// the binary, from the repository root.
    func shell(_ script: String, in folder: String? = nil) throws -> (run: CLIRun, folder: String) {
        let folder = folder ?? TestFiles.temporaryDirectory("merge-safety").path
        let run = try CLIRun(shell: "set -eu\n" + script, environment: ["COACHLAB": CLIRun.executable.path, "F": folder])
        return (run, folder)
    }

    /// The lines `first...last` (1-based, data lines only) of the sample's performance.csv.
    static func lines(_ first: Int, _ last: Int) -> String {
        "tail -n +2 \(performance) | sed -n '\(first),\(last)p'"
    }

    @Test func theSameRowsUnderANewShardIDAreRefused() throws {
        // The same rows, reordered and with CRLF line ends: the fingerprint is of the lines.
        let (run, folder) = try shell("""
            \(Self.lines(1, 3000)) > "$F/a.csv"
            sort -r "$F/a.csv" | sed 's/$/\\r/' > "$F/b.csv"
            \(Self.partial) --shard-id one "$F/a.csv" > "$F/a.state"
            \(Self.partial) --shard-id two "$F/b.csv" > "$F/b.state"
            "$COACHLAB" merge "$F/a.state" "$F/b.state"
            """)
        #expect(run.status == 1)
        #expect(run.stdout.isEmpty)
        #expect(run.stderr.hasPrefix("Error: \(folder)/b.state: shard 'two' holds the same 3000 row(s) of performance.csv as shard 'one' of \(folder)/a.state (fingerprint "), "\(run.stderr)")
        #expect(run.stderr.hasSuffix("): the same rows merged twice would count twice\n"), "\(run.stderr)")
    }

    @Test func aStreamHoldingTheSameShardTwiceIsRefused() throws {
        let (run, _) = try shell("""
            \(Self.lines(1, 3000)) > "$F/a.csv"
            \(Self.lines(3001, 6000)) > "$F/b.csv"
            \(Self.partial) "$F/a.csv" > "$F/a.state"
            \(Self.partial) "$F/b.csv" > "$F/b.state"
            cat "$F/a.state" "$F/b.state" "$F/a.state" | "$COACHLAB" merge - > "$F/merged.state" || echo "merge: $?" >&2
            cat "$F/a.state" "$F/a.state" | "$COACHLAB" report - --format json
            """)
        #expect(run.status == 1)
        #expect(run.stdout.isEmpty)
        let lines = run.stderr.split(separator: "\n").map(String.init)
        #expect(lines.count == 3, "\(run.stderr)")
        #expect(lines.first?.hasPrefix("Error: <stdin> (state 3 of 3): shard 'performance:") == true, "\(run.stderr)")
        #expect(lines.first?.hasSuffix("' is already in <stdin> (state 1 of 3): a shard merged twice would count its rows twice") == true, "\(run.stderr)")
        #expect(lines.dropFirst().first == "merge: 1")
        #expect(lines.last?.contains("Error: <stdin> (state 2 of 2): shard 'performance:") == true, "\(run.stderr)")
    }

    @Test func overlappingSplitsAreRefusedNamingTheRepAndMonth() throws {
        // Lines 2501-3000 (June 2023, every rep) are in both shards.
        let (run, folder) = try shell("""
            \(Self.lines(1, 3000)) > "$F/a.csv"
            \(Self.lines(2501, 6000)) > "$F/b.csv"
            \(Self.partial) "$F/a.csv" > "$F/a.state"
            \(Self.partial) "$F/b.csv" > "$F/b.state"
            "$COACHLAB" merge "$F/a.state" "$F/b.state"
            """)
        #expect(run.status == 1)
        #expect(run.stdout.isEmpty)
        #expect(run.stderr == "Error: \(folder)/b.state: holds the row of rep R0000001 for 2023-06, which \(folder)/a.state holds too: one rep-month in two shards would count twice (overlapping splits, rows of a shard merged again, or another export of the same months)\n")
    }

    @Test func aPartlyDuplicatedShardIsRefused() throws {
        // The second shard repeats the first one's last ten lines; named by the rep's code
        // when the dataset name is not a folder holding the dimension tables.
        let (run, folder) = try shell("""
            \(Self.lines(1, 3000)) > "$F/a.csv"
            \(Self.lines(2991, 6000)) > "$F/b.csv"
            \(Self.partial) --dataset-name org "$F/a.csv" > "$F/a.state"
            \(Self.partial) --dataset-name org "$F/b.csv" > "$F/b.state"
            "$COACHLAB" merge "$F/b.state" "$F/a.state" > "$F/merged.state"
            """)
        #expect(run.status == 1)
        #expect(run.stderr == "Error: \(folder)/a.state: holds the row of rep with code 490 (data row 491 of reps.csv) for 2023-06, which \(folder)/b.state holds too: one rep-month in two shards would count twice (overlapping splits, rows of a shard merged again, or another export of the same months)\n")
    }

    @Test func anotherExportOfTheSameMonthsIsRefused() throws {
        // Same reps and months, other bookings: other rows, the same rep-months.
        let (run, folder) = try shell("""
            \(Self.lines(1, 3000)) > "$F/a.csv"
            \(Self.lines(1, 3000)) | awk -F, -v OFS=, '{ $4 = $4 + 1; print }' > "$F/other.csv"
            \(Self.partial) "$F/a.csv" > "$F/a.state"
            \(Self.partial) "$F/other.csv" > "$F/other.state"
            "$COACHLAB" merge "$F/a.state" "$F/other.state"
            """)
        #expect(run.status == 1)
        #expect(run.stderr.hasPrefix("Error: \(folder)/other.state: holds the row of rep R0000001 for 2023-01, which \(folder)/a.state holds too"), "\(run.stderr)")
    }

    @Test func anotherExportWithOtherColumnsIsRefused() throws {
        // Other months, but read with other columns (an export without pipeline_value).
        let (run, folder) = try shell("""
            \(Self.lines(1, 3000)) > "$F/a.csv"
            \(Self.lines(3001, 6000)) | cut -d, -f1-7 > "$F/other.csv"
            \(Self.partial) --shard-id mine "$F/a.csv" > "$F/a.state"
            \(Self.partial) --shard-id theirs --columns rep_id,period,quota,bookings,calls,meetings,opportunities_created "$F/other.csv" > "$F/other.state"
            "$COACHLAB" merge "$F/a.state" "$F/other.state"
            """)
        #expect(run.status == 1)
        #expect(run.stderr.hasPrefix("Error: \(folder)/other.state: shard 'theirs' was read with other columns, delimiter or mapping than shard 'mine' of \(folder)/a.state (performance.csv layout "), "\(run.stderr)")
        #expect(run.stderr.hasSuffix("): a shard of another export does not merge\n"), "\(run.stderr)")
    }

    @Test func duplicatedSessionShardsAreRefused() throws {
        let (run, folder) = try shell("""
            head -n 2001 \(Self.sample)/coaching_sessions.csv > "$F/s.csv"
            P='--table coaching_sessions --plugin quota-attainment-by-coaching-quality'
            "$COACHLAB" partial --dimensions \(Self.sample) $P --shard-id s1 "$F/s.csv" > "$F/s1.state"
            "$COACHLAB" partial --dimensions \(Self.sample) $P --shard-id s2 "$F/s.csv" > "$F/s2.state"
            "$COACHLAB" merge "$F/s1.state" "$F/s2.state"
            """)
        #expect(run.status == 1)
        #expect(run.stderr.hasPrefix("Error: \(folder)/s2.state: shard 's2' holds the same 2000 row(s) of coaching_sessions.csv as shard 's1' of \(folder)/s1.state"), "\(run.stderr)")
    }

    @Test func aVersionOneStateIsRefusedWithWhatToDo() throws {
        let (run, folder) = try shell("""
            \(Self.lines(1, 3000)) > "$F/a.csv"
            \(Self.partial) "$F/a.csv" | sed '1s/\t2$/\t1/' > "$F/old.state"
            "$COACHLAB" report "$F/old.state" --format json
            """)
        #expect(run.status == 1)
        #expect(run.stderr == "Error: \(folder)/old.state:1: is a state of format version 1, from an older coachlab: it records neither its shards' row fingerprints nor their rep-months, without which a merge cannot refuse rows it already holds; recompute the states with this coachlab (`coachlab partial`)\n")
    }

    /// Shards of whole reps: a lost one is named in every format (a note, not an error), and
    /// warned about on standard error unless `--expect-*` checks the state.
    @Test func aReportSaysHowManyRepsNoShardHeld() throws {
        let (made, folder) = try shell("""
            tail -n +2 \(Self.performance) | awk -F, '$1 <= "R0000250"' > "$F/first.csv"
            tail -n +2 \(Self.performance) | awk -F, '$1 > "R0000250"' > "$F/second.csv"
            \(Self.partial) "$F/first.csv" > "$F/first.state"
            \(Self.partial) "$F/second.csv" > "$F/second.state"
            """)
        #expect(made.status == 0, "\(made.stderr)")
        let note = "250 of the 500 reps in reps.csv have no rows in performance.csv."
        for format in ["table", "json", "markdown"] {
            let report = try CLIRun(["report", "\(folder)/first.state", "--format", format])
            #expect(report.status == 0, "\(report.stderr)")
            #expect(report.stdout.contains(note), "\(format)")
            #expect(report.stderr == "warning: 250 of the 500 reps in reps.csv are in no shard of the state: if a shard is missing, the results leave its reps out; check with --expect-rows or --expect-shards\n")
        }
        // CSV has no notes on standard output: a block of the dataset's rows says it; a
        // folder of CSV files has it in notes.csv.
        let csv = try CLIRun(["report", "\(folder)/first.state", "--format", "csv"])
        #expect(csv.stdout.hasSuffix("\r\n\r\nplugin,table,key,value\r\n,dataset,reps,500\r\n,dataset,reps_without_rows,250\r\n"), "\(csv.stdout.suffix(200))")
        let folderOfCSV = try CLIRun(["report", "\(folder)/first.state", "--format", "csv", "-o", "\(folder)/csv/"])
        #expect(folderOfCSV.status == 0, "\(folderOfCSV.stderr)")
        #expect(try String(contentsOfFile: "\(folder)/csv/notes.csv", encoding: .utf8).contains(note))
        let html = try CLIRun(["report", "\(folder)/first.state", "-o", "\(folder)/report.html"])
        #expect(try String(contentsOfFile: "\(folder)/report.html", encoding: .utf8).contains(note))
        #expect(html.stderr.contains("warning: 250 of the 500 reps"))
        // Checked: no warning, the note all the same.
        let expected = try CLIRun(["report", "\(folder)/first.state", "--format", "json", "--expect-rows", "6000"])
        #expect(expected.status == 0 && expected.stderr.isEmpty, "\(expected.stderr)")
        #expect(expected.stdout.contains(note))
        // Both halves: neither note nor warning, and what `run` prints.
        let whole = try shell("\"$COACHLAB\" merge '\(folder)/first.state' '\(folder)/second.state' | \"$COACHLAB\" report - --format json").run
        let run = try CLIRun(["run", Self.sample, "--no-cache", "--format", "json", "--plugin", "quota-attainment-by-coaching-quality", "--plugin", "rep-improvement-over-time"])
        #expect(whole.stderr.isEmpty && !whole.stdout.contains("reps in reps.csv"))
        #expect(whole.stdout == run.stdout)
    }

    /// A rep with no rows in the dataset itself: `run` gives the same note, so a report of
    /// every shard still prints what `run` prints.
    @Test func runNotesRepsWithoutRowsAsReportDoes() throws {
        let (made, folder) = try shell("""
            mkdir "$F/org"
            cp \(Self.sample)/managers.csv \(Self.sample)/reps.csv \(Self.performance) "$F/org/"
            tail -n 1 \(Self.sample)/reps.csv | sed 's/^R0000500/R0000999/' >> "$F/org/reps.csv"
            """)
        #expect(made.status == 0, "\(made.stderr)")
        let plugins = ["--plugin", "quota-attainment-by-coaching-quality", "--plugin", "rep-improvement-over-time"]
        let run = try CLIRun(["run", "\(folder)/org", "--no-cache", "--format", "markdown"] + plugins)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("1 of the 501 reps in reps.csv has no rows in performance.csv."))
        let report = try shell("""
            tail -n +2 "$F/org/performance.csv" | split -l 5000 - "$F/shard-"
            for shard in "$F"/shard-*; do "$COACHLAB" partial --dimensions "$F/org" \(plugins.joined(separator: " ")) "$shard" > "$shard.state"; done
            "$COACHLAB" merge "$F"/shard-*.state | "$COACHLAB" report - --format markdown --expect-shards 3
            """, in: folder).run
        #expect(report.status == 0, "\(report.stderr)")
        #expect(report.stdout == run.stdout)
    }
}
