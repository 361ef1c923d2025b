import CoachLabIngestion
import CoachLabGenerator
import Foundation

/// The synthetic orgs the benchmarks read, generated once per machine and size.
public enum BenchmarkOrg {
    /// 20,000 reps × 24 months: 480,000 rep-months, about 26 MB of performance.csv.
    /// `COACHLAB_BENCH_REPS` raises it for a longer run.
    public static let folder: String = {
        let reps = ProcessInfo.processInfo.environment["COACHLAB_BENCH_REPS"].flatMap(Int.init) ?? 20_000
        let folder = NSTemporaryDirectory() + "coachlab-benchmarks/org-\(reps)x24"
        if !FileManager.default.fileExists(atPath: folder + "/performance.csv") {
            _ = try! OrgGenerator(reps: reps, months: 24, seed: 20_240_611, includeCoachingTables: false).write(to: folder)
        }
        return folder
    }()

    /// The same org with coaching_sessions.csv, assignments.csv and programs.csv
    /// (performance.csv is identical), for the coaching-practice plugins and program-impact.
    public static let coachingFolder: String = {
        let reps = ProcessInfo.processInfo.environment["COACHLAB_BENCH_REPS"].flatMap(Int.init) ?? 20_000
        let folder = NSTemporaryDirectory() + "coachlab-benchmarks/org-\(reps)x24-coaching-programs"
        if !FileManager.default.fileExists(atPath: folder + "/programs.csv") {
            // A rollout in three cohorts with no effect, for program-impact: performance.csv
            // stays byte-identical to the org without it.
            var model = OrgModel()
            model.program = ProgramRollout(cohorts: 3, effect: 0)
            _ = try! OrgGenerator(reps: reps, months: 24, seed: 20_240_611, model: model, includeCoachingTables: true).write(to: folder)
        }
        return folder
    }()

    /// The org loaded from CSV, for kernel benchmarks.
    public static let loaded: LoadedDataset = try! DatasetLoader(columns: .all).load(folder: folder)

    /// The org with its coaching tables, loaded from CSV.
    public static let loadedWithCoaching: LoadedDataset = try! DatasetLoader(columns: .all).load(folder: coachingFolder)

    public static var rows: Int { loaded.dataset.performance.count }
}
