import CoachLabTestSupport
import Foundation
import Testing

/// programs.csv through the command line: `validate` reports it, problems name their
/// place, and a run whose plugins do not read it gives what it gives without the file.
@Suite struct ProgramsCommandTests {
    static let sample = "Datasets/sample-org"

    /// The sample org with a programs.csv.
    static func sampleWithPrograms(_ programs: String) throws -> URL {
        let folder = TestFiles.temporaryDirectory("sample-with-programs")
        let source = TestFiles.repositoryRoot.appendingPathComponent(sample)
        for name in ["managers.csv", "reps.csv", "performance.csv", "coaching_sessions.csv", "assignments.csv"] {
            try FileManager.default.copyItem(at: source.appendingPathComponent(name), to: folder.appendingPathComponent(name))
        }
        TestFiles.write(programs, to: "programs.csv", in: folder)
        return folder
    }

    static let programs = "rep_id,program,start_period,note\nR0000001,Pilot,2023-04,x\nR0000002,Pilot,2023-05,\nR0000001,Accelerate,2023-09,\n"

    @Test func validateReportsThePrograms() throws {
        let folder = try Self.sampleWithPrograms(Self.programs)
        let run = try CLIRun(["validate", folder.path, "--no-cache"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("\n  programs.csv                3 rows   columns: rep_id, program, start_period\n"
            + "      ignored (not in the canonical schema): note\n"), "\(run.stdout)")
        #expect(run.stdout.contains("\n  programs: 2 (Accelerate, Pilot), 2 reps enrolled, starting 2023-04 to 2023-09\n"), "\(run.stdout)")
        // Without the file, not a word of programs.
        let without = try CLIRun(["validate", Self.sample, "--no-cache"])
        #expect(without.status == 0 && !without.stdout.contains("programs"))
    }

    @Test func validateListsTheProblemsOfProgramsAndSkipsTheirRows() throws {
        let folder = try Self.sampleWithPrograms(Self.programs + "R0000009,Accelerate,2023-13,\nR9999999,Pilot,2023-01,\nR0000002,Pilot,2023-06,\n")
        let strict = try CLIRun(["validate", folder.path, "--no-cache"])
        #expect(strict.status == 1)
        let file = folder.path + "/programs.csv"
        #expect(strict.stderr == """
            Error: 3 problems in the input:
              \(file):5: column 'start_period': '2023-13' is not a month (expected YYYY-MM)
              \(file):6: column 'rep_id': 'R9999999' is not in reps.csv
              \(file):7: column 'program': 'Pilot' repeats line 3 for rep R0000002; (rep_id, program) must be unique

            """)
        let rejects = folder.appendingPathComponent("rejects.csv").path
        let lenient = try CLIRun(["validate", folder.path, "--no-cache", "--on-error", "skip", "--rejects", rejects])
        #expect(lenient.status == 0, "\(lenient.stderr)")
        #expect(lenient.stdout.contains("""
            Left out (--on-error skip): 3 row(s), written to \(rejects)
              1  not a period (not_a_period)
              1  an id not found in the table it refers to (unknown_reference)
              1  a duplicate id (duplicate_id)
            """), "\(lenient.stdout)")
        #expect(lenient.stdout.contains("  programs.csv                3 rows"))
    }

    /// Plugins that do not read programs.csv are not fed it: their results are those of the
    /// dataset without the file, to the byte (a broken programs.csv does not stop them).
    @Test func aRunThatDoesNotNeedProgramsIgnoresThem() throws {
        let folder = try Self.sampleWithPrograms("rep_id,program,start_period\nR9999999,Pilot,someday\n")
        let plugins = ["quota-attainment-by-coaching-quality", "assignment-follow-through"].flatMap { ["--plugin", $0] }
        let with = try CLIRun(["run", folder.path, "--format", "json", "--no-cache"] + plugins)
        let without = try CLIRun(["run", Self.sample, "--format", "json", "--no-cache"] + plugins)
        #expect(with.status == 0, "\(with.stderr)")
        #expect(with.stdout.replacingOccurrences(of: folder.path, with: Self.sample) == without.stdout)
    }

    /// `treatment=first-session` changes what program-impact needs: coaching_sessions.csv in
    /// place of programs.csv, as `plugins` lists and `run` checks.
    @Test func firstSessionTreatmentNeedsSessionsInsteadOfPrograms() throws {
        let listed = try CLIRun(["plugins"])
        #expect(listed.stdout.contains("  with --option treatment=first-session, needs: managers.csv, reps.csv, performance.csv, coaching_sessions.csv\n"), "\(listed.stdout)")
        let skipped = try CLIRun(["run", Self.sample, "--plugin", "program-impact", "--no-cache"])
        #expect(skipped.status != 0 && skipped.stderr.contains("program-impact needs programs.csv"), "\(skipped.stderr)")
        let run = try CLIRun(["run", Self.sample, "--plugin", "program-impact", "--option", "treatment=first-session", "--format", "json", "--no-cache"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("\"treatment\": \"first-session\""), "\(run.stdout.prefix(2000))")
    }
}
