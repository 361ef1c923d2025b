import CoachLabTestSupport
import Foundation
import Testing

/// `coachlab split`, then `partial` on each whole-rep part, `merge` in any order and
/// `report`: what `run` prints, byte for byte, for the decomposable plugins.
@Suite(.serialized) struct SplitCommandTests {
    static let sample = "Datasets/sample-org"
    /// The plugins a part of performance.csv alone can feed (the export has no other table).
    static let plugins = "--plugin quota-attainment-by-coaching-quality --plugin rep-improvement-over-time --plugin performance-gaps"
    /// The decomposable plugins the sample org feeds: those that join a rep's sessions or
    /// assignments to its months read them from the same part.
    static let sampleDecomposable = plugins
        + " --plugin coaching-coverage --plugin coaching-vs-firefighting --plugin skill-will-matrix"
        + " --plugin feedback-latency --plugin focus-breadth --plugin assignment-follow-through --plugin activity-to-pipeline"
    /// Every decomposable plugin. program-impact reads programs.csv, which the sample org
    /// lacks: there it takes a rep's first coaching session as the treatment.
    static let everyDecomposable = sampleDecomposable + " --plugin program-impact"

    /// ``everyDecomposable`` with the options `dataset` needs.
    static func everyDecomposable(on dataset: String) -> String {
        everyDecomposable + (dataset == sample ? " --option program-impact.treatment=first-session" : "")
    }

    /// A small generated org with every rep-level table (programs.csv included).
    static let generated: String = {
        let folder = TestFiles.temporaryDirectory("split-cli-org").path + "/org"
        let made = try! CLIRun(["generate", "--reps", "200", "--months", "12", "--program-cohorts", "2", "--program-effect", "0.05", "--out", folder])
        precondition(made.status == 0, made.stderr)
        return folder
    }()

    func shell(_ script: String) throws -> CLIRun {
        try CLIRun(shell: "set -eu\n" + script, environment: ["COACHLAB": CLIRun.executable.path])
    }

    @Test(arguments: [1, 3, 7])
    func partsOfTheSampleOrgReportWhatRunPrints(parts: Int) throws {
        try expectPartsReportWhatRunPrints(Self.sample, parts: parts, rows: 12_000)
    }

    @Test(arguments: [1, 3, 7])
    func partsOfAGeneratedOrgReportWhatRunPrints(parts: Int) throws {
        try expectPartsReportWhatRunPrints(Self.generated, parts: parts, rows: 2_400)
    }

    func expectPartsReportWhatRunPrints(_ dataset: String, parts: Int, rows: Int) throws {
        let out = TestFiles.temporaryDirectory("split-cli").path + "/parts"
        let split = try shell("""
            "$COACHLAB" split '\(dataset)' --parts \(parts) --out '\(out)'
            for part in '\(out)'/part-*; do "$COACHLAB" partial "$part" --dimensions '\(dataset)' \(Self.everyDecomposable(on: dataset)) --threads 1 > "$part.first"; done
            "$COACHLAB" merge '\(out)'/part-*.first > '\(out)/first.state'
            for part in '\(out)'/part-?????; do "$COACHLAB" partial "$part" --dimensions '\(dataset)' --given '\(out)/first.state' --threads 1 > "$part.state"; done
            """)
        #expect(split.status == 0, "\(split.stderr)")
        #expect(split.stderr.contains("performance.csv: \(rows.formatted(.number.grouping(.automatic).locale(Locale(identifier: "en_US")))) rows into \(parts) part"), "\(split.stderr)")
        // The states merged in an order of their own, not the parts'.
        var random = SplitMixGenerator(seed: UInt64(parts))
        let states = (0..<parts).map { "'\(out)/part-\(String(format: "%05d", $0)).state'" }.shuffled(using: &random)
        for format in ["table", "json"] {
            let report = try shell("\"$COACHLAB\" merge \(states.joined(separator: " ")) | \"$COACHLAB\" report - --format \(format) --expect-rows \(rows) --expect-shards \(parts)")
            #expect(report.status == 0, "\(report.stderr)")
            let run = try shell("\"$COACHLAB\" run '\(dataset)' --no-cache --format \(format) \(Self.everyDecomposable(on: dataset))")
            #expect(run.status == 0, "\(run.stderr)")
            #expect(!report.stdout.isEmpty && report.stdout == run.stdout, "\(format), \(parts) parts of \(dataset)")
        }
        // A part's state is the same each time it is computed (its shard id included).
        let again = try shell("\"$COACHLAB\" partial '\(out)/part-00000' --dimensions '\(dataset)' --given '\(out)/first.state' --threads 1 | cmp - '\(out)/part-00000.state'")
        #expect(again.status == 0, "\(again.stdout)\(again.stderr)")
    }

