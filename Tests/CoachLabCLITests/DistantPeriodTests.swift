import CoachLabTestSupport
import Foundation
import Testing

/// A period typo (`0224-01` for `2024-01`) or placeholder (`9999-12`) stops `validate` and
/// `run` at its line, before any plugin sizes a table by the calendar, unless
/// `--allow-periods` says it is meant.
@Suite(.serialized) struct DistantPeriodTests {
    static let performance = "rep_id,period,quota,bookings\nR1,2024-01,100,120\nR2,2024-01,100,80\nR1,0224-02,100,90\nR2,2024-02,100,110\nR2,9999-12,100,110\n"

    @Test func aDistantPeriodStopsValidateAndRunAtItsLine() throws {
        let folder = TestFiles.dataset(["performance.csv": Self.performance])
        let file = folder.appendingPathComponent("performance.csv").path
        for arguments in [["validate", folder.path], ["run", folder.path, "--plugin", "quota-attainment-by-coaching-quality"]] {
            let run = try CLIRun(arguments + ["--no-cache"])
            #expect(run.status == 1, "\(arguments): \(run.stderr)")
            #expect(run.stderr == """
                Error: 2 problems in the input:
                  \(file):4: column 'period': '0224-02' is far outside the other periods (2024-01 to 2024-02): a typo? Fix it, or pass --allow-periods to use it
                  \(file):6: column 'period': '9999-12' is far outside the other periods (2024-01 to 2024-02): a typo? Fix it, or pass --allow-periods to use it

                """, "\(arguments)")
            #expect(run.stdout.isEmpty)
        }
    }

    @Test func allowedDistantPeriodsAreUsedAndNamed() throws {
        let folder = TestFiles.dataset(["performance.csv": Self.performance])
        let validate = try CLIRun(["validate", folder.path, "--no-cache", "--allow-periods"])
        #expect(validate.status == 0, "\(validate.stderr)")
        #expect(validate.stdout.contains("  periods: 0224-02 to 9999-12\n"))
        #expect(validate.stdout.contains("  periods far outside the rest, used (--allow-periods): 0224-02 (1 row(s)), 9999-12 (1 row(s))\n"), "\(validate.stdout)")
        // A cache written with them allowed is not a way around the check.
        let cached = try CLIRun(["validate", folder.path, "--allow-periods"])
        #expect(cached.status == 0)
        let strict = try CLIRun(["validate", folder.path])
        #expect(strict.status == 1)
        #expect(strict.stderr.contains("'0224-02' is far outside the other periods"), "\(strict.stderr)")
    }
}
