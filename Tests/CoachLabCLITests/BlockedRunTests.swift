import CoachLabTestSupport
import Foundation
import Testing

/// `coachlab run --blocks N`: every plugin computed over whole-rep blocks, one loaded at a
/// time, prints what `run` prints, byte for byte; what it cannot honour is refused; its
/// temporary folder is gone afterwards, whether it succeeded or failed.
@Suite(.serialized) struct BlockedRunTests {
    static let sample = "Datasets/sample-org"

    /// A small generated org with every rep-level table (programs.csv included).
    static let generated: String = {
        let folder = TestFiles.temporaryDirectory("blocks-cli-org").path + "/org"
        let made = try! CLIRun(["generate", "--reps", "200", "--months", "12", "--program-cohorts", "2", "--program-effect", "0.05", "--out", folder])
        precondition(made.status == 0, made.stderr)
        return folder
    }()

    /// `arguments` run with a temporary folder of their own as `$TMPDIR`, which is
    /// returned with the run for checking that nothing is left in it.
    func run(_ arguments: [String], environment: [String: String] = [:]) throws -> (CLIRun, URL) {
        let temporary = TestFiles.temporaryDirectory("blocks-cli-tmp")
        let run = try CLIRun(
            executable: CLIRun.executable, arguments: arguments,
            environment: environment.merging(["TMPDIR": temporary.path]) { $1 })
        return (run, temporary)
    }

    func expectEmpty(_ folder: URL) throws {
        let left = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        #expect(left.isEmpty, "left in $TMPDIR: \(left)")
    }

    @Test(arguments: [1, 3, 7])
    func blocksOfTheSampleOrgPrintWhatRunPrints(blocks: Int) throws {
        try expectBlocksPrintWhatRunPrints(Self.sample, blocks: blocks)
    }

    @Test(arguments: [1, 3, 7])
    func blocksOfAGeneratedOrgWithProgramsPrintWhatRunPrints(blocks: Int) throws {
        try expectBlocksPrintWhatRunPrints(Self.generated, blocks: blocks)
    }

    func expectBlocksPrintWhatRunPrints(_ dataset: String, blocks: Int) throws {
        for format in ["table", "json"] {
            let whole = try CLIRun(["run", dataset, "--no-cache", "--format", format])
            #expect(whole.status == 0, "\(whole.stderr)")
            let (blocked, temporary) = try run(["run", dataset, "--no-cache", "--format", format, "--blocks", String(blocks)])
            #expect(blocked.status == 0, "\(blocked.stderr)")
            #expect(!blocked.stdout.isEmpty && blocked.stdout == whole.stdout, "\(format), \(blocks) blocks of \(dataset)")
            try expectEmpty(temporary)
        }
    }

    /// Every plugin ran: all eleven on the generated org; on the sample org ten, and
    /// program-impact skipped for want of programs.csv with the reason `run` gives.
    @Test func everyPluginRunsInBlocks() throws {
        let (sample, _) = try run(["run", Self.sample, "--format", "json", "--blocks", "2"])
        let (generated, _) = try run(["run", Self.generated, "--format", "json", "--blocks", "2"])
        let plugins = { (json: String) in json.split(separator: "\n").filter { $0.hasPrefix("      \"plugin\": ") }.count }
        #expect(plugins(generated.stdout) == 11, "\(generated.stderr)")
        #expect(!generated.stdout.contains("\"skipped\""))
        #expect(plugins(sample.stdout) == 11, "\(sample.stderr)")
        #expect(sample.stdout.contains("\"reason\": \"needs programs.csv, which the dataset does not have\""), "\(sample.stdout.suffix(2000))")
    }

    @Test func reportOnADatasetFolderTakesBlocksToo() throws {
        let whole = try CLIRun(["report", Self.sample, "--no-cache", "--format", "json"])
        let (blocked, temporary) = try run(["report", Self.sample, "--format", "json", "--blocks", "4"])
        #expect(blocked.status == 0, "\(blocked.stderr)")
        #expect(!blocked.stdout.isEmpty && blocked.stdout == whole.stdout)
        try expectEmpty(temporary)
    }

