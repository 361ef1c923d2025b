import CoachLabTestSupport
import Foundation
import Testing

/// `run --format html` is a report to share as much as `report` is: the same privacy rules
/// by default, and an output path that cannot be written is refused before any computing.
@Suite struct SharedHTMLTests {
    @Test func runInHTMLWithholdsRepLevelDetailAsReportDoes() throws {
        let folder = TestFiles.temporaryDirectory("shared-html")
        let viaRun = folder.appendingPathComponent("run.html").path
        let viaReport = folder.appendingPathComponent("report.html").path
        let run = try CLIRun(["run", "Datasets/sample-org", "--format", "html", "-o", viaRun])
        let report = try CLIRun(["report", "Datasets/sample-org", "-o", viaReport])
        #expect(run.status == 0 && report.status == 0, "\(run.stderr)\(report.stderr)")
        let fromRun = try String(contentsOfFile: viaRun, encoding: .utf8)
        #expect(fromRun == (try String(contentsOfFile: viaReport, encoding: .utf8)))
        #expect(fromRun.contains("Rep-level detail ("))
        #expect(!fromRun.contains("R000001"), "a rep id reached the shared report")

        // Asked for, rep-level detail is kept; pseudonyms replace the ids (managers label the
        // coverage heat map's rows).
        let kept = folder.appendingPathComponent("kept.html").path
        let keep = try CLIRun(["run", "Datasets/sample-org", "--format", "html", "-o", kept, "--min-group-size", "1",
                               "--pseudonymize", "--salt", "k"])
        #expect(keep.status == 0, "\(keep.stderr)")
        let keptText = try String(contentsOfFile: kept, encoding: .utf8)
        #expect(!keptText.contains("Rep-level detail (") && !keptText.contains("R000001") && keptText.contains(">M-"))
    }

    @Test func sharingFlagsNeedHTML() throws {
        for arguments in [["run", "Datasets/sample-org", "--min-group-size", "3"],
                          ["report", "Datasets/sample-org", "--format", "json", "--pseudonymize"]] {
            let run = try CLIRun(arguments)
            #expect(run.status == 64, "\(arguments)")
            #expect(run.stderr.hasPrefix("Error: --min-group-size and --pseudonymize shape an HTML report; add --format html\n"), "\(run.stderr)")
        }
    }

    @Test func anUnwritableOutputIsRefusedBeforeComputing() throws {
        let folder = TestFiles.temporaryDirectory("unwritable-output")
        let cases: [([String], String)] = [
            (["run", "Datasets/sample-org", "--format", "html", "-o", "/nonexistent-coachlab/r.html"],
             "Error: /nonexistent-coachlab/r.html: cannot be written (the folder /nonexistent-coachlab does not exist)\n"),
            (["report", "Datasets/sample-org", "-o", folder.path],
             "Error: \(folder.path): is a folder, not a file to write\n"),
            (["run", "Datasets/sample-org", "--format", "json", "-o", "Datasets/sample-org/reps.csv/out.json"],
             "Error: Datasets/sample-org/reps.csv/out.json: cannot be written (Datasets/sample-org/reps.csv is not a folder)\n"),
        ]
        for (arguments, message) in cases {
            // With step timings on, a load that began would say so on standard error.
            let run = try CLIRun(executable: CLIRun.executable, arguments: arguments, environment: ["COACHLAB_TIMINGS": "1"])
            #expect(run.status == 1, "\(arguments): \(run.stderr)")
            #expect(run.stderr == message, "\(arguments)")
        }
    }

    /// A lenient run's report counts the rows it left out on its first screen.
    @Test func theFirstScreenCountsTheRowsLeftOut() throws {
        let folder = TestFiles.temporaryDirectory("lenient-html")
        let fixture = "Tests/CoachLabCLITests/Fixtures/salesforce-export"
        let path = folder.appendingPathComponent("report.html").path
        let run = try CLIRun(["report", "\(fixture)/export", "--mapping", "\(fixture)/mapping.yaml", "--no-cache",
                              "--on-error", "skip", "--rejects", folder.appendingPathComponent("rejects.csv").path, "-o", path])
        #expect(run.status == 0, "\(run.stderr)")
        let html = try String(contentsOfFile: path, encoding: .utf8)
        #expect(html.contains("<div><dt>Input rows left out</dt><dd>3</dd></div>"))
        #expect(html.contains("3 input rows were left out (--on-error skip): "))
    }
}
