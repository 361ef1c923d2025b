import CoachLabTestSupport
import Foundation
import Testing

/// Input text — ids, tiers, headers, a state's dataset name — reaches the terminal only
/// escaped: no escape sequence, bell or forged line from the data, and a huge header is
/// cut with its length stated, not printed once per missing column.
@Suite(.serialized) struct TerminalInjectionTests {
    /// Whether `text` holds a control character other than the line breaks of its own lines.
    static func holdsControls(_ text: String) -> Bool {
        text.unicodeScalars.contains { ($0.value < 0x20 && $0 != "\n") || (0x7F...0x9F).contains($0.value) || $0.value == 0x202E }
    }

    @Test func idsTiersAndHeadersInProblemsAreEscaped() throws {
        let folder = TestFiles.dataset([
            "managers.csv": "manager_id,coaching_quality\nM1,exceeds\n\"M2\nDataset forged: usable\",needs_improvement\nM3,\"superb\u{1B}]0;owned\u{07}\"\n",
            "reps.csv": "rep_id,manager_id\nR1,M1\nR2,\"M\u{1B}[2J\u{202E}9\"\n",
            "performance.csv": "rep_id,period,quota,bookings,\"x\u{1B}[31m\"\nR1,2024-01,100,120,1\nR2,2024-01,100,80,1\n",
        ])
        let run = try CLIRun(["validate", folder.path, "--no-cache"])
        #expect(run.status == 1)
        #expect(!Self.holdsControls(run.stderr), "\(run.stderr.debugDescription)")
        #expect(!run.stderr.split(separator: "\n").contains { $0.hasPrefix("Dataset") }, "\(run.stderr)")
        #expect(run.stderr.contains("'superb\\x1B]0;owned\\x07' is not a coaching tier"), "\(run.stderr)")
        #expect(run.stderr.contains("'M\\x1B[2J\\u{202E}9'"), "\(run.stderr)")
        #expect(run.stdout.isEmpty)
    }

    @Test func aHugeHeaderNameIsCutAndListedOnce() throws {
        let huge = String(repeating: "h", count: 1 << 20)
        let folder = TestFiles.dataset(["performance.csv": "\(huge),period\nR1,2024-01\n"])
        let run = try CLIRun(["validate", folder.path, "--no-cache"])
        #expect(run.status == 1)
        // Three required columns are missing (rep_id, quota, bookings): the header once.
        #expect(run.stderr.utf8.count < 2_000, "\(run.stderr.utf8.count) bytes")
        #expect(run.stderr.contains("'" + String(repeating: "h", count: 60) + "… (1048576 bytes)', 'period'"), "\(run.stderr.prefix(500))")
        #expect(run.stderr.components(separatedBy: "the header has").count == 2)
        #expect(run.stderr.contains("required column is missing (the header is listed above)"))
    }

    /// A state's dataset name is input too: `report` prints it escaped.
    @Test func aStatesDatasetNameIsEscapedInTheReport() throws {
        let state = TestFiles.temporaryDirectory("forged-name").appendingPathComponent("s.state").path
        let made = try CLIRun(["partial", "--dimensions", "Datasets/sample-org", "--plugin", "quota-attainment-by-coaching-quality",
                               "--dataset-name", "org\u{1B}[2J\u{07}", "-o", state, "Datasets/sample-org/performance.csv"])
        #expect(made.status == 0, "\(made.stderr)")
        let report = try CLIRun(["report", state, "--format", "table"])
        #expect(report.status == 0, "\(report.stderr)")
        #expect(report.stdout.hasPrefix("CoachLab results for org\\x1B[2J\\x07\n"))
        #expect(!Self.holdsControls(report.stdout))
    }

    /// Damaged state text in an error (a record's name, a field) is escaped and cut.
    @Test func stateTextInErrorsIsEscapedAndCut() throws {
        let folder = TestFiles.temporaryDirectory("forged-state")
        let record = "rep\u{1B}]0;x\u{07}" + String(repeating: "r", count: 100_000)
        let text = "@coachlab-state\t2\n@dataset\td\n@dimensions\t00000000000000ff\t1\t1\n"
            + "@plugin\tquota-attainment-by-coaching-quality\t1\tmin-managers=5\n\(record)\n@end-plugin\n@end\t6\n"
        let path = TestFiles.write(text, to: "s.state", in: folder).path
        let run = try CLIRun(["report", path, "--format", "json"])
        #expect(run.status == 1)
        #expect(!Self.holdsControls(run.stderr), "\(run.stderr.debugDescription)")
        #expect(run.stderr.contains("found a 'rep\\x1B]0;x\\x07rrrrr"), "\(run.stderr.prefix(300))")
        #expect(run.stderr.utf8.count < 1_000, "\(run.stderr.utf8.count) bytes")
    }

    /// What the user typed comes back escaped too: a plugin id, an option, a path.
    @Test func commandLineValuesInErrorsAreEscaped() throws {
        let runs = [
            try CLIRun(["run", "Datasets/sample-org", "--plugin", "x\u{1B}]0;owned\u{07}"]),
            try CLIRun(["run", "Datasets/sample-org", "--option", "no\u{1B}[2Jpe=1"]),
            try CLIRun(["validate", "Datasets/sample-org", "--rejects", "/nonexistent\u{1B}[31m/r.csv", "--on-error", "skip"]),
        ]
        for run in runs {
            #expect(run.status != 0)
            #expect(!run.stderr.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 }, "\(run.stderr)")
        }
        #expect(runs[0].stderr.contains("unknown plugin 'x\\x1B]0;owned\\x07'"), "\(runs[0].stderr)")
    }
}
