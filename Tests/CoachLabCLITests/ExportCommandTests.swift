import CoachLabTestSupport
import Foundation
import Testing

/// `coachlab export`: the checked, joined data as one tidy table, equal to the same join
/// made in pandas (Fixtures/export/make_rep_months.py, committed with its output).
@Suite(.serialized) struct ExportCommandTests {
    static let fixtures = TestFiles.repositoryRoot.appendingPathComponent("Tests/CoachLabCLITests/Fixtures/export")

    func fixture(_ name: String) throws -> String {
        try String(contentsOf: Self.fixtures.appendingPathComponent(name), encoding: .utf8)
    }

    @Test func repMonthsOfTheSampleOrgEqualThePandasJoin() throws {
        let export = try CLIRun(["export", "Datasets/sample-org", "--table", "rep-months", "--no-cache"])
        #expect(export.status == 0, "\(export.stderr)")
        let expected = try fixture("sample-org-rep-months.csv")
        #expect(export.stdout == expected, "first difference at line \(Self.firstDifference(export.stdout, expected))")
    }

    /// Every event of the sample org and of the edge org (programmes, quoting) as pandas
    /// lists them (Fixtures/export/make_events.py).
    @Test(arguments: [("Datasets/sample-org", "sample-org-events.csv"),
                      ("Tests/CoachLabCLITests/Fixtures/export/edge-org", "edge-org-events.csv")])
    func eventsEqualThePandasTable(dataset: String, reference: String) throws {
        let export = try CLIRun(["export", dataset, "--table", "events", "--no-cache"])
        #expect(export.status == 0, "\(export.stderr)")
        let expected = try fixture(reference)
        #expect(export.stdout == expected, "first difference at line \(Self.firstDifference(export.stdout, expected))")
    }

    /// Missing values, excluded rows (quota empty or 0), quoting, text that looks like a
    /// formula, negative tenure, events in months without a row, and programmes.
    @Test func repMonthsOfTheEdgeOrgEqualThePandasJoin() throws {
        let folder = Self.fixtures.appendingPathComponent("edge-org").path
        let export = try CLIRun(["export", folder, "--no-cache"])
        #expect(export.status == 0, "\(export.stderr)")
        let expected = try fixture("edge-org-rep-months.csv")
        #expect(export.stdout == expected, "first difference at line \(Self.firstDifference(export.stdout, expected))")
    }

    /// From the column cache, the same bytes; to a file, the same bytes.
    @Test func aCachedLoadAndAFileGiveTheSameBytes() throws {
        let cache = TestFiles.temporaryDirectory("export-cache")
        let out = TestFiles.temporaryDirectory("export-out").appendingPathComponent("panel.csv")
        let first = try CLIRun(["export", "Datasets/sample-org", "--cache-dir", cache.path])
        #expect(first.status == 0, "\(first.stderr)")
        let second = try CLIRun(executable: CLIRun.executable,
                                arguments: ["export", "Datasets/sample-org", "--cache-dir", cache.path, "-o", out.path],
                                environment: ["COACHLAB_TIMINGS": "1"])
        #expect(second.status == 0, "\(second.stderr)")
        #expect(second.stderr.contains("cache lookup (hit"), "\(second.stderr)")
        #expect(try String(contentsOf: out, encoding: .utf8) == first.stdout)
        #expect(second.stdout.isEmpty)
    }

    /// JSON Lines: one object a row, the CSV's columns as keys in order, null for empty, text
    /// as it is in the data (no apostrophe before a formula-like id).
    @Test func jsonLinesCarryTheSameValues() throws {
        let folder = Self.fixtures.appendingPathComponent("edge-org").path
        let csv = try CLIRun(["export", folder, "--no-cache"])
        let jsonl = try CLIRun(["export", folder, "--no-cache", "--format", "jsonl"])
        #expect(jsonl.status == 0, "\(jsonl.stderr)")
        let lines = jsonl.stdout.split(separator: "\n")
        let header = csv.stdout.split(separator: "\r\n").first!.split(separator: ",").map(String.init)
        #expect(lines.count == 10)
        let first = try #require(try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
        #expect(Set(first.keys) == Set(header))
        #expect(lines[0].hasPrefix("{\"rep_id\":\"R1\",\"manager_id\":\"M1\",\"coaching_quality\":\"exceeds\""))
        let third = try #require(try JSONSerialization.jsonObject(with: Data(lines[2].utf8)) as? [String: Any])
        #expect(third["rep_id"] as? String == "R,2")
        #expect(third["quota"] is NSNull && third["attainment"] is NSNull && third["excluded"] as? Int == 1)
        let fifth = try #require(try JSONSerialization.jsonObject(with: Data(lines[4].utf8)) as? [String: Any])
        #expect(fifth["rep_id"] as? String == "=R3" && fifth["tenure_months"] as? Int == -4)
        #expect(fifth["region"] as? String == "North, East" && fifth["period"] as? String == "2024-01")
    }