    /// An export read through its mapping, a report footer after its data: the parts keep
    /// the export's file names, the footer is left out and counted, and the states report
    /// what `run --mapping` prints.
    @Test func anExportSplitsThroughItsMapping() throws {
        let export = TestFiles.temporaryDirectory("split-cli-export").path
        let out = TestFiles.temporaryDirectory("split-cli-export-out").path + "/parts"
        let mapping = "Datasets/crm-export/mapping.yaml"
        let report = "\(export)/Quota Attainment Report.csv"
        let scaled = try shell("""
            cp Datasets/crm-export/*.csv '\(export)/'
            printf '"Grand Totals (12000 records)"\\r\\n""\\r\\n"Confidential Information - Do Not Distribute"\\r\\n' >> '\(report)'
            "$COACHLAB" split '\(export)' --mapping \(mapping) --parts 3 --out '\(out)'
            for part in '\(out)'/part-*; do "$COACHLAB" partial "$part" --dimensions '\(export)' --mapping \(mapping) \(Self.plugins) > "$part.state"; done
            "$COACHLAB" merge '\(out)'/part-00002.state '\(out)'/part-00000.state '\(out)'/part-00001.state | "$COACHLAB" report - --format json --expect-rows 12000
            """)
        #expect(scaled.status == 0, "\(scaled.stderr)")
        #expect(scaled.stderr.contains("Quota Attainment Report.csv: 12,000 rows into 3 parts"), "\(scaled.stderr)")
        #expect(scaled.stderr.contains("3 line(s) after the data left out as a report footer (from line 12,002: 'Grand Totals (12000 records)')"), "\(scaled.stderr)")
        let parts = try FileManager.default.contentsOfDirectory(atPath: out + "/part-00000").sorted()
        #expect(parts == ["Quota Attainment Report.csv"])
        let run = try shell("\"$COACHLAB\" run '\(export)' --mapping \(mapping) --no-cache --format json \(Self.plugins)")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(!scaled.stdout.isEmpty && scaled.stdout == run.stdout)
    }

    @Test func anUnknownRepStopsTheSplitNamingFileLineColumnAndValue() throws {
        let copy = TestFiles.temporaryDirectory("split-cli-bad").path
        let out = TestFiles.temporaryDirectory("split-cli-bad-out").path + "/parts"
        let run = try shell("""
            cp \(Self.sample)/*.csv '\(copy)/'
            printf 'R9999999,2024-01,100,90\\n' >> '\(copy)/performance.csv'
            "$COACHLAB" split '\(copy)' --parts 3 --out '\(out)'
            """)
        #expect(run.status != 0)
        #expect(run.stderr.contains("\(copy)/performance.csv:12002: column 'rep_id': 'R9999999' is not in reps.csv"), "\(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    @Test func anOutputFolderInUseAndZeroPartsAreRefused() throws {
        let taken = TestFiles.temporaryDirectory("split-cli-taken")
        TestFiles.write("x", to: "part-00000", in: taken)
        let inUse = try CLIRun(["split", Self.sample, "--parts", "2", "--out", taken.path])
        #expect(inUse.status != 0)
        #expect(inUse.stderr.contains("--out \(taken.path) exists and is not empty"), "\(inUse.stderr)")
        let zero = try CLIRun(["split", Self.sample, "--parts", "0", "--out", taken.path + "/new"])
        #expect(zero.status != 0)
        #expect(zero.stderr.contains("--parts must be from 1 to 100000, not 0"), "\(zero.stderr)")
        let inside = try CLIRun(["split", Self.sample, "--parts", "2", "--out", Self.sample + "/parts"])
        #expect(inside.status != 0 && inside.stderr.contains("is inside the dataset"), "\(inside.stderr)")
    }

