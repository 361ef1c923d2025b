import CoachLabData
import CoachLabTestSupport
import Foundation
import Testing
@testable import CoachLabIngestion
@testable import CoachLabCache

@Suite struct DatasetLoaderTests {
    func problems(_ overrides: [String: String]) -> [String] {
        let folder = TestFiles.dataset(overrides)
        do {
            _ = try DatasetLoader().load(folder: folder.path)
            return []
        } catch {
            guard case .invalid(let problems, _) = error else { return ["\(error)"] }
            return problems.map { $0.description.replacingOccurrences(of: folder.path + "/", with: "") }
        }
    }

    @Test func loadsAValidDatasetWithReferencesResolved() throws {
        let loaded = try DatasetLoader().load(folder: TestFiles.dataset().path)
        let dataset = loaded.dataset
        #expect(dataset.managers.ids == ["M1", "M2"])
        #expect(dataset.managers.tiers == [.exceeds, .needsImprovement])
        #expect(dataset.reps.managers == [0, 1])
        #expect(dataset.performance.reps == [0, 1, 0, 1])
        #expect(dataset.performance.monthOrder == nil)
        #expect(dataset.tables == [.managers, .reps, .performance])
        #expect(loaded.report.tables.map(\.rows) == [2, 2, 4])
    }

