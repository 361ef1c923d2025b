import CoachLabTestSupport
import Foundation
import Testing

/// The options this session's work added to the command line, as a user drives them: the
/// generator's plants (a rollout, selection without effect, no tier effects) and their checks,
/// and `--min-managers`, the shorthand of `--option min-managers=N`.
@Suite struct SessionOptionsTests {
    static let sample = "Datasets/sample-org"

    @Test func aRolloutIsWrittenAndItsOptionsAreChecked() throws {
        let folder = TestFiles.temporaryDirectory("rollout")
        let run = try CLIRun(["generate", "--reps", "100", "--months", "12", "--program-cohorts", "2",
                              "--program-effect", "0.05", "--program-dynamics", "grow", "--out", folder.path])
        #expect(run.status == 0, "\(run.stderr)")
        let programs = try String(contentsOf: folder.appendingPathComponent("programs.csv"), encoding: .utf8)
        let lines = programs.split(separator: "\n")
        #expect(lines.first == "rep_id,program,start_period")
        // Two cohorts of a third of the managers each, starting at months 4 and 8.
        #expect(Set(lines.dropFirst().map { $0.split(separator: ",")[2] }) == ["2023-05", "2023-09"])

        let orphan = try CLIRun(["generate", "--reps", "100", "--program-effect", "0.05", "--out", folder.path])
        #expect(orphan.status == 64)
        #expect(orphan.stderr.contains("--program-effect, --program-dynamics and --program-selection need --program-cohorts"))
        let unknown = try CLIRun(["generate", "--reps", "100", "--program-cohorts", "2", "--program-selection", "best", "--out", folder.path])
        #expect(unknown.status == 64 && unknown.stderr.contains("random"))
        let miss = try CLIRun(["generate", "--reps", "100", "--feedback-after-miss", "2", "--out", folder.path])
        #expect(miss.status == 64 && miss.stderr.contains("--feedback-after-miss must be between -1 and 1"))
    }

    /// No tier effects: every tier attains at the same planted rate, so the headline's
    /// difference is near zero where the default org plants 10.3 points.
    @Test func noTierEffectsPlantsNoTierDifference() throws {
        let folder = TestFiles.temporaryDirectory("null-org")
        let generate = try CLIRun(["generate", "--reps", "2000", "--months", "12", "--no-tier-effects", "--no-coaching-tables", "--out", folder.path])
        #expect(generate.status == 0, "\(generate.stderr)")
        let run = try CLIRun(["run", folder.path, "--plugin", "quota-attainment-by-coaching-quality", "--format", "json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let summary = try #require(((object["results"] as? [[String: Any]])?.first)?["summary"] as? [String: Any])
        let difference = try #require((summary["rate_difference"] as? NSNumber)?.doubleValue)
        #expect(abs(difference) < 0.03, "rate difference \(difference)")
    }

    @Test func minManagersShorthandReachesEveryPluginThatTakesIt() throws {
        let run = try CLIRun(["run", Self.sample, "--plugin", "quota-attainment-by-coaching-quality", "--plugin", "focus-breadth",
                              "--min-managers", "9", "--format", "json"])
        #expect(run.status == 0, "\(run.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let results = try #require(object["results"] as? [[String: Any]])
        for result in results {
            let summary = try #require(result["summary"] as? [String: Any])
            #expect((summary["min_managers"] as? NSNumber)?.intValue == 9, "\(result["plugin"] ?? "")")
        }
        // Eight needs_improvement managers: the rate difference's interval is now null.
        let headline = try #require(results.first?["summary"] as? [String: Any])
        #expect(headline["rate_difference_ci_low"] is NSNull)
        let bad = try CLIRun(["run", Self.sample, "--min-managers", "1"])
        #expect(bad.status != 0 && bad.stderr.contains("min-managers"))
    }
}