    /// The first run of some blocks keeps each in the column cache; the next run of as many
    /// blocks reads every one from there, splits nothing, and prints the same. A block file
    /// that is damaged, missing or of files since changed is never read: the run starts
    /// again from the CSV files.
    @Test func aSecondRunReadsEveryBlockFromTheCache() throws {
        let copy = TestFiles.temporaryDirectory("blocks-cli-cached").path
        let cacheFolder = TestFiles.temporaryDirectory("blocks-cli-cache").path
        #expect(try CLIRun(shell: "cp \(Self.generated)/*.csv '\(copy)/'").status == 0)
        let blocked = ["run", copy, "--format", "json", "--blocks", "3", "--cache-dir", cacheFolder]
        let timed = ["COACHLAB_TIMINGS": "1"]
        func expectSplit(_ splits: Bool, _ why: String) throws {
            let whole = try CLIRun(["run", copy, "--no-cache", "--format", "json"])
            let (run, temporary) = try run(blocked, environment: timed)
            #expect(run.status == 0, "\(run.stderr)")
            #expect(!run.stdout.isEmpty && run.stdout == whole.stdout, "\(why)")
            #expect(run.stderr.contains("[timing] split:") == splits, "\(why): \(run.stderr)")
            try expectEmpty(temporary)
        }
        try expectSplit(true, "the first run")
        let blockFiles = { try FileManager.default.subpathsOfDirectory(atPath: cacheFolder).filter { $0.hasSuffix(".cache") }.sorted() }
        #expect(try blockFiles().count == 3)
        try expectSplit(false, "the second run")

        let damaged = try CLIRun(shell: "f='\(cacheFolder)/\(try blockFiles()[1])'; printf 'X' | dd of=\"$f\" bs=1 seek=$(( $(stat -c %s \"$f\") / 2 )) conv=notrunc 2>/dev/null")
        #expect(damaged.status == 0)
        try expectSplit(true, "a damaged block")
        try expectSplit(false, "the run after it")

        #expect(try CLIRun(shell: "rm '\(cacheFolder)/\(try blockFiles()[2])'").status == 0)
        try expectSplit(true, "a missing block")

        // A rep-month fewer, of a rep in the last block: no block of the files before counts.
        #expect(try CLIRun(shell: "sed -i '$d' '\(copy)/performance.csv'").status == 0)
        try expectSplit(true, "an edited performance.csv")
        try expectSplit(false, "the run after the edit")
        let (more, _) = try run(["run", copy, "--format", "json", "--blocks", "4", "--cache-dir", cacheFolder], environment: timed)
        #expect(more.stderr.contains("[timing] split:"), "another number of blocks is other blocks")
    }

    @Test(arguments: [
        (["--where", "region=EMEA"], "--blocks cannot be combined with --where, --from or --to"),
        (["--from", "2024-01"], "--blocks cannot be combined with --where, --from or --to"),
        (["--by", "region"], "--blocks cannot be combined with --by"),
        (["--on-error", "skip", "--rejects", "/tmp/blocks-cli-rejects.csv"], "--blocks cannot be combined with --on-error skip"),
    ])
    func optionsThatNeedTheWholeOrgAreRefused(options: [String], message: String) throws {
        let (refused, temporary) = try run(["run", Self.sample, "--blocks", "3"] + options)
        #expect(refused.status != 0)
        #expect(refused.stderr.contains(message), "\(refused.stderr)")
        #expect(refused.stdout.isEmpty)
        try expectEmpty(temporary)
    }

    @Test func aNumberOfBlocksOutOfRangeAndAStateAreRefused() throws {
        let (zero, _) = try run(["run", Self.sample, "--blocks", "0"])
        #expect(zero.status != 0 && zero.stderr.contains("--blocks must be from 1 to 100000, not 0"), "\(zero.stderr)")
        let folder = TestFiles.temporaryDirectory("blocks-cli-state")
        let state = folder.path + "/sample.state"
        let made = try CLIRun(shell: "tail -n +2 \(Self.sample)/performance.csv | \"$COACHLAB\" partial --dimensions \(Self.sample) --plugin rep-improvement-over-time -o '\(state)'",
                              environment: ["COACHLAB": CLIRun.executable.path])
        #expect(made.status == 0, "\(made.stderr)")
        let (onState, _) = try run(["report", state, "--format", "json", "--blocks", "2"])
        #expect(onState.status != 0 && onState.stderr.contains("--blocks computes a dataset folder in blocks"), "\(onState.stderr)")
    }

    /// A bad row stops the run with its file, column and value, and the block's copies of
    /// the rows are removed.
    @Test func aBadRowStopsTheRunAndLeavesNoTemporaryFiles() throws {
        let copy = TestFiles.temporaryDirectory("blocks-cli-bad").path
        let unknownRep = try CLIRun(shell: """
            cp \(Self.sample)/*.csv '\(copy)/'
            printf 'R9999999,2024-01,100,90\\n' >> '\(copy)/performance.csv'
            """)
        #expect(unknownRep.status == 0)
        let (split, splitTemporary) = try run(["run", copy, "--blocks", "3"])
        #expect(split.status != 0)
        #expect(split.stderr.contains("\(copy)/performance.csv:12002: column 'rep_id': 'R9999999' is not in reps.csv"), "\(split.stderr)")
        try expectEmpty(splitTemporary)

        let badQuota = try CLIRun(shell: """
            cp \(Self.sample)/*.csv '\(copy)/'
            printf 'R0000001,2022-12,lots,90,1,1,1,1\\n' >> '\(copy)/performance.csv'
            """)
        #expect(badQuota.status == 0)
        let (block, blockTemporary) = try run(["run", copy, "--blocks", "3"])
        #expect(block.status != 0)
        #expect(block.stderr.contains("of 3 (line numbers count the lines of the block's rows"), "\(block.stderr)")
        #expect(block.stderr.contains("\(copy)/performance.csv:"), "\(block.stderr)")
        #expect(block.stderr.contains("'lots'"), "\(block.stderr)")
        try expectEmpty(blockTemporary)
    }
}
