import CoachLabTestSupport
import Foundation
import Testing

/// Each error issue 26 names, as `coachlab` prints it for the Salesforce-style export
/// (Fixtures/salesforce-export) with one thing of its mapping or files changed.
@Suite(.serialized) struct ExportErrorMessageTests {
    static let fixture = TestFiles.repositoryRoot.appendingPathComponent("Tests/CoachLabCLITests/Fixtures/salesforce-export")

    /// A copy of the export with its mapping (as mapping.yaml inside it) changed by `edit`.
    static func export(editing edit: (String) -> String = { $0 }) throws -> (folder: URL, mapping: URL) {
        let folder = TestFiles.temporaryDirectory("sf-export").appendingPathComponent("export")
        try FileManager.default.copyItem(at: fixture.appendingPathComponent("export"), to: folder)
        let text = try String(contentsOf: fixture.appendingPathComponent("mapping.yaml"), encoding: .utf8)
        let mapping = TestFiles.write(edit(text), to: "mapping.yaml", in: folder)
        return (folder, mapping)
    }

    static func lenient(_ folder: URL, _ mapping: URL, _ command: String = "validate") throws -> CLIRun {
        try CLIRun([command, folder.path, "--mapping", mapping.path, "--no-cache", "--on-error", "skip",
                    "--rejects", folder.deletingLastPathComponent().appendingPathComponent("rejects.csv").path])
    }

    static func replacing(_ old: String, _ new: String) -> (String) -> String {
        { text in
            precondition(text.contains(old), old)
            return text.replacingOccurrences(of: old, with: new)
        }
    }

    @Test func aRosterInAnotherEncodingIsOneErrorWithTheLineToAdd() throws {
        let (folder, mapping) = try Self.export(editing: Self.replacing("    encoding: windows-1252      # saved by Excel on Windows\n", ""))
        let message = "\(folder.path)/User Roster.csv:2: is not UTF-8 text (this line holds 'R0000001;Jos\\xE9 Garc\\xEDa;M000024;EMEA South;Enterprise;2019-06-05'): it looks like windows-1252 (what Excel on Windows saves as CSV); add the line `encoding: windows-1252` under tables.reps in \(mapping.path) (the table starts on line 16)"
        let lenient = try Self.lenient(folder, mapping)
        #expect(lenient.status == 1)
        #expect(lenient.stderr == "Error: 1 problem in the input:\n  \(message)\n", "\(lenient.stderr)")
        // Strict, the other files' broken rows are listed too; the roster is one line still.
        let strict = try CLIRun(["run", folder.path, "--mapping", mapping.path, "--no-cache"])
        #expect(strict.status == 1)
        #expect(strict.stderr.contains("\n  \(message)\n"))
        #expect(strict.stderr.components(separatedBy: "User Roster.csv:").count == 2, "\(strict.stderr)")
    }

    @Test func aDateTwoPatternsReadDifferentlyNamesBothReadings() throws {
        let (folder, mapping) = try Self.export(editing: Self.replacing(
            "hire_date: { header: Hire Date, date: [\"dd.MM.yyyy\", \"yyyy-MM-dd\"] }",
            "hire_date: { header: Hire Date, date: [\"dd.MM.yyyy\", \"MM.dd.yyyy\", \"yyyy-MM-dd\"] }"))
        let run = try CLIRun(["validate", folder.path, "--mapping", mapping.path, "--no-cache"])
        #expect(run.status == 1)
        #expect(run.stderr.contains("values in column 'Hire Date' (\(folder.path)/User Roster.csv) are read differently by two of the column's patterns, like '"), "\(run.stderr)")
        #expect(run.stderr.contains("\n    \(folder.path)/User Roster.csv:6: column 'Hire Date': '09.12.2021' reads as 2021-12-09 by 'dd.MM.yyyy' and as 2021-09-12 by 'MM.dd.yyyy': write it unambiguously, or keep one of the patterns\n"), "\(run.stderr)")
    }

