import CoachLabTestSupport
import Foundation
import Testing

/// An output (`-o`, `--rejects`) that names an input file — by its own path, a hard link or
/// a symbolic link — is refused before anything is computed, and the input is left as it was.
@Suite(.serialized) struct OutputPathTests {
    /// A copy of the sample org, a state of it, and a hard and a symbolic link to its files.
    struct Scratch {
        let folder: URL
        var dataset: String { folder.appendingPathComponent("org").path }
        var state: String { folder.appendingPathComponent("org.state").path }
        var hardLink: String { folder.appendingPathComponent("hard.csv").path }
        var symbolicLink: String { folder.appendingPathComponent("soft.csv").path }

        init() throws {
            folder = TestFiles.temporaryDirectory("outputs")
            let setup = try CLIRun(shell: """
                set -e
                mkdir '\(folder.path)/org' && cp Datasets/sample-org/*.csv '\(folder.path)/org/'
                ln '\(folder.path)/org/performance.csv' '\(folder.path)/hard.csv'
                ln -s '\(folder.path)/org/reps.csv' '\(folder.path)/soft.csv'
                "$COACHLAB" partial --dimensions '\(folder.path)/org' --plugin quota-attainment-by-coaching-quality '\(folder.path)/org/performance.csv' > '\(folder.path)/org.state'
                """, environment: ["COACHLAB": CLIRun.executable.path])
            #expect(setup.status == 0, "\(setup.stderr)")
        }

        /// Every input's bytes, to check nothing was replaced.
        func contents() throws -> [Data] {
            try ["managers.csv", "reps.csv", "performance.csv"].map { try Data(contentsOf: URL(fileURLWithPath: dataset + "/" + $0)) }
                + [try Data(contentsOf: URL(fileURLWithPath: state))]
        }
    }

    @Test func anOutputNamingAnInputIsRefusedBeforeComputing() throws {
        let scratch = try Scratch()
        let (org, state) = (scratch.dataset, scratch.state)
        let before = try scratch.contents()
        let cases: [([String], String)] = [
            (["run", org, "--no-cache", "-o", "\(org)/performance.csv"], "--output \(org)/performance.csv is an input of this command"),
            (["run", org, "--no-cache", "--output", scratch.hardLink], "--output \(scratch.hardLink) is an input of this command (it is \(org)/performance.csv)"),
            (["run", org, "--no-cache", "--on-error", "skip", "--rejects", scratch.symbolicLink], "--rejects \(scratch.symbolicLink) is an input of this command (it is \(org)/reps.csv)"),
            (["validate", org, "--no-cache", "--on-error", "skip", "--rejects", "\(org)/managers.csv"], "--rejects \(org)/managers.csv is an input of this command"),
            (["report", org, "--no-cache", "--format", "json", "-o", "\(org)/reps.csv"], "--output \(org)/reps.csv is an input of this command"),
            (["report", state, "--format", "json", "-o", state], "--output \(state) is an input of this command"),
            (["merge", state, "-o", state], "--output \(state) is an input of this command"),
            (["partial", "--dimensions", org, "--plugin", "quota-attainment-by-coaching-quality", "\(org)/performance.csv", "-o", "\(org)/managers.csv"],
             "--output \(org)/managers.csv is an input of this command"),
            (["mapping", "init", org, "--force", "-o", "\(org)/reps.csv"], "--output \(org)/reps.csv is an input of this command"),
        ]
        for (arguments, message) in cases {
            let run = try CLIRun(arguments)
            #expect(run.status == 1, "\(arguments): \(run.stderr)")
            #expect(run.stderr == "Error: \(message); writing it would replace the input: choose another path\n", "\(arguments)")
            #expect(run.stdout.isEmpty)
        }
        #expect(try scratch.contents() == before)
    }

    /// A path that merely shares a name, or a new file, is written as before.
    @Test func otherOutputsAreWritten() throws {
        let scratch = try Scratch()
        let output = scratch.folder.appendingPathComponent("performance.csv").path
        let run = try CLIRun(["run", scratch.dataset, "--no-cache", "--plugin", "quota-attainment-by-coaching-quality", "-o", output])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(FileManager.default.fileExists(atPath: output))
    }
}