    @Test func everyTableHasOneHeaderAndARowPerRecord() throws {
        let folder = Self.fixtures.appendingPathComponent("edge-org").path
        let expected: [(String, String, Int)] = [
            ("reps", "rep_id,manager_id,coaching_quality,region,segment,hire_date,rep_months", 5),
            ("managers", "manager_id,coaching_quality,coaching_score,reps", 3),
            ("sessions", "session_id,rep_id,manager_id,coaching_quality,date,period,duration_min,kind,developmental,focus_areas,feedback_delay_hours", 7),
            ("assignments", "assignment_id,session_id,rep_id,manager_id,coaching_quality,assigned_on,due_on,completed_on,completed_on_time,focus_area,target_metric,target_value", 5),
        ]
        for (table, header, rows) in expected {
            let export = try CLIRun(["export", folder, "--no-cache", "--table", table])
            #expect(export.status == 0, "\(table): \(export.stderr)")
            let lines = export.stdout.split(separator: "\r\n", omittingEmptySubsequences: false)
            #expect(lines.first.map(String.init) == header, "\(table)")
            #expect(lines.count == rows + 2 && lines.last == "", "\(table): \(lines.count) lines")
        }
        let managers = try CLIRun(["export", folder, "--no-cache", "--table", "managers"])
        #expect(managers.stdout == "manager_id,coaching_quality,coaching_score,reps\r\nM1,exceeds,80.5,2\r\nM2,needs_improvement,,1\r\nM3,meets,61,2\r\n")
        let sessions = try CLIRun(["export", folder, "--no-cache", "--table", "sessions"])
        #expect(sessions.stdout.contains("\r\nS1,R1,M1,exceeds,2024-02-03,2024-02,30,coaching,1,demo;discovery,\r\n"))
        #expect(sessions.stdout.contains("\r\nS3,R1,M1,exceeds,2024-01-31,2024-01,60,ride_along,1,prospecting,12.5\r\n"))
        let assignments = try CLIRun(["export", folder, "--no-cache", "--table", "assignments"])
        #expect(assignments.stdout.contains("\r\nA3,S4,R4,M1,exceeds,2024-03-01,2024-03-15,,0,negotiation,calls,167.5\r\n"))
        #expect(assignments.stdout.contains("\r\nA4,,R4,M1,exceeds,2024-01-05,2024-01-20,2024-01-19,1,,,\r\n"))
    }

    @Test func aTableTheDatasetLacksIsAClearError() throws {
        let folder = TestFiles.dataset()
        let export = try CLIRun(["export", folder.path, "--table", "sessions", "--no-cache"])
        #expect(export.status != 0)
        #expect(export.stderr == "Error: \(folder.path) has no coaching_sessions.csv, so there is no sessions table to export\n")
        #expect(export.stdout.isEmpty)
        let events = try CLIRun(["export", folder.path, "--table", "events", "--no-cache"])
        #expect(events.status == 1)
        #expect(events.stderr == "Error: \(folder.path) has no coaching_sessions.csv, assignments.csv or programs.csv, so there is no events table to export\n")
    }

    /// Without the optional columns and tables, the listed columns are still there, empty.
    @Test func aMinimalDatasetKeepsEveryListedColumn() throws {
        let folder = TestFiles.dataset(["performance.csv": "rep_id,period,quota,bookings\nR1,2024-01,100,120\nR2,2024-01,0,80\n"])
        let export = try CLIRun(["export", folder.path, "--no-cache"])
        #expect(export.status == 0, "\(export.stderr)")
        #expect(export.stdout == """
            rep_id,manager_id,coaching_quality,region,segment,hire_date,tenure_months,period,quota,bookings,attainment,attained,excluded,calls,meetings,opportunities_created,pipeline_value\r
            R1,M1,exceeds,,,,,2024-01,100,120,1.2,1,0,,,,\r
            R2,M2,needs_improvement,,,,,2024-01,0,80,,,1,,,,\r

            """)
    }

    /// Bad input stops the export as it stops a run, naming the file, line, column and value.
    @Test func badInputIsListedNotExported() throws {
        let folder = TestFiles.dataset(["performance.csv": "rep_id,period,quota,bookings\nR1,2024-01,abc,120\n"])
        let export = try CLIRun(["export", folder.path, "--no-cache"])
        #expect(export.status == 1)
        #expect(export.stdout.isEmpty)
        #expect(export.stderr.contains("performance.csv:2: column 'quota': 'abc' is not a number"), "\(export.stderr)")
    }

    /// An export never replaces the files it reads.
    @Test func anOutputThatNamesAnInputIsRefused() throws {
        let folder = TestFiles.dataset()
        let input = folder.appendingPathComponent("performance.csv")
        let before = try String(contentsOf: input, encoding: .utf8)
        let export = try CLIRun(["export", folder.path, "-o", input.path, "--no-cache"])
        #expect(export.status == 1)
        #expect(export.stderr.hasPrefix("Error: --output \(input.path) is an input of this command"), "\(export.stderr)")
        #expect(try String(contentsOf: input, encoding: .utf8) == before)
    }

    static func firstDifference(_ a: String, _ b: String) -> String {
        let left = a.split(separator: "\n", omittingEmptySubsequences: false)
        let right = b.split(separator: "\n", omittingEmptySubsequences: false)
        for index in 0..<max(left.count, right.count) {
            let l = index < left.count ? String(left[index]) : "<none>"
            let r = index < right.count ? String(right[index]) : "<none>"
            if l != r { return "\(index + 1):\n  export: \(l)\n  pandas: \(r)" }
        }
        return "none"
    }
}