    @Test func bookingsThatDisagreeWithAttainmentNameTheRow() throws {
        let (folder, mapping) = try Self.export(editing: Self.replacing(
            "      calls: Calls\n", "      bookings: { header: Calls, decimal: \",\" }\n"))
        let run = try CLIRun(["validate", folder.path, "--mapping", mapping.path, "--no-cache"])
        #expect(run.status == 1)
        #expect(run.stderr.contains("\(folder.path)/Quota Attainment.csv:2: column 'Calls': '245' disagrees with attainment × quota (124.3507% × 49500 = 61553.6)"), "\(run.stderr)")
    }

    /// `footer: none`: the footer's five lines are broken rows again, listed as one cause.
    @Test func footerNoneReadsTheFooterAsRows() throws {
        let (folder, mapping) = try Self.export(editing: Self.replacing("delimiter: \";\"", "delimiter: \";\"\nfooter: none"))
        let run = try CLIRun(["validate", folder.path, "--mapping", mapping.path, "--no-cache"])
        #expect(run.status == 1)
        let file = folder.path + "/Quota Attainment.csv"
        #expect(run.stderr.contains("  6 rows of \(file) have the wrong number of fields; the first 3:\n    \(file):5003: has 3 fields but the header has 8\n    \(file):12005: has 1 fields but the header has 8\n"), "\(run.stderr)")
        let lenient = try Self.lenient(folder, mapping)
        #expect(lenient.status == 0)
        #expect(lenient.stdout.contains("Left out (--on-error skip): 8 row(s)"), "\(lenient.stdout)")
    }

