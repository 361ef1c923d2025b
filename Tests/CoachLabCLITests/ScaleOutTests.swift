import CoachLabTestSupport
import Foundation
import Testing

/// `coachlab partial | merge | report` as a user or an engine drives them.
@Suite(.serialized) struct ScaleOutTests {
    static let sample = "Datasets/sample-org"
    static let plugins = ["--plugin", "quota-attainment-by-coaching-quality", "--plugin", "rep-improvement-over-time"]

    /// Runs `script` with `sh`, `$COACHLAB` naming the binary, from the repository root.
    func shell(_ script: String) throws -> CLIRun {
        try CLIRun(shell: "set -eu\n" + script, environment: ["COACHLAB": CLIRun.executable.path])
    }

    /// performance.csv cut into data-only shards of `lines` lines in a fresh folder.
    func shards(_ lines: Int) throws -> URL {
        let folder = TestFiles.temporaryDirectory("shards")
        let split = try shell("tail -n +2 \(Self.sample)/performance.csv | split -l \(lines) - '\(folder.path)/shard-'")
        #expect(split.status == 0, "\(split.stderr)")
        return folder
    }

    @Test func xargsOverShardsPrintsWhatRunPrints() throws {
        let folder = try shards(2_500)
        let plugins = Self.plugins.joined(separator: " ")
        let scaled = try shell("""
            ls '\(folder.path)'/shard-* | xargs -P 2 -I{} sh -c '"$COACHLAB" partial --threads 1 --dimensions \(Self.sample) \(plugins) "$1" > "$1.state"' _ {}
            "$COACHLAB" merge '\(folder.path)'/shard-*.state | "$COACHLAB" report - --format json --expect-shards 5 --expect-rows 12000
            """)
        #expect(scaled.status == 0, "\(scaled.stderr)")
        let run = try CLIRun(["run", Self.sample, "--no-cache", "--format", "json"] + Self.plugins)
        #expect(!scaled.stdout.isEmpty)
        #expect(scaled.stdout == run.stdout)

        let table = try shell("cat '\(folder.path)'/shard-*.state | \"$COACHLAB\" report - --format table")
        let runTable = try CLIRun(["run", Self.sample, "--no-cache"] + Self.plugins)
        #expect(table.stdout == runTable.stdout)
    }

    @Test func shardsOfAnExportReadThroughItsMappingPrintWhatRunPrints() throws {
        let export = "Datasets/crm-export"
        let mapping = "\(export)/mapping.yaml"
        let folder = TestFiles.temporaryDirectory("export-shards")
        let plugins = Self.plugins.joined(separator: " ")
        // Data lines only (the report's own header comes from the export folder), CRLF kept.
        let scaled = try shell("""
            tail -n +2 '\(export)/Quota Attainment Report.csv' | split -l 3000 - '\(folder.path)/shard-'
            for shard in '\(folder.path)'/shard-*; do
              "$COACHLAB" partial --dimensions \(export) --mapping \(mapping) \(plugins) "$shard" > "$shard.state"
            done
            "$COACHLAB" merge '\(folder.path)'/shard-*.state | "$COACHLAB" report - --format json --expect-shards 4
            """)
        #expect(scaled.status == 0, "\(scaled.stderr)")
        let run = try CLIRun(["run", export, "--mapping", mapping, "--no-cache", "--format", "json"] + Self.plugins)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(!scaled.stdout.isEmpty)
        #expect(scaled.stdout == run.stdout)

        // Without the mapping, the export's headers are not the canonical ones: an error, not
        // an empty state.
        let unmapped = try shell("\"$COACHLAB\" partial --dimensions \(export) \(plugins) '\(folder.path)/shard-aa'")
        #expect(unmapped.status != 0)
        #expect(unmapped.stderr.contains("--mapping"), "\(unmapped.stderr)")
    }

    @Test func aMissingOrDuplicatedShardIsCaught() throws {
        let folder = try shards(3_000)
        let p = folder.path
        let partial = "\"$COACHLAB\" partial --dimensions \(Self.sample) --plugin quota-attainment-by-coaching-quality"
        let made = try shell("for f in '\(p)'/shard-a?; do \(partial) \"$f\" > \"$f.state\"; done")
        #expect(made.status == 0, "\(made.stderr)")

        let missing = try shell("\"$COACHLAB\" merge '\(p)'/shard-aa.state '\(p)'/shard-ab.state '\(p)'/shard-ac.state | \"$COACHLAB\" report - --format json --expect-shards 4")
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("expected 4 shard(s) with rows, the state covers 3"))
        let rows = try shell("\"$COACHLAB\" merge '\(p)'/shard-aa.state '\(p)'/shard-ab.state | \"$COACHLAB\" report - --format json --expect-rows 12000")
        #expect(rows.status != 0)
        #expect(rows.stderr.contains("expected 12000 row(s) of performance.csv, the state covers 6000"))

