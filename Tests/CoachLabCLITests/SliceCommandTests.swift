import CoachLabTestSupport
import Foundation
import Testing

/// `--where`, `--from` and `--to`: a run on a slice equals a run on a copy of the dataset's
/// files holding only those reps and months, made here by filtering the CSV text (not by
/// CoachLab), JSON byte for byte apart from the dataset's path and the slice's description.
@Suite(.serialized) struct SliceCommandTests {
    /// A generated org with every table: 200 reps, 18 months, a programme in two cohorts.
    static let org: URL = {
        let folder = TestFiles.temporaryDirectory("slice-org")
        let generate = try! CLIRun(["generate", "--reps", "200", "--months", "18", "--seed", "11", "--program-cohorts", "2",
                                    "--program-effect", "0.03", "--out", folder.path])
        precondition(generate.status == 0, generate.stderr)
        return folder
    }()

    /// The org's files as rows of text fields by header name (the generator quotes nothing).
    struct Table {
        var header: [String]
        var rows: [[String: String]]

        init(_ url: URL) throws {
            let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n").map(String.init)
            let header = lines[0].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            self.header = header
            rows = lines.dropFirst().map { line in
                Dictionary(uniqueKeysWithValues: zip(header, line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)))
            }
        }

        func write(_ rows: [[String: String]], to url: URL) throws {
            let text = ([header.joined(separator: ",")] + rows.map { row in header.map { row[$0] ?? "" }.joined(separator: ",") })
                .joined(separator: "\n") + "\n"
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
    }

    /// A copy of the org holding the reps `keepsRep` keeps (given the rep's and its manager's
    /// rows) and the months from `first` to `last`, as DATASET.md's files would hold them.
    static func copy(where keepsRep: (_ rep: [String: String], _ manager: [String: String]) -> Bool, conditioned: Bool,
                     first: String = "0000-00", last: String = "9999-99") throws -> URL {
        let copy = TestFiles.temporaryDirectory("slice-copy")
        func table(_ name: String) throws -> Table { try Table(org.appendingPathComponent(name)) }
        func inWindow(_ date: String) -> Bool { String(date.prefix(7)) >= first && String(date.prefix(7)) <= last }
        let managers = try table("managers.csv"), reps = try table("reps.csv")
        let managerRows = Dictionary(uniqueKeysWithValues: managers.rows.map { ($0["manager_id"]!, $0) })
        let keptReps = reps.rows.filter { keepsRep($0, managerRows[$0["manager_id"]!]!) }
        let repIDs = Set(keptReps.map { $0["rep_id"]! })
        let managerIDs = conditioned ? Set(keptReps.map { $0["manager_id"]! }) : Set(managerRows.keys)
        try managers.write(managers.rows.filter { managerIDs.contains($0["manager_id"]!) }, to: copy.appendingPathComponent("managers.csv"))
        try reps.write(keptReps, to: copy.appendingPathComponent("reps.csv"))
        let performance = try table("performance.csv")
        try performance.write(performance.rows.filter { repIDs.contains($0["rep_id"]!) && inWindow($0["period"]!) },
                              to: copy.appendingPathComponent("performance.csv"))
        let sessions = try table("coaching_sessions.csv")
        let keptSessions = sessions.rows.filter {
            repIDs.contains($0["rep_id"]!) && managerIDs.contains($0["manager_id"]!) && inWindow($0["date"]!)
        }
        try sessions.write(keptSessions, to: copy.appendingPathComponent("coaching_sessions.csv"))
        let sessionIDs = Set(keptSessions.map { $0["session_id"]! })
        let assignments = try table("assignments.csv")
        try assignments.write(assignments.rows.filter { repIDs.contains($0["rep_id"]!) && inWindow($0["assigned_on"]!) }.map { row in
            var row = row
            if !sessionIDs.contains(row["session_id"]!) { row["session_id"] = "" }
            return row
        }, to: copy.appendingPathComponent("assignments.csv"))
        let programs = try table("programs.csv")
        try programs.write(programs.rows.filter { repIDs.contains($0["rep_id"]!) }, to: copy.appendingPathComponent("programs.csv"))
        return copy
    }