    @Test func warnsOfManagersWithoutRepsAndRepsWithoutRows() throws {
        let loaded = try DatasetLoader().load(folder: TestFiles.dataset([
            "managers.csv": "manager_id,coaching_quality\nM1,exceeds\nM2,needs_improvement\nM3,meets\n",
            "reps.csv": "rep_id,manager_id\nR1,M1\nR2,M2\nR3,M1\nR4,M2\n",
        ]).path)
        #expect(loaded.report.warnings == [
            "1 manager(s) have no reps in reps.csv", "2 rep(s) have no rows in performance.csv",
        ])
    }

    @Test func acceptsHumanTierLabels() throws {
        let loaded = try DatasetLoader().load(folder: TestFiles.dataset([
            "managers.csv": "manager_id,coaching_quality\nM1,Exceeds Expectations\nM2,needs improvement\n",
        ]).path)
        #expect(loaded.dataset.managers.tiers == [.exceeds, .needsImprovement])
    }

    /// Canonical ids and labels read in any case, with spaces around them and `_`, `-` or
    /// spaces between words, as HR systems write them.
    @Test func readsTiersAsPeopleWriteThem() throws {
        let loaded = try DatasetLoader().load(folder: TestFiles.dataset([
            "managers.csv": "manager_id,coaching_quality\nM1,EXCEEDS\nM2, Meets Expectations \nM3,Needs_Improvement\nM4,  needs  improvement\nM5,MEETS-EXPECTATIONS\n",
        ]).path)
        #expect(loaded.dataset.managers.tiers == [.exceeds, .meets, .needsImprovement, .needsImprovement, .meets])
        #expect(CoachingTier(label: "needs improvements") == nil)
        #expect(CoachingTier(label: "meet") == nil)
    }

    @Test func keepsAndCountsMissingAndZeroQuotas() throws {
        let loaded = try DatasetLoader().load(folder: TestFiles.dataset([
            "performance.csv": "rep_id,period,quota,bookings\nR1,2024-01,,5\nR2,2024-01,0,5\nR1,2024-02,10,5\n",
        ]).path)
        #expect(loaded.dataset.performance.count == 3)
        #expect(loaded.report.missingQuota == 1)
        #expect(loaded.report.zeroQuota == 1)
    }

    @Test func ordersEachRepsHistoryByMonth() throws {
        let loaded = try DatasetLoader().load(folder: TestFiles.dataset([
            "performance.csv": "rep_id,period,quota,bookings\nR1,2024-03,1,1\nR1,2024-01,1,1\nR2,2024-02,1,1\nR1,2024-02,1,1\n",
        ]).path)
        #expect(loaded.dataset.performance.monthOrder == [1, 3, 0, 2])
        var visited: [Int] = []
        loaded.dataset.performance.forEachRowInMonthOrder { visited.append($0) }
        #expect(visited == [1, 3, 0, 2])
    }

    @Test func reportsDuplicateIDs() {
        #expect(problems(["managers.csv": "manager_id,coaching_quality\nM1,exceeds\nM2,meets\nM1,meets\n"])
            == ["managers.csv:4: column 'manager_id': 'M1' is a duplicate id (first on line 2)"])
    }

    @Test func reportsUnknownTiers() {
        #expect(problems(["managers.csv": "manager_id,coaching_quality\nM1,great\nM2,meets\n"])
            == ["managers.csv:2: column 'coaching_quality': 'great' is not a coaching tier (expected exceeds, meets or needs_improvement, in any case); a rating or labels of the export's own are read with `tiers:` or `labels:` in a mapping (docs/MAPPING.md)"])
    }

    @Test func reportsUnknownReferences() {
        #expect(problems(["reps.csv": "rep_id,manager_id\nR1,M1\nR2,M9\n"])
            == ["reps.csv:3: column 'manager_id': 'M9' is not in managers.csv"])
        #expect(problems(["performance.csv": "rep_id,period,quota,bookings\nR1,2024-01,1,1\nR7,2024-01,1,1\n"])
            == ["performance.csv:3: column 'rep_id': 'R7' is not in reps.csv"])
    }

    @Test func reportsDuplicateRepPeriodsWithBothLines() {
        #expect(problems(["performance.csv": "rep_id,period,quota,bookings\nR1,2024-01,1,1\nR2,2024-01,1,1\nR1,2024-01,2,2\n"])
            == ["performance.csv:4: column 'period': '2024-01' repeats the rep-period of line 2 for rep R1; (rep_id, period) must be unique"])
        // Out of month order too.
        #expect(problems(["performance.csv": "rep_id,period,quota,bookings\nR1,2024-03,1,1\nR1,2024-01,1,1\nR2,2024-01,1,1\nR1,2024-03,2,2\n"])
            == ["performance.csv:5: column 'period': '2024-03' repeats the rep-period of line 2 for rep R1; (rep_id, period) must be unique"])
    }

    @Test func reportsValuesOutOfDomain() {
        #expect(problems(["performance.csv": "rep_id,period,quota,bookings,calls\nR1,2024-01,-5,1,3\nR2,2024-01,1,,-1\n"]) == [
            "performance.csv:2: column 'quota': '-5' is negative; a quota must be >= 0",
            "performance.csv:3: column 'bookings': is empty; bookings are required",
            "performance.csv:3: column 'calls': '-1' is out of range; it must be >= 0",
        ])
    }

    @Test func listsProblemsAcrossFiles() {
        let found = problems([
            "managers.csv": "manager_id,coaching_quality\nM1,exceeds\nM2,meets\n",
            "performance.csv": "rep_id,period,quota,bookings\nR1,2024-01,abc,1\nR2,24-01,1,1\n",
        ])
        #expect(found == [
            "performance.csv:2: column 'quota': 'abc' is not a number",
            "performance.csv:3: column 'period': '24-01' is not a month (expected YYYY-MM)",
        ])
    }

    @Test func requiresTheThreeCoreFiles() {
        let folder = TestFiles.dataset(omitting: ["reps.csv"])
        #expect(throws: DatasetError.self) { try DatasetLoader().load(folder: folder.path) }
        do {
            _ = try DatasetLoader().load(folder: folder.path)
        } catch {
            #expect(error.description == "\(folder.path): required file reps.csv is missing")
        }
    }

    /// An export saved under another case, compressed or in another format: the message
    /// names the file that is there and what to do with it.
    @Test func aMissingFileNamesTheFileThatLooksMeantForIt() throws {
        let cases = [
            ("Reps.csv", "found Reps.csv: file names must match exactly, so rename it to reps.csv"),
            ("reps.csv.gz", "found reps.csv.gz: compressed files are not read, so decompress it to reps.csv"),
            ("reps.xlsx", "found reps.xlsx: CoachLab reads CSV, so export or save it as reps.csv"),
            ("reps.tsv", "found reps.tsv: a file of another name or delimiter is read through a mapping (coachlab mapping init drafts one)"),
        ]
        for (name, hint) in cases {
            let folder = TestFiles.dataset(omitting: ["reps.csv"])
            TestFiles.write("rep_id,manager_id\n", to: name, in: folder)
            TestFiles.write("notes\n", to: "reps-old.csv", in: folder)
            do {
                _ = try DatasetLoader().load(folder: folder.path)
                Issue.record("loaded without reps.csv")
            } catch {
                #expect(error.description == "\(folder.path): required file reps.csv is missing; \(hint)")
            }
        }
        #expect(SimilarFileNames.hint(for: "reps.csv", in: TestFiles.dataset(omitting: ["reps.csv"]).path) == nil)
    }

    /// An optional table's file under another name is not read, and the load says so, from
    /// the cache too, until the folder no longer holds it.
    @Test func anOptionalFileUnderAnotherNameIsAWarning() throws {
        let folder = TestFiles.dataset()
        TestFiles.write("session_id\n", to: "Coaching_Sessions.csv", in: folder)
        var loader = DatasetLoader()
        loader.cache = ColumnCache(location: .folder(TestFiles.temporaryDirectory("cache").path))
        let first = try loader.load(folder: folder.path)
        first.pendingCacheWrite?.wait()
        let misnamed = LoadReport.MisnamedFile(
            expected: "coaching_sessions.csv",
            hint: "found Coaching_Sessions.csv: file names must match exactly, so rename it to coaching_sessions.csv")
        #expect(first.dataset.coachingSessions == nil)
        #expect(first.report.misnamedFiles == [.coachingSessions: misnamed])
        try FileManager.default.removeItem(at: folder.appendingPathComponent("Coaching_Sessions.csv"))
        let second = try loader.load(folder: folder.path)
        #expect(second.fromCache && second.report.misnamedFiles.isEmpty)
    }

    @Test func loadsCoachingTables() throws {
        let loaded = try DatasetLoader().load(folder: TestFiles.dataset([
            "coaching_sessions.csv": "session_id,rep_id,manager_id,date,duration_min,kind,focus_areas,feedback_delay_hours\nS1,R1,M1,2024-01-05,30,coaching,discovery; prospecting,4.5\nS2,R2,M2,2024-01-06,45,problem_solving,,\n",
            "assignments.csv": "assignment_id,session_id,rep_id,assigned_on,due_on,completed_on,target_metric,target_value\nA1,S1,R1,2024-01-05,2024-01-12,2024-01-11,calls,60\nA2,,R2,2024-01-06,2024-01-20,,,\n",
        ]).path)
        let sessions = try #require(loaded.dataset.coachingSessions)
        #expect(sessions.kinds == [.coaching, .problemSolving])
        #expect(sessions.focusAreas! == [["discovery", "prospecting"], []])
        let assignments = try #require(loaded.dataset.assignments)
        #expect(assignments.sessions == [0, -1])
        #expect(assignments.isCompletedOnTime(0))
        #expect(!assignments.isCompletedOnTime(1))
        #expect(assignments.targetMetrics! == ["calls", nil])
    }

    /// A range of reps holding every row's rep, and one that leaves out the rep of a row of
    /// the first table in order whose rows it does not all hold.
    @Test func theTableWithRowsOfRepsOutsideARangeIsFound() throws {
        let folder = TestFiles.repositoryRoot.appendingPathComponent("Datasets/sample-org").path
        var dataset = try DatasetLoader(columns: .all).load(folder: folder).dataset
        let all = 0..<dataset.reps.count
        #expect(dataset.tableWithRows(outside: all) == nil)
        #expect(dataset.tableWithRows(outside: 1..<dataset.reps.count) == .performance)
        let sessionRep = Int(dataset.coachingSessions!.reps[0])
        dataset.performance = Performance(reps: Column([Int32(sessionRep == 0 ? 1 : 0)]), periods: Column([0]),
                                          quotas: Column([1]), bookings: Column([1]))
        let withoutSessionRep = sessionRep == 0 ? 1..<dataset.reps.count : 0..<sessionRep
        #expect(dataset.tableWithRows(outside: withoutSessionRep) == .coachingSessions)
    }

    @Test func readsOnlyTheOptionalTablesAskedFor() throws {
        let folder = TestFiles.repositoryRoot.appendingPathComponent("Datasets/sample-org").path
        let core = try DatasetLoader(columns: .only([], tables: [])).load(folder: folder)
        #expect(core.dataset.coachingSessions == nil && core.dataset.assignments == nil)
        #expect(core.report.tables.map(\.table) == [.managers, .reps, .performance])
        let withAssignments = try DatasetLoader(columns: .only([], tables: [.assignments])).load(folder: folder)
        #expect(withAssignments.dataset.assignments != nil)
        #expect(withAssignments.dataset.coachingSessions != nil)
        let everything = try DatasetLoader(columns: .all).load(folder: folder)
        #expect(everything.dataset.tables.count == 5)
    }

    @Test func convertsOnlyTheColumnsAskedFor() throws {
        let folder = TestFiles.dataset([
            "performance.csv": "rep_id,period,quota,bookings,calls\nR1,2024-01,1,1,5\nR2,2024-01,1,1,6\n",
        ])
        let lean = try DatasetLoader(columns: .only([])).load(folder: folder.path)
        #expect(lean.dataset.performance.calls == nil)
        let full = try DatasetLoader(columns: .only([ColumnReference(.performance, "calls")])).load(folder: folder.path)
        #expect(full.dataset.performance.calls == [5, 6])
        #expect(full.dataset.performance.metric(named: "calls") == [5, 6])
        #expect(lean.dataset.performance.metric(named: "calls") == nil)
        #expect(lean.dataset.performance.metric(named: "revenue") == nil)
    }
}