        let twice = try shell("\"$COACHLAB\" merge '\(p)'/shard-aa.state '\(p)'/shard-ab.state '\(p)'/shard-aa.state")
        #expect(twice.status != 0)
        #expect(twice.stderr.contains("is already in"))
        #expect(twice.stdout.isEmpty)
    }

    @Test func statesThatDoNotBelongTogetherAreRefused() throws {
        let folder = try shards(6_000)
        let p = folder.path
        // Other options.
        let options = try shell("""
            "$COACHLAB" partial --dimensions \(Self.sample) --plugin rep-improvement-over-time '\(p)/shard-aa' > '\(p)/a.state'
            "$COACHLAB" partial --dimensions \(Self.sample) --plugin rep-improvement-over-time --min-periods 4 '\(p)/shard-ab' > '\(p)/b.state'
            "$COACHLAB" merge '\(p)/a.state' '\(p)/b.state'
            """)
        #expect(options.status != 0)
        #expect(options.stderr.contains("ran with options min-managers=5, min-periods=4 there but min-managers=5, min-periods=6"))

        // Other plugins.
        let plugins = try shell("""
            "$COACHLAB" partial --dimensions \(Self.sample) --plugin quota-attainment-by-coaching-quality '\(p)/shard-ab' > '\(p)/c.state'
            "$COACHLAB" merge '\(p)/a.state' '\(p)/c.state'
            """)
        #expect(plugins.status != 0)
        #expect(plugins.stderr.contains("run every shard with the same --plugin list"))

        // Other dimension tables: one more manager.
        let dimensions = TestFiles.temporaryDirectory("dimensions")
        let copy = try shell("""
            cp \(Self.sample)/reps.csv '\(dimensions.path)/'
            cp \(Self.sample)/managers.csv '\(dimensions.path)/'
            echo 'M9999,meets,50' >> '\(dimensions.path)/managers.csv'
            "$COACHLAB" partial --dimensions '\(dimensions.path)' --plugin rep-improvement-over-time --columns rep_id,period,quota,bookings,calls,meetings,opportunities_created,pipeline_value '\(p)/shard-ab' > '\(p)/d.state'
            "$COACHLAB" merge '\(p)/a.state' '\(p)/d.state'
            """)
        #expect(copy.status != 0)
        #expect(copy.stderr.contains("was computed against other dimension tables"))
    }

    @Test func aTruncatedStateIsAnErrorNotLessData() throws {
        let folder = try shards(12_000)
        let p = folder.path
        let run = try shell("""
            "$COACHLAB" partial --dimensions \(Self.sample) \(Self.plugins.joined(separator: " ")) '\(p)/shard-aa' > '\(p)/a.state'
            head -n 100 '\(p)/a.state' > '\(p)/cut.state'
            "$COACHLAB" report '\(p)/cut.state' --format json
            """)
        #expect(run.status != 0)
        #expect(run.stderr.contains("truncated"))
        #expect(run.stdout.isEmpty)

        // Files are decoded at once; the error is the first failing file's, in command-line order.
        let cutFirst = try shell("\"$COACHLAB\" merge '\(p)/cut.state' '\(p)/absent.state'")
        #expect(cutFirst.status != 0)
        #expect(cutFirst.stderr.contains("cut.state") && cutFirst.stderr.contains("truncated"), "\(cutFirst.stderr)")
        #expect(!cutFirst.stderr.contains("absent.state"))
        let absentFirst = try shell("\"$COACHLAB\" merge '\(p)/absent.state' '\(p)/cut.state'")
        #expect(absentFirst.status != 0)
        #expect(absentFirst.stderr.contains("absent.state: cannot be read"), "\(absentFirst.stderr)")
        #expect(!absentFirst.stderr.contains("truncated"))
    }

    @Test func aShardWithoutHeaderNeedsItsColumns() throws {
        let folder = try shards(12_000)
        let dimensions = TestFiles.temporaryDirectory("dimensions")
        let run = try shell("""
            cp \(Self.sample)/reps.csv \(Self.sample)/managers.csv '\(dimensions.path)/'
            "$COACHLAB" partial --dimensions '\(dimensions.path)' --plugin quota-attainment-by-coaching-quality '\(folder.path)/shard-aa'
            """)
        #expect(run.status != 0)
        #expect(run.stderr.contains("pass --columns"))
    }

    @Test func badRowsInAShardAreReportedWithTheShardsOwnLineNumbers() throws {
        let folder = TestFiles.temporaryDirectory("bad-shard")
        // No header: line 2 of the shard as given is the bad one.
        TestFiles.write("R0000001,2023-01,100,90\nR0000001,2023-13,100,90\n", to: "shard.csv", in: folder)
        let run = try CLIRun(["partial", "--dimensions", Self.sample, "--plugin", "quota-attainment-by-coaching-quality",
                              folder.appendingPathComponent("shard.csv").path])
        #expect(run.status != 0)
        #expect(run.stderr.contains("shard.csv:2: column 'period': '2023-13'"), "\(run.stderr)")
    }

    @Test func reportOnAStateRefusesPluginChoices() throws {
        let folder = try shards(12_000)
        let run = try shell("""
            "$COACHLAB" partial --dimensions \(Self.sample) --plugin quota-attainment-by-coaching-quality '\(folder.path)/shard-aa' > '\(folder.path)/a.state'
            "$COACHLAB" report '\(folder.path)/a.state' --format json --plugin rep-improvement-over-time
            """)
        #expect(run.status != 0)
        #expect(run.stderr.contains("a state fixes its plugins and options"))
    }

    @Test func aWholeRepPluginIsRefusedAShardOfOneTable() throws {
        let folder = try shards(12_000)
        // A plugin whose part is whole reps is refused a shard of one table (a plugin that
        // cannot be decomposed at all: ResearcherPluginTests).
        let coverage = try CLIRun(["partial", "--dimensions", Self.sample, "--plugin", "coaching-coverage", folder.appendingPathComponent("shard-aa").path])
        #expect(coverage.status != 0)
        #expect(coverage.stderr.contains("plugin 'coaching-coverage' cannot be computed from a shard of one table"))
    }
}