    /// Amounts in a format the mapping does not give: one message for 12,001 values, with
    /// the line that reads them and where it goes, and the first three.
    @Test func manyBadValuesAreOneMessageWithTheFix() throws {
        let (folder, mapping) = try Self.export(editing: Self.replacing(
            "quota: { header: Quota, currency: \"€\", thousands: \".\", decimal: \",\" }", "quota: Quota"))
        let run = try CLIRun(["validate", folder.path, "--mapping", mapping.path, "--no-cache"])
        #expect(run.status == 1)
        let file = folder.path + "/Quota Attainment.csv"
        // Every quota but the row cut short (12,000 rows and two broken ones), then that row.
        #expect(run.stderr.hasPrefix("""
            Error: 12,004 problems in the input:
              12,003 values in column 'Quota' (\(file)) are not numbers, like '49.500,00 €': make it `quota: { header: "Quota", currency: "€", thousands: ".", decimal: "," }` (\(mapping.path):30); the first 3:
                \(file):2: column 'Quota': '49.500,00 €' is not a number
                \(file):3: column 'Quota': '54.000,00 €' is not a number

            """), "\(run.stderr)")
        #expect(run.stderr.hasSuffix("\n  \(file):5003: has 3 fields but the header has 8\n"), "\(run.stderr)")
        #expect(run.stderr.split(separator: "\n").count < 10)
    }

    @Test func unmappedLabelsSayToAddThem() throws {
        let (folder, mapping) = try Self.export(editing: Self.replacing(
            "        labels: { \"Role Model\": exceeds, \"Solid Performer\": meets, \"Development Area\": needs_improvement }\n", ""))
        let run = try CLIRun(["validate", folder.path, "--mapping", mapping.path, "--no-cache"])
        #expect(run.status == 1)
        #expect(run.stderr.contains("values in column 'Coaching Assessment' (\(folder.path)/Sales Managers.csv) are not a category CoachLab knows, like 'Development Area': make it `coaching_quality: { header: \"Coaching Assessment\", labels: { "), "\(run.stderr)")
        #expect(run.stderr.contains("labels: { \"Development Area\": TIER, \"SOLID PERFORMER\": TIER, \"Role_Model\": TIER } }` (\(mapping.path):11), each TIER exceeds, meets or needs_improvement; the first 3:"), "\(run.stderr)")
    }

    @Test func aFolderHoldingAMappingSuggestsIt() throws {
        let (folder, _) = try Self.export()
        let run = try CLIRun(["run", folder.path, "--no-cache"])
        #expect(run.status == 1)
        #expect(run.stderr.hasSuffix("\n\(folder.path) holds mapping.yaml: to read it as an export through that mapping, add --mapping \(folder.path)/mapping.yaml\n"), "\(run.stderr)")
    }

    @Test func aTODOLeftStopsValidateAndRun() throws {
        let (folder, mapping) = try Self.export(editing: Self.replacing("      calls: Calls\n", "      # TODO: which header holds calls?\n      calls: Calls\n"))
        for command in ["validate", "run"] {
            let run = try CLIRun([command, folder.path, "--mapping", mapping.path, "--no-cache"])
            #expect(run.status != 0)
            #expect(run.stderr.contains("\(mapping.path):32: a TODO of the drafted mapping is left: 'TODO: which header holds calls?'; settle it, then delete the comment"), "\(run.stderr)")
        }
    }

    /// A typo of a period read through a mapping stops `validate`, as it does `run`.
    @Test func validateFlagsADistantPeriod() throws {
        let (folder, mapping) = try Self.export()
        let url = folder.appendingPathComponent("Quota Attainment.csv")
        let text = try String(contentsOf: url, encoding: .utf8)
        try Data(text.replacingOccurrences(of: "R0000003;Jan 2023;", with: "R0000003;Jan 0223;").utf8).write(to: url)
        let run = try Self.lenient(folder, mapping)
        #expect(run.status == 1)
        #expect(run.stderr.contains("\(url.path):4: column 'Month': '0223-01' is far outside the other periods (2023-01 to 2024-12): a typo? Fix it, or pass --allow-periods to use it"), "\(run.stderr)")
    }

    /// `mapping init` writes the roster's encoding and the pattern lists; settled, its draft
    /// reads the export as the hand-written mapping does.
    @Test func mappingInitDraftsTheEncodingAndThePatternLists() throws {
        let (folder, _) = try Self.export()
        let run = try CLIRun(["mapping", "init", folder.path])
        #expect(run.status == 0, "\(run.stderr)")
        let draft = run.stdout
        #expect(draft.contains("    file: \"User Roster.csv\"\n    encoding: windows-1252\n"))
        #expect(draft.contains("hire_date: { header: \"Hire Date\", date: [\"dd.MM.yyyy\", \"yyyy-MM-dd\"] }"))
        #expect(draft.contains("period: { header: \"Month\", period: [\"MMM yyyy\", \"yyyy-MM\"] }"))
        #expect(draft.contains("attainment: { header: \"Attainment %\", decimal: \",\", percent: true }"))
        #expect(draft.contains("labels: { \"Development Area\": meets, \"SOLID PERFORMER\": meets, \"Role_Model\": meets }"))
        let settled = draft
            .replacingOccurrences(of: "coaching_quality: \"Coaching Assessment\"",
                                  with: "coaching_quality: { header: \"Coaching Assessment\", labels: { \"Role Model\": exceeds, \"Solid Performer\": meets, \"Development Area\": needs_improvement } }")
            .replacingOccurrences(of: "quota: \"Quota\"", with: "quota: { header: \"Quota\", currency: \"€\", thousands: \".\", decimal: \",\" }")
            .split(separator: "\n").filter { !$0.contains("# TODO") }.joined(separator: "\n")
        let drafted = TestFiles.write(settled, to: "drafted.yaml", in: folder.deletingLastPathComponent())
        // The same rejects file for both: the notes name it.
        let fromDraft = try CLIRun(["run", folder.path, "--mapping", drafted.path, "--no-cache", "--format", "json", "--on-error", "skip",
                                    "--rejects", folder.deletingLastPathComponent().appendingPathComponent("a.csv").path])
        let fromHand = try CLIRun(["run", folder.path, "--mapping", folder.appendingPathComponent("mapping.yaml").path, "--no-cache",
                                   "--format", "json", "--on-error", "skip", "--rejects", folder.deletingLastPathComponent().appendingPathComponent("a.csv").path])
        #expect(fromDraft.status == 0, "\(fromDraft.stderr)")
        let results = { (text: String) in
            (try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]).flatMap { $0["results"] as? [Any] } as? NSArray
        }
        #expect(results(fromDraft.stdout) != nil)
        #expect(results(fromDraft.stdout) == results(fromHand.stdout))
    }
}
