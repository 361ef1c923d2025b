import CoachLabTestSupport
import Foundation
import Testing

/// The coaching-practice plugins on datasets that lack what they need: a clear line, never
/// a crash or a silent zero.
@Suite(.serialized) struct MissingInputTests {
    static let needsSessions = ["coaching-coverage", "coaching-vs-firefighting", "feedback-latency", "focus-breadth"]
    static let needsAssignments = ["assignment-follow-through", "skill-will-matrix"]

    @Test(arguments: needsSessions + needsAssignments)
    func aPluginWhoseTableIsMissingSaysWhich(id: String) throws {
        let folder = TestFiles.dataset()
        let run = try CLIRun(["run", folder.path, "--no-cache", "--plugin", id])
        #expect(run.status != 0)
        let table = Self.needsAssignments.contains(id) ? "assignments.csv" : "coaching_sessions.csv"
        #expect(run.stderr.contains("no plugin can run on \(folder.path): \(id) needs"), "\(run.stderr)")
        #expect(run.stderr.contains(table))
        #expect(!run.stderr.contains("Fatal error"))
    }

    @Test func runWithoutPluginsSkipsEachWithOneLine() throws {
        let folder = TestFiles.dataset()
        let run = try CLIRun(["run", folder.path, "--no-cache"])
        #expect(run.status == 0, "\(run.stderr)")
        for id in Self.needsSessions + Self.needsAssignments {
            let lines = run.stdout.split(separator: "\n").filter { $0.hasPrefix("Skipped \(id):") }
            #expect(lines.count == 1, "\(id)")
        }
        // The plugins that need only the three required files still run, and say what they lack.
        #expect(run.stdout.contains("Activity to pipeline\n===="))
        #expect(run.stdout.contains("performance.csv has no calls or meetings"))
        #expect(run.stdout.contains("Performance gaps\n===="))
    }

    @Test func sessionsWithoutOptionalColumnsGiveANoteNotAZero() throws {
        let folder = TestFiles.dataset([
            "coaching_sessions.csv": "session_id,rep_id,manager_id,date,duration_min,kind\nS1,R1,M1,2024-01-10,30,ride_along\nS2,R2,M2,2024-02-03,45,coaching\n",
        ])
        for (id, note) in [("feedback-latency", "has no feedback_delay_hours column"), ("focus-breadth", "has no focus_areas column")] {
            let run = try CLIRun(["run", folder.path, "--no-cache", "--plugin", id, "--format", "json"])
            #expect(run.status == 0, "\(id): \(run.stderr)")
            #expect(run.stdout.contains(note), "\(id)")
        }
    }

    @Test func aBadScenarioIsAClearError() throws {
        let run = try CLIRun(["run", "Datasets/sample-org", "--plugin", "activity-to-pipeline", "--scenario", "emails=+10%"])
        #expect(run.status != 0)
        #expect(run.stderr.contains("plugin activity-to-pipeline: scenario: 'emails=+10%' is not ACTIVITY=CHANGE%"), "\(run.stderr)")
        let ok = try CLIRun(["run", "Datasets/sample-org", "--plugin", "activity-to-pipeline", "--scenario", "calls=+100%,meetings=+20%", "--format", "json"])
        #expect(ok.status == 0, "\(ok.stderr)")
        #expect(ok.stdout.contains("\"scenario\": \"calls=+100%,meetings=+20%\""))
    }
}