    @Test func aPartFolderTakesNoTableOrColumns() throws {
        let out = TestFiles.temporaryDirectory("split-cli-flags").path + "/parts"
        let made = try CLIRun(["split", Self.sample, "--parts", "1", "--out", out])
        #expect(made.status == 0, "\(made.stderr)")
        let run = try CLIRun(["partial", out + "/part-00000", "--dimensions", Self.sample, "--plugin", "rep-improvement-over-time",
                              "--table", "coaching_sessions"])
        #expect(run.status != 0 && run.stderr.contains("is a folder, a whole-rep part"), "\(run.stderr)")
        let notPart = try CLIRun(["partial", out, "--dimensions", Self.sample, "--plugin", "rep-improvement-over-time"])
        #expect(notPart.status != 0 && notPart.stderr.contains("has no performance.csv"), "\(notPart.stderr)")
    }

    /// Without --plugin, `partial` computes every plugin its shard feeds, as `run` runs every
    /// plugin the dataset feeds: the ten decomposable ones from a part of the sample org (in
    /// the registry's order), the four that need only performance.csv from a shard of it.
    @Test func withoutPluginsEveryPluginTheShardFeedsIsComputed() throws {
        let out = TestFiles.temporaryDirectory("split-cli-default").path + "/parts"
        let states = try shell("""
            "$COACHLAB" split '\(Self.sample)' --parts 2 --out '\(out)' 2> /dev/null
            for part in '\(out)'/part-*; do "$COACHLAB" partial "$part" --dimensions '\(Self.sample)' --threads 1 > "$part.first"; done
            "$COACHLAB" merge '\(out)'/part-*.first > '\(out)/first.state'
            for part in '\(out)'/part-?????; do "$COACHLAB" partial "$part" --dimensions '\(Self.sample)' --given '\(out)/first.state' --threads 1 > "$part.state"; done
            "$COACHLAB" merge '\(out)'/part-*.state | "$COACHLAB" report - --format json --expect-shards 2
            """)
        #expect(states.status == 0, "\(states.stderr)")
        let run = try shell("\"$COACHLAB\" run '\(Self.sample)' --no-cache --format json \(Self.sampleDecomposable)")
        let pluginsOf = { (json: String) in json.split(separator: "\n").filter { $0.hasPrefix("      \"plugin\": ") } }
        #expect(pluginsOf(states.stdout).count == 10, "\(pluginsOf(states.stdout))")
        #expect(Set(pluginsOf(states.stdout)) == Set(pluginsOf(run.stdout)))
        let ordered = try shell("\"$COACHLAB\" run '\(Self.sample)' --no-cache --format json " + pluginsOf(states.stdout)
            .map { "--plugin " + $0.split(separator: "\"")[3] }.joined(separator: " "))
        #expect(states.stdout == ordered.stdout)

        let shard = try shell("""
            tail -n +2 '\(Self.sample)/performance.csv' | "$COACHLAB" partial --dimensions '\(Self.sample)' - | grep '^@plugin' | cut -f 2
            """)
        #expect(shard.stdout == "quota-attainment-by-coaching-quality\nrep-improvement-over-time\nactivity-to-pipeline\nperformance-gaps\n", "\(shard.stdout)")
    }
}
