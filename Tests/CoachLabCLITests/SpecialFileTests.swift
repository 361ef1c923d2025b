import CoachLabTestSupport
import Foundation
import Testing

/// Only regular files are read (or standard input, named `-`): a device never ends and a
/// FIFO without a writer blocks forever, so both are refused at once, by name. Each command
/// runs under `timeout`, so that a regression fails instead of hanging the suite.
@Suite(.serialized) struct SpecialFileTests {
    /// Runs `script` with `sh`, `$COACHLAB` naming the binary, from the repository root.
    func shell(_ script: String) throws -> CLIRun {
        try CLIRun(shell: "set -u\n" + script, environment: ["COACHLAB": CLIRun.executable.path])
    }

    @Test func devicesAreRefusedBeforeAnythingIsRead() throws {
        for (command, path) in [("merge", "/dev/zero"), ("report", "/dev/urandom"), ("partial --dimensions Datasets/sample-org --plugin quota-attainment-by-coaching-quality", "/dev/zero")] {
            let run = try shell("timeout 20 \"$COACHLAB\" \(command) \(path)")
            #expect(run.status == 1, "\(command) \(path): \(run.status) \(run.stderr)")
            #expect(run.stderr == "Error: \(path): cannot be read: it is a character device, not a regular file\n", "\(command)")
        }
    }

    /// Standard input is read, but what does not start as a state is refused after the
    /// first read rather than at its end (which `/dev/zero` never reaches).
    @Test func standardInputThatIsNotAStateIsRefusedAtItsFirstBytes() throws {
        for command in ["merge -", "report -"] {
            for source in ["/dev/zero", "/dev/urandom"] {
                let run = try shell("timeout 20 \"$COACHLAB\" \(command) < \(source)")
                #expect(run.status == 1, "\(command) < \(source): \(run.status) \(run.stderr)")
                #expect(run.stderr == "Error: <stdin>: is not a CoachLab state (it should start with '@coachlab-state')\n", "\(command) < \(source)")
            }
        }
    }

    @Test func aFIFOIsRefusedWhereverANameIsRead() throws {
        let folder = TestFiles.temporaryDirectory("fifo")
        let dataset = folder.appendingPathComponent("org").path
        let copy = try shell("mkdir '\(dataset)' && cp Datasets/sample-org/*.csv '\(dataset)/' && rm '\(dataset)/reps.csv' && mkfifo '\(dataset)/reps.csv' '\(folder.path)/state' '\(folder.path)/mapping.yaml'")
        #expect(copy.status == 0, "\(copy.stderr)")
        let refusal = "cannot be read: it is a FIFO (named pipe), not a regular file"
        for (arguments, path) in [
            ("validate '\(dataset)'", "\(dataset)/reps.csv"),
            ("run '\(dataset)' --no-cache", "\(dataset)/reps.csv"),
            ("partial --dimensions '\(dataset)' --plugin quota-attainment-by-coaching-quality Datasets/sample-org/performance.csv", "\(dataset)/reps.csv"),
            ("merge '\(folder.path)/state'", "\(folder.path)/state"),
            ("report '\(folder.path)/state'", "\(folder.path)/state"),
            ("partial --dimensions Datasets/sample-org --plugin quota-attainment-by-coaching-quality '\(folder.path)/state'", "\(folder.path)/state"),
        ] {
            let run = try shell("timeout 20 \"$COACHLAB\" \(arguments)")
            #expect(run.status == 1, "\(arguments): \(run.status) \(run.stderr)")
            #expect(run.stderr == "Error: \(path): \(refusal)\n", "\(arguments)")
        }
        let mapped = try shell("timeout 20 \"$COACHLAB\" validate Datasets/crm-export --no-cache --mapping '\(folder.path)/mapping.yaml'")
        #expect(mapped.status == 1)
        #expect(mapped.stderr.contains("\(folder.path)/mapping.yaml: cannot be read: it is a FIFO (named pipe), not a regular file"), "\(mapped.stderr)")
    }

    /// A FIFO where a cache file goes is no cache: the CSV files are read instead.
    @Test func aFIFOInPlaceOfACacheFileIsNoCache() throws {
        let folder = TestFiles.temporaryDirectory("fifo-cache").path
        let run = try shell("""
            set -e
            cp Datasets/sample-org/*.csv '\(folder)/'
            "$COACHLAB" validate '\(folder)' > /dev/null
            for cache in '\(folder)'/.coachlab-cache/columns-*.cache; do rm "$cache" && mkfifo "$cache"; done
            timeout 20 "$COACHLAB" run '\(folder)' --plugin quota-attainment-by-coaching-quality
            """)
        #expect(run.status == 0, "\(run.status) \(run.stderr)")
        #expect(run.stdout.contains("Quota attainment by coaching quality"))
    }

    /// A folder named with a byte that is not UTF-8 is reported as what it is, not as
    /// "not a dataset folder" (Swift reads arguments as UTF-8, replacing such bytes).
    @Test func aPathThatIsNotUTF8IsNamedAsSuch() throws {
        let folder = TestFiles.temporaryDirectory("bytes").path
        let run = try shell("""
            set -e
            name="$(printf '\(folder)/org\\377x')"
            mkdir "$name" && cp Datasets/sample-org/*.csv "$name/"
            "$COACHLAB" validate "$name" --no-cache
            """)
        #expect(run.status == 1)
        #expect(run.stderr == "Error: argument 2 '\(folder)/org\\xFFx' is not UTF-8 text: coachlab reads its arguments, paths included, as UTF-8; rename the file or folder, or give it through a link whose name is UTF-8\n", "\(run.stderr)")
    }
}
