import CoachLabData
import CoachLabTestSupport
import Foundation
import Testing
@testable import CoachLabIngestion
@testable import CoachLabCache

/// A slice of a load is the load of a copy of the files holding only its reps and months:
/// every column, dictionary and count, byte for byte (in the cache's encoding).
@Suite struct SlicedLoadTests {
    static let edge = TestFiles.repositoryRoot.appendingPathComponent("Tests/CoachLabCLITests/Fixtures/export/edge-org").path

    /// The cache's bytes of a load's dataset and counts (not of its files' paths and lines).
    func encoded(_ loaded: LoadedDataset) throws -> Data {
        var loaded = loaded
        loaded.report.tables = []
        let path = TestFiles.temporaryDirectory("encoded").appendingPathComponent("body").path
        var writer = try #require(CacheWriter(path: path))
        DatasetCodec.encode(loaded, to: &writer)
        writer.flush()
        let closed = writer.close()
        #expect(closed)
        return try Data(contentsOf: URL(fileURLWithPath: path))
    }

    func expectSliceIsCopy(_ slice: Dataset.Slice, copy files: [String: String]) throws {
        let sliced = try DatasetLoader(columns: .all).load(folder: Self.edge).sliced(slice)
        let folder = TestFiles.temporaryDirectory("slice-copy")
        for (name, text) in files { TestFiles.write(text, to: name, in: folder) }
        let copy = try DatasetLoader(columns: .all).load(folder: folder.path)
        #expect(try encoded(sliced) == (try encoded(copy)))
        #expect(sliced.report.tables.map(\.rows) == copy.report.tables.map(\.rows))
        #expect(sliced.report.warnings == copy.report.warnings)
        #expect(sliced.report.periods == copy.report.periods)
        #expect(sliced.dataset.performance.monthOrder?.array == copy.dataset.performance.monthOrder?.array)
        #expect(sliced.dataset.reps.regions == copy.dataset.reps.regions)
        #expect(sliced.dataset.coachingSessions?.encodedFocusAreas == copy.dataset.coachingSessions?.encodedFocusAreas)
        #expect(sliced.dataset.assignments?.sessions == copy.dataset.assignments?.sessions)
    }

    /// West's reps from 2024-02: the session of 2024-01-31 and the assignments set before
    /// the window leave; R1's months, out of order in the file, are ordered again.
    @Test func aRegionAndAWindow() throws {
        let slice = Dataset.Slice(
            conditions: [try Dataset.Slice.Condition(parsing: "region=West")], firstMonth: Dataset.Slice.month("2024-02"))
        try expectSliceIsCopy(slice, copy: [
            "managers.csv": "manager_id,coaching_quality,coaching_score\nM1,exceeds,80.5\n",
            "reps.csv": "rep_id,manager_id,region,segment,hire_date\nR1,M1,West,SMB,2020-03-15\nR4,M1,West,SMB,2019-12-31\n",
            "performance.csv": """
                rep_id,period,quota,bookings,calls,meetings,opportunities_created,pipeline_value
                R1,2024-02,50000,61553.61,245,19,7,337020.39
                R4,2024-02,55000,70000,151,13,4,15000
                R4,2024-03,55000,55000,152,14,5,16000

                """,
            "coaching_sessions.csv": """
                session_id,rep_id,manager_id,date,duration_min,kind,focus_areas,feedback_delay_hours
                S1,R1,M1,2024-02-03,30,coaching,demo;discovery,
                S2,R1,M1,2024-02-20,45,problem_solving,,
                S4,R4,M1,2024-03-01,30,review,negotiation,2

                """,
            "assignments.csv": """
                assignment_id,session_id,rep_id,assigned_on,due_on,completed_on,focus_area,target_metric,target_value
                A1,S1,R1,2024-02-03,2024-02-17,2024-02-16,demo,calls,270
                A3,S4,R4,2024-03-01,2024-03-15,,negotiation,calls,167.5

                """,
            "programs.csv": "rep_id,program,start_period\nR1,Pilot,2024-02\nR4,Pilot,2024-03\nR4,Boost,2024-01\n",
        ])
    }

    /// A manager's column and a negation (a missing segment is not SMB): managers left
    /// without a rep leave, and so does every programme enrolment.
    @Test func aTierListAndANegation() throws {
        let slice = Dataset.Slice(conditions: [
            try Dataset.Slice.Condition(parsing: "coaching_quality=needs_improvement,meets"),
            try Dataset.Slice.Condition(parsing: "segment!=SMB"),
        ])
        try expectSliceIsCopy(slice, copy: [
            "managers.csv": "manager_id,coaching_quality,coaching_score\nM2,Needs Improvement,\nM3,meets,61\n",
            "reps.csv": """
                rep_id,manager_id,region,segment,hire_date
                "R,2",M2,,Enterprise,
                =R3,M3,"North, East",,2024-05-01
                R5,M3,"Say ""hi\""",Mid-Market,2023-01-01

                """,
            "performance.csv": """
                rep_id,period,quota,bookings,calls,meetings,opportunities_created,pipeline_value
                "R,2",2024-01,,1200,10,1,0,
                "R,2",2024-02,0,0,12,2,1,100.5
                =R3,2024-01,40000.00,40000,300,30,9,1000000
                =R3,2024-03,45000,0.1,,,,
                R5,2024-02,30000,31234.5678,90,9,2,333.333

                """,
            "coaching_sessions.csv": """
                session_id,rep_id,manager_id,date,duration_min,kind,focus_areas,feedback_delay_hours
                S5,=R3,M3,2024-02-10,30,coaching,demo,
                S6,R5,M3,2024-02-28,15,problem_solving,,

                """,
            "assignments.csv": """
                assignment_id,session_id,rep_id,assigned_on,due_on,completed_on,focus_area,target_metric,target_value
                A5,S5,=R3,2024-02-10,2024-03-01,2024-02-25,demo,meetings,33

                """,
            "programs.csv": "rep_id,program,start_period\n",
        ])
    }

    @Test func conditionsParseAndSayWhatTheyAre() throws {
        let condition = try Dataset.Slice.Condition(parsing: " segment != SMB, Enterprise")
        #expect(condition.column == "segment" && condition.negated && condition.values == ["SMB", "Enterprise"])
        #expect(condition.description == "segment!= SMB, Enterprise")
        #expect(throws: Dataset.Slice.Failure.self) { try Dataset.Slice.Condition(parsing: "=West") }
        #expect(throws: Dataset.Slice.Failure.self) { try Dataset.Slice.Condition(parsing: "tier=exceeds") }
        #expect(Dataset.Slice.month("2023-07") == MonthIndex.make(year: 2023, month: 7))
        for bad in ["2023-7", "2023-00", "2023-13", "23-07-01", "2023/07", ""] { #expect(Dataset.Slice.month(bad) == nil, "\(bad)") }
        #expect(Dataset.Slice(firstMonth: Dataset.Slice.month("2023-01")).description == "from 2023-01")
        #expect(Dataset.Slice().isWhole)
    }
}
