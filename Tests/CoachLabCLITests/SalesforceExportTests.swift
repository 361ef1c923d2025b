import CoachLabTestSupport
import Foundation
import Testing

/// Issue 26's test of a real export: the sample org as a Salesforce-style report export
/// (Fixtures/salesforce-export, written by its make_export.py: semicolons, decimal commas and
/// euros, a windows-1252 roster with CRLF, HR tier labels in mixed case, dates and months in
/// two patterns, attainment instead of bookings, a report footer and three broken rows) read
/// leniently through a hand-written mapping of documented keys only.
@Suite(.serialized) struct SalesforceExportTests {
    static let fixture = "Tests/CoachLabCLITests/Fixtures/salesforce-export"
    static let export = fixture + "/export"
    static let mapping = fixture + "/mapping.yaml"
    static let performance = export + "/Quota Attainment.csv"

    static func lenient(_ command: String, _ extra: [String] = []) throws -> (CLIRun, URL) {
        let rejects = TestFiles.temporaryDirectory("salesforce").appendingPathComponent("rejects.csv")
        let run = try CLIRun([command, export, "--mapping", mapping, "--no-cache", "--on-error", "skip", "--rejects", rejects.path] + extra)
        return (run, rejects)
    }

    @Test func exactlyTheThreeBrokenRowsAreLeftOutAndTheFooterIsNot() throws {
        let (run, rejects) = try Self.lenient("run", ["--format", "json"])
        #expect(run.status == 0, "\(run.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let input = try #require(json["input"] as? [String: Any])
        #expect(input["rejected_rows"] as? Int == 3)
        #expect(input["rejected_by_reason"] as? [String: Int] == ["not_a_number": 1, "wrong_field_count": 1, "unknown_reference": 1])
        #expect(input["rejected_by_file"] as? [String: Int] == ["Quota Attainment.csv": 3])

        // The rejects file holds the three rows make_export.py breaks, and nothing of the footer.
        let rows = try String(contentsOf: rejects, encoding: .utf8).split(separator: "\n").dropFirst()
        #expect(rows.count == 3)
        #expect(rows.map { $0.split(separator: ",")[1] } == ["102", "5003", "9004"])
        #expect(rows.map { $0.split(separator: ",")[2] } == ["not_a_number", "wrong_field_count", "unknown_reference"])
        for word in ["Grand Totals", "Confidential", "Copyright"] { #expect(!rows.contains { $0.contains(word) }) }

        // Standard error says what was skipped: the footer (five lines from line 12,005) and the rows.
        #expect(run.stderr.contains("note: Quota Attainment.csv: 5 line(s) after the data skipped as a report footer (from line 12005: 'Grand Totals (12003 records)', 'Confidential Information - Do Not Distribute', 'Copyright © 2000-2024 salesforce.com, inc. All rights reserved.')"), "\(run.stderr)")
        #expect(run.stderr.contains("note: 3 row(s) left out (--on-error skip), each in \(rejects.path) with its line and reason:"))
        #expect(run.stderr.contains("  1 not a number: \(Self.performance):102: column 'Quota': '54.OOO,00 €' is not a number"))
        #expect(run.stderr.contains("  1 wrong number of fields: \(Self.performance):5003: has 3 fields but the header has 8"))
        #expect(run.stderr.contains("  1 an id not found in the table it refers to: \(Self.performance):9004: column 'Owner ID': 'R9999999' is not in User Roster.csv"))
    }

    @Test func tierCountsAndRowsAreTheCanonicalFiles() throws {
        let canonical = try CLIRun(["validate", "Datasets/sample-org", "--no-cache"])
        let (export, _) = try Self.lenient("validate")
        #expect(canonical.status == 0 && export.status == 0, "\(export.stderr)")
        let tiers = { (text: String) in text.split(separator: "\n").first { $0.contains("managers by coaching tier:") } }
        #expect(tiers(export.stdout) != nil)
        #expect(tiers(export.stdout) == tiers(canonical.stdout))
        #expect(export.stdout.contains("managers by coaching tier: exceeds 17, meets 25, needs_improvement 8"))
        for (rows, file) in [("50", "Sales Managers.csv"), ("500", "User Roster.csv"), ("12,000", "Quota Attainment.csv"),
                             ("13,307", "Coaching Activities.csv"), ("7,558", "Action Items.csv")] {
            #expect(export.stdout.range(of: "\(file) +\(rows) rows", options: .regularExpression) != nil, "\(file)")
        }
        #expect(export.stdout.contains("5 line(s) after the data skipped as a report footer (from line 12005: 'Grand Totals (12003 records)')"))
        // The attainment column is read (it is mapped), not ignored.
        #expect(!export.stdout.contains("ignored (not in the canonical schema or the mapping): Attainment %"), "\(export.stdout)")
    }

    /// Every plugin's summary equals the canonical sample org's: counts exactly, numbers to
    /// 1e-4 relative. Bookings are attainment × quota, attainment written to four decimals of
    /// a percent: each is within 5e-7 × quota (±0.05 €) of the sample org's, and statistics
    /// that subtract nearly equal quantities (differences of changes, slopes) carry that into
    /// their sixth significant digit (8e-6 relative at worst, measured).
    @Test func theHeadlineResultsAreTheSampleOrgs() throws {
        let canonical = try CLIRun(["run", "Datasets/sample-org", "--no-cache", "--format", "json"])
        let (export, _) = try Self.lenient("run", ["--format", "json"])
        #expect(canonical.status == 0 && export.status == 0, "\(export.stderr)")
        let results = { (run: CLIRun) throws -> [String: [String: Any]] in
            let json = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
            let list = try #require(json["results"] as? [[String: Any]])
            return Dictionary(uniqueKeysWithValues: list.map { ($0["plugin"] as! String, $0["summary"] as! [String: Any]) })
        }
        let expected = try results(canonical)
        let found = try results(export)
        #expect(Set(found.keys) == Set(expected.keys))
        #expect(expected.count >= 10)
        var compared = 0
        for (plugin, summary) in expected {
            for (key, value) in summary {
                let other = found[plugin]?[key]
                if let number = value as? NSNumber, let otherNumber = other as? NSNumber {
                    let (a, b) = (number.doubleValue, otherNumber.doubleValue)
                    let whole = { (text: String) in text.allSatisfy { $0.isNumber || $0 == "-" } }
                    if whole("\(number)") && whole("\(otherNumber)") {
                        #expect(a == b, "\(plugin).\(key): \(a) vs \(b)")
                    } else {
                        #expect(Tolerance.agrees(a, b, relative: 1e-4, absolute: 1e-12), "\(plugin).\(key): \(a) vs \(b)")
                    }
                    compared += 1
                } else {
                    #expect("\(value)" == "\(other ?? "nil")", "\(plugin).\(key)")
                }
            }
        }
        #expect(compared > 200)
    }
}
