import CoachLabData
import CoachLabIngestion
import CoachLabGenerator
import CoachLabTestSupport
import Foundation
import Testing
import CoachLabSystem

@Suite struct GeneratorTests {
    func files(_ folder: URL) throws -> [String: Data] {
        var result: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) {
            result[name] = try Data(contentsOf: folder.appendingPathComponent(name))
        }
        return result
    }

    @Test func sameSeedSameBytesOtherSeedOtherBytes() throws {
        let a = TestFiles.temporaryDirectory(), b = TestFiles.temporaryDirectory(), c = TestFiles.temporaryDirectory()
        _ = try OrgGenerator(reps: 120, months: 6, seed: 5).write(to: a.path)
        _ = try OrgGenerator(reps: 120, months: 6, seed: 5).write(to: b.path)
        _ = try OrgGenerator(reps: 120, months: 6, seed: 6).write(to: c.path)
        let first = try files(a)
        #expect(first.keys.sorted() == ["assignments.csv", "coaching_sessions.csv", "managers.csv", "performance.csv", "reps.csv"])
        #expect(first == (try files(b)))
        #expect(first["performance.csv"] != (try files(c))["performance.csv"])
    }

    /// A full disk is an error naming the file and why, and leaves neither the file nor its
    /// temporary behind (fwrite's failures were ignored: a cut-off performance.csv passed for
    /// a whole one). assignments.csv is written alongside coaching_sessions.csv: when the
    /// sessions fail, its temporary goes too.
    @Test(arguments: [
        ("performance.csv", ["performance.csv"]),
        ("coaching_sessions.csv", ["coaching_sessions.csv", "assignments.csv"]),
    ])
    func aWriteThatFailsIsReportedAndLeavesNothingBehind(failing: String, gone: [String]) throws {
        let folder = TestFiles.temporaryDirectory()
        try FileManager.default.createSymbolicLink(
            atPath: WholeFileWrites.temporaryPath(for: folder.appendingPathComponent(failing).path),
            withDestinationPath: "/dev/full")
        #expect {
            _ = try OrgGenerator(reps: 50, months: 3, seed: 1).write(to: folder.path)
        } throws: { error in
            "\(error)".contains("\(failing): cannot be written (No space left on device)")
        }
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        #expect(!names.contains { name in gone.contains { name.hasPrefix($0) } })
    }

    /// The org's folder is made with its parents; one that cannot be made is reported with
    /// the system's reason, and nothing is written.
    @Test func theFolderIsMadeOrTheReasonItCannotBeIsGiven() throws {
        let parent = TestFiles.temporaryDirectory()
        let nested = parent.appendingPathComponent("a/b/org").path
        _ = try OrgGenerator(reps: 5, months: 1, seed: 1).write(to: nested)
        #expect(FileManager.default.fileExists(atPath: nested + "/performance.csv"))

        let file = parent.appendingPathComponent("a-file")
        try Data("x".utf8).write(to: file)
        for folder in [file.path, file.appendingPathComponent("org").path] {
            #expect {
                _ = try OrgGenerator(reps: 5, months: 1, seed: 1).write(to: folder)
            } throws: { error in
                "\(error)" == "\(folder): cannot be written (Not a directory)"
            }
        }
    }

    @Test func generatedOrgLoadsWithTheCountsItReports() throws {
        let folder = TestFiles.temporaryDirectory()
        let summary = try OrgGenerator(reps: 250, months: 13, seed: 3, startYear: 2024, startMonth: 7).write(to: folder.path)
        let loaded = try DatasetLoader().load(folder: folder.path)
        let dataset = loaded.dataset
        #expect(dataset.managers.count == summary.managers)
        #expect(dataset.reps.count == 250)
        #expect(dataset.performance.count == 250 * 13)
        #expect(dataset.coachingSessions?.count == summary.sessions)
        #expect(dataset.assignments?.count == summary.assignments)
        #expect(dataset.performance.periods.min() == MonthIndex.make(year: 2024, month: 7))
        #expect(dataset.performance.periods.max() == MonthIndex.make(year: 2025, month: 7))
        #expect(loaded.report.excludedRepPeriods == 0)
        #expect(dataset.coachingSessions!.kinds.contains(.problemSolving))
        #expect((0..<dataset.assignments!.count).contains { dataset.assignments!.isCompletedOnTime($0) })
    }

    @Test func plantedBasesHitTheStatedRates() {
        let model = OrgModel()
        let base = model.baseAttainment(months: 24)
        #expect(base[CoachingTier.exceeds.rawValue] > base[CoachingTier.meets.rawValue])
        #expect(base[CoachingTier.meets.rawValue] > base[CoachingTier.needsImprovement.rawValue])
    }

    @Test func rejectsImpossibleParameters() {
        #expect(throws: GeneratorError.self) { try OrgGenerator(reps: 0, months: 3).write(to: "/tmp/never") }
    }
}

extension GeneratorTests {
    /// A rollout with no effect leaves performance.csv byte for byte as it was; with one, the
    /// reached reps' attainment moves from their start month on and no one else's does.
    @Test func aRolloutWithoutEffectChangesNoPerformanceRow() throws {
        let plain = TestFiles.temporaryDirectory(), idle = TestFiles.temporaryDirectory(), lifted = TestFiles.temporaryDirectory()
        _ = try OrgGenerator(reps: 200, months: 12, seed: 4, includeCoachingTables: false).write(to: plain.path)
        var model = OrgModel()
        model.program = ProgramRollout(cohorts: 3, effect: 0)
        _ = try OrgGenerator(reps: 200, months: 12, seed: 4, model: model, includeCoachingTables: false).write(to: idle.path)
        model.program = ProgramRollout(cohorts: 3, effect: 0.05)
        _ = try OrgGenerator(reps: 200, months: 12, seed: 4, model: model, includeCoachingTables: false).write(to: lifted.path)
        let (plainFiles, idleFiles) = (try files(plain), try files(idle))
        #expect(plainFiles["performance.csv"] == idleFiles["performance.csv"])
        #expect(idleFiles["programs.csv"] != nil && plainFiles["programs.csv"] == nil)
        let before = try DatasetLoader().load(folder: idle.path).dataset, after = try DatasetLoader().load(folder: lifted.path).dataset
        let programs = try #require(after.programs)
        var starts: [Int32: Int32] = [:]
        for row in 0..<programs.count { starts[programs.reps[row]] = programs.startPeriods[row] }
        for row in 0..<after.performance.count {
            let rep = after.performance.reps[row], period = after.performance.periods[row]
            let moved = after.performance.bookings[row] != before.performance.bookings[row]
            #expect(moved == (starts[rep].map { period >= $0 } ?? false), "row \(row)")
        }
    }

    @Test func noTierEffectsGivesEveryTierTheMeetsValues() {
        var model = OrgModel()
        model.removeTierEffects()
        #expect(Set(model.attainmentRate) == [0.900] && Set(model.trend) == [0.0025])
    }
}