    /// The JSON without the lines naming the dataset and the slice object.
    static func withoutSource(_ json: String) -> String {
        var lines: [Substring] = []
        var inSlice = false
        for line in json.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("  \"dataset\": ") { continue }
            if line == "  \"slice\": {" { inSlice = true; continue }
            if inSlice { if line == "  }," { inSlice = false }; continue }
            lines.append(line)
        }
        return lines.joined(separator: "\n")
    }

    func expectSliceEqualsCopy(_ slice: [String], copy: URL) throws {
        let sliced = try CLIRun(["run", Self.org.path, "--format", "json", "--no-cache"] + slice)
        #expect(sliced.status == 0, "\(slice): \(sliced.stderr)")
        let whole = try CLIRun(["run", copy.path, "--format", "json", "--no-cache"])
        #expect(whole.status == 0, "\(whole.stderr)")
        #expect(sliced.stdout.contains("\"slice\": {"))
        let (left, right) = (Self.withoutSource(sliced.stdout), Self.withoutSource(whole.stdout))
        #expect(left == right, "\(slice): first difference at \(ExportCommandTests.firstDifference(left, right))")
        #expect(left.contains("\"program-impact\"") && left.contains("\"feedback-latency\""))
        // The exported tables of the slice are the copy's, too.
        for table in ["rep-months", "reps", "managers", "sessions", "assignments"] {
            let a = try CLIRun(["export", Self.org.path, "--table", table, "--no-cache"] + slice)
            let b = try CLIRun(["export", copy.path, "--table", table, "--no-cache"])
            #expect(a.status == 0 && a.stdout == b.stdout, "\(slice) \(table): \(a.stderr)")
        }
    }

    @Test func aRegionIsTheCopyOfItsReps() throws {
        try expectSliceEqualsCopy(["--where", "region=EMEA South"],
                                  copy: Self.copy(where: { rep, _ in rep["region"] == "EMEA South" }, conditioned: true))
    }

    @Test func monthsAreTheCopyOfTheirRows() throws {
        try expectSliceEqualsCopy(["--from", "2023-04", "--to", "2024-03"],
                                  copy: Self.copy(where: { _, _ in true }, conditioned: false, first: "2023-04", last: "2024-03"))
    }

    /// Several conditions at once, a negation, a list and a manager's column with a window.
    @Test func conditionsCombine() throws {
        try expectSliceEqualsCopy(
            ["--where", "segment!=SMB", "--where", "coaching_quality=exceeds,meets", "--from", "2023-07"],
            copy: Self.copy(where: { rep, manager in rep["segment"] != "SMB" && ["exceeds", "meets"].contains(manager["coaching_quality"]!) },
                            conditioned: true, first: "2023-07"))
    }

    /// Every format says which slice it describes; the unsliced output says nothing of one.
    @Test func theResultsSayWhichSlice() throws {
        let base = ["run", "Datasets/sample-org", "--plugin", "quota-attainment-by-coaching-quality"]
        let slice = ["--where", "region=EMEA North,EMEA South", "--to", "2023-12"]
        let json = try CLIRun(base + slice + ["--format", "json"])
        #expect(json.stdout.contains("""
              "slice": {
                "where": [
                  "region=EMEA North,EMEA South"
                ],
                "from": null,
                "to": "2023-12",
                "description": "region=EMEA North,EMEA South; to 2023-12"
              },
            """))
        #expect(try CLIRun(base + slice).stdout.hasPrefix("CoachLab results for Datasets/sample-org\nSlice: region=EMEA North,EMEA South; to 2023-12\n"))
        #expect(try CLIRun(base + slice + ["--format", "markdown"]).stdout.contains("\nSlice: `region=EMEA North,EMEA South; to 2023-12`\n"))
        #expect(try CLIRun(base + slice + ["--format", "csv"]).stdout.hasSuffix(
            "\r\n\r\nplugin,table,key,value\r\n,slice,where,\"region=EMEA North,EMEA South\"\r\n,slice,to,2023-12\r\n"))
        let html = TestFiles.temporaryDirectory("slice-html").appendingPathComponent("r.html")
        #expect(try CLIRun(["report", "Datasets/sample-org", "-o", html.path] + slice).status == 0)
        #expect(try String(contentsOf: html, encoding: .utf8).contains("<p class=\"source\">Slice <code>region=EMEA North,EMEA South; to 2023-12</code></p>"))
        let validate = try CLIRun(["validate", "Datasets/sample-org"] + slice)
        #expect(validate.stdout.contains("  slice: region=EMEA North,EMEA South; to 2023-12\n"))
        #expect(!(try CLIRun(base + ["--format", "json"]).stdout.contains("slice")))
    }

    @Test func anUnknownColumnOrAValueThatMatchesNothingIsAClearError() throws {
        let unknown = try CLIRun(["run", "Datasets/sample-org", "--where", "regoin=West"])
        #expect(unknown.status == 64)
        #expect(unknown.stderr.hasPrefix("Error: --where regoin=West: unknown column 'regoin'; a slice selects on rep_id, manager_id, region, segment, hire_date, coaching_quality, coaching_score\n"))
        let nothing = try CLIRun(["export", "Datasets/sample-org", "--where", "region=West"])
        #expect(nothing.status == 1 && nothing.stdout.isEmpty)
        #expect(nothing.stderr == "Error: --where region=West: no rep has region 'West'; the reps' values are: APAC, EMEA North, EMEA South, LATAM, North America East, North America West\n")
        let tier = try CLIRun(["validate", "Datasets/sample-org", "--where", "coaching_quality=superb"])
        #expect(tier.stderr == "Error: --where coaching_quality=superb: 'superb' is not a coaching tier (expected exceeds, meets or needs_improvement)\n")
        let empty = try CLIRun(["run", "Datasets/sample-org", "--where", "segment=SMB", "--where", "segment!=SMB"])
        #expect(empty.stderr == "Error: no rep meets every condition of the slice (segment=SMB; segment!=SMB)\n")
        let months = try CLIRun(["run", "Datasets/sample-org", "--from", "2030-01"])
        #expect(months.stderr == "Error: the slice (from 2030-01) holds no rep-month of performance.csv (its months run from 2023-01 to 2024-12)\n")
        let order = try CLIRun(["run", "Datasets/sample-org", "--from", "2024-01", "--to", "2023-01"])
        #expect(order.status == 64 && order.stderr.hasPrefix("Error: --from 2024-01 is after --to 2023-01\n"))
        let month = try CLIRun(["run", "Datasets/sample-org", "--to", "2023-13"])
        #expect(month.status == 64 && month.stderr.hasPrefix("Error: --to takes a month YYYY-MM, not '2023-13'\n"))
        let shape = try CLIRun(["run", "Datasets/sample-org", "--where", "region"])
        #expect(shape.status == 64 && shape.stderr.hasPrefix("Error: --where takes COLUMN=VALUE or COLUMN!=VALUE, not 'region'\n"))
        let control = try CLIRun(["run", "Datasets/sample-org", "--where", "region=x\u{1B}[31m"])
        #expect(control.stderr.hasPrefix("Error: --where region=x\\x1B[31m: no rep has region 'x\\x1B[31m'"), "\(control.stderr)")
        let absent = try CLIRun(["run", TestFiles.dataset().path, "--where", "region=West"])
        #expect(absent.stderr == "Error: --where region=West: reps.csv has no column 'region'\n")
    }

    /// A value holding a comma is taken whole when it is one of the column's values.
    @Test func aValueWithACommaIsTakenWhole() throws {
        let folder = ExportCommandTests.fixtures.appendingPathComponent("edge-org").path
        let export = try CLIRun(["export", folder, "--no-cache", "--table", "reps", "--where", "region=North, East"])
        #expect(export.status == 0, "\(export.stderr)")
        #expect(export.stdout == "rep_id,manager_id,coaching_quality,region,segment,hire_date,rep_months\r\n\"'=R3\",M3,meets,\"North, East\",,2024-05-01,2\r\n")
        let missing = try CLIRun(["export", folder, "--no-cache", "--table", "reps", "--where", "region="])
        #expect(missing.stdout.hasSuffix("\r\n\"R,2\",M2,needs_improvement,,Enterprise,,2\r\n"), "\(missing.stdout)\(missing.stderr)")
    }

    @Test func aStateCannotBeSliced() throws {
        let state = TestFiles.temporaryDirectory("slice-state").appendingPathComponent("s.state")
        try "x".write(to: state, atomically: true, encoding: .utf8)
        let report = try CLIRun(["report", state.path, "--format", "json", "--where", "region=APAC"])
        #expect(report.status == 64)
        #expect(report.stderr.hasPrefix("Error: --where, --from, --to and --by slice a dataset folder"), "\(report.stderr)")
    }
}
