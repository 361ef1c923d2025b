import CoachLabTestSupport
import Foundation
import Testing

/// A CRM-style export (Datasets/crm-export: other names, BOM + CRLF, currency amounts,
/// fiscal periods, US dates, a 1-5 rating, N/A) read through its mapping file, clean and
/// with rows broken on purpose.
@Suite(.serialized) struct ExportMappingTests {
    static let export = "Datasets/crm-export"
    static let mapping = "Datasets/crm-export/mapping.yaml"
    static let reportFile = "Quota Attainment Report.csv"

    /// The sample org with the pipeline values the export writes as N/A (every 97th
    /// performance row, as make_export.py does) left empty.
    static func canonicalTwin() throws -> URL {
        let folder = TestFiles.temporaryDirectory("canonical-twin")
        let source = TestFiles.repositoryRoot.appendingPathComponent("Datasets/sample-org")
        for name in ["managers.csv", "reps.csv"] {
            try FileManager.default.copyItem(at: source.appendingPathComponent(name), to: folder.appendingPathComponent(name))
        }
        var lines = try String(contentsOf: source.appendingPathComponent("performance.csv"), encoding: .utf8)
            .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        for index in stride(from: 1, to: lines.count, by: 97) where !lines[index].isEmpty {
            var fields = lines[index].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            fields[7] = ""
            lines[index] = fields.joined(separator: ",")
        }
        _ = TestFiles.write(lines.joined(separator: "\n"), to: "performance.csv", in: folder)
        return folder
    }

    /// The export with five rows broken in five ways; returns the folder and the broken
    /// lines (1-based, as the file numbers them) with their text.
    static func brokenExport() throws -> (URL, [Int: String]) {
        let folder = TestFiles.temporaryDirectory("broken-export")
        let source = TestFiles.repositoryRoot.appendingPathComponent(export)
        for name in ["Sales Managers.csv", "User Roster.csv", reportFile, "mapping.yaml"] {
            try FileManager.default.copyItem(at: source.appendingPathComponent(name), to: folder.appendingPathComponent(name))
        }
        let url = folder.appendingPathComponent(reportFile)
        var lines = String(decoding: try Data(contentsOf: url), as: UTF8.self).components(separatedBy: "\r\n")
        lines[5] = lines[5].replacingOccurrences(of: "\"$", with: "\"$O", options: [], range: lines[5].range(of: "\"$"))  // line 6: not a number
        lines[9] = lines[9].replacingOccurrences(of: "-P12", with: "-P13")        // line 10: no such period
        lines[20] += ",extra"                                                       // line 21: ragged
        lines[30] = lines[31]                                                       // line 32 repeats line 31... (see below)
        lines[40] = lines[40].replacingOccurrences(of: "R00000", with: "X00000")  // line 41: unknown rep
        try Data(lines.joined(separator: "\r\n").utf8).write(to: url)
        var broken: [Int: String] = [:]
        for line in [6, 10, 21, 32, 41] { broken[line] = lines[line - 1].replacingOccurrences(of: "\u{FEFF}", with: "") }
        return (folder, broken)
    }

    @Test func theExportGivesTheSameResultsAsTheCanonicalFiles() throws {
        let twin = try Self.canonicalTwin()
        let canonical = try CLIRun(["run", twin.path, "--format", "json", "--no-cache"])
        let mapped = try CLIRun(["run", Self.export, "--mapping", Self.mapping, "--format", "json", "--no-cache"])
        #expect(canonical.status == 0, "\(canonical.stderr)")
        #expect(mapped.status == 0, "\(mapped.stderr)")
        // Everything after the "dataset" line is identical, to the last digit.
        let body = { (text: String) in text.split(separator: "\n").dropFirst(2).joined(separator: "\n") }
        #expect(body(mapped.stdout) == body(canonical.stdout))
        #expect(mapped.stdout.contains("\"plugin\": \"quota-attainment-by-coaching-quality\""))
    }

    @Test func validateDescribesTheExportInItsOwnNames() throws {
        // Twice: the second answer comes from the column cache, keyed on the mapping file.
        let cache = TestFiles.temporaryDirectory("cache").path
        let first = try CLIRun(["validate", Self.export, "--mapping", Self.mapping, "--cache-dir", cache])
        let second = try CLIRun(["validate", Self.export, "--mapping", Self.mapping, "--cache-dir", cache])
        for run in [first, second] {
            #expect(run.status == 0, "\(run.stderr)")
            #expect(run.stdout.contains("Quota Attainment Report.csv  12,000 rows"))
            #expect(run.stdout.contains("ignored (not in the canonical schema or the mapping): Attainment %"))
            #expect(run.stdout.contains("managers by coaching tier: exceeds 17, meets 25, needs_improvement 8"))
        }
        #expect(second.stdout == first.stdout)
        #expect(try FileManager.default.contentsOfDirectory(atPath: cache).count == 1, "one cache, for the export")
    }

    @Test func strictModeNamesEveryBrokenRowOnce() throws {
        let (folder, _) = try Self.brokenExport()
        let run = try CLIRun(["run", folder.path, "--mapping", folder.appendingPathComponent("mapping.yaml").path, "--no-cache"])
        #expect(run.status != 0)
        let file = folder.appendingPathComponent(Self.reportFile).path
        #expect(run.stderr.contains("5 problems in the input:"), "\(run.stderr)")
        #expect(run.stderr.contains("\(file):6: column 'Quota Amount': '$O"))
        #expect(run.stderr.contains("is not a number (expected currency '$', thousands ',', decimal '.')"))
        #expect(run.stderr.contains("\(file):10: column 'Fiscal Period': 'FY23-P13' is not a period (expected 'FY'yy-'P'PP)"))
        #expect(run.stderr.contains("\(file):21: has 10 fields but the header has 9"))
        #expect(run.stderr.contains("\(file):32: column 'Fiscal Period': '2023-01' repeats the rep-period of line 31"))
        #expect(run.stderr.contains("\(file):41: column 'Account Owner': 'X0000040' is not in User Roster.csv"))
        #expect(!run.stderr.contains("Fatal") && !run.stderr.contains("Stack"))
    }

    @Test func lenientModeCountsTheRowsAndWritesEachToTheRejectsFile() throws {
        let (folder, broken) = try Self.brokenExport()
        let rejects = folder.appendingPathComponent("rejects.csv")
        let run = try CLIRun(["run", folder.path, "--mapping", folder.appendingPathComponent("mapping.yaml").path, "--no-cache",
                              "--on-error", "skip", "--rejects", rejects.path, "--format", "json",
                              "--plugin", "quota-attainment-by-coaching-quality"])
        #expect(run.status == 0, "\(run.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as! [String: Any]
        let input = json["input"] as! [String: Any]
        #expect(input["rejected_rows"] as? Int == 5)
        #expect(input["rejected_by_reason"] as? [String: Int] == [
            "not_a_number": 1, "not_a_period": 1, "wrong_field_count": 1, "duplicate_rep_period": 1, "unknown_reference": 1,
        ])
        #expect(input["rejected_by_file"] as? [String: Int] == [Self.reportFile: 5])
        let result = (json["results"] as! [[String: Any]])[0]
        let notes = result["notes"] as! [String]
        #expect(notes.contains { $0.hasPrefix("5 input rows were left out (--on-error skip): 1 not a number, 1 not a period") })
        // The rows that remain are the export's others: 12,000 − 5 rep-months.
        #expect((result["summary"] as! [String: Any])["rep_periods"] as? Int == 11_995)

        // The rejects file holds each row whole, with its line and reason.
        let text = try String(contentsOf: rejects, encoding: .utf8)
        #expect(text.hasPrefix("file,line,reason,column,value,message,raw,raw_encoding\n"))
        for (line, raw) in broken {
            // Each raw row is quoted as CSV quotes it, then its encoding.
            let quoted = "\"" + raw.replacingOccurrences(of: "\"", with: "\"\"") + "\",text\n"
            #expect(text.contains(",\(line),") && text.contains(quoted), "line \(line)")
        }
        #expect(text.components(separatedBy: "\n").count == 7)
        for line in [6, 10, 21, 32, 41] { #expect(text.contains("\(Self.reportFile),\(line),")) }
    }

    @Test func aSecondLenientRunAnswersFromTheCacheWithTheSameResultsAndRejects() throws {
        let (folder, _) = try Self.brokenExport()
        let cache = TestFiles.temporaryDirectory("lenient-export-cache")
        let rejects = folder.appendingPathComponent("rejects.csv")
        let runs = try (0..<2).map { _ -> (CLIRun, String) in
            try? FileManager.default.removeItem(at: rejects)
            let run = try CLIRun(
                executable: CLIRun.executable,
                arguments: ["run", folder.path, "--mapping", folder.appendingPathComponent("mapping.yaml").path,
                 "--cache-dir", cache.path, "--on-error", "skip", "--rejects", rejects.path, "--format", "json"],
                environment: ["COACHLAB_TIMINGS": "1"])
            #expect(run.status == 0, "\(run.stderr)")
            return (run, try String(contentsOf: rejects, encoding: .utf8))
        }
        #expect(!runs[0].0.stderr.contains("cache lookup (hit)"))
        #expect(runs[1].0.stderr.contains("cache lookup (hit)"), "\(runs[1].0.stderr)")
        #expect(runs[1].0.stdout == runs[0].0.stdout)
        #expect(runs[1].1 == runs[0].1 && runs[0].1.components(separatedBy: "\n").count == 7)
    }

    @Test func validateInLenientModeCountsWhatWouldBeLeftOut() throws {
        let (folder, _) = try Self.brokenExport()
        let run = try CLIRun(["validate", folder.path, "--mapping", folder.appendingPathComponent("mapping.yaml").path,
                              "--on-error", "skip", "--rejects", folder.appendingPathComponent("r.csv").path])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("usable once the rows below are left out"))
        #expect(run.stdout.contains("Left out (--on-error skip): 5 row(s), written to"))
        #expect(run.stdout.contains("  1  not a number (not_a_number)\n"))
        #expect(run.stdout.contains("Quota Attainment Report.csv  11,995 rows"))
    }

    @Test func lenientModeNeedsARejectsFile() throws {
        let run = try CLIRun(["run", Self.export, "--mapping", Self.mapping, "--on-error", "skip"])
        #expect(run.status != 0)
        #expect(run.stderr.contains("--on-error skip needs --rejects FILE"))
    }

    @Test func mappingInitDraftsWhatTheExportShows() throws {
        let run = try CLIRun(["mapping", "init", Self.export])
        #expect(run.status == 0, "\(run.stderr)")
        let draft = run.stdout
        #expect(draft.contains("missing_values: [\"N/A\"]"))
        #expect(draft.contains("    file: \"Quota Attainment Report.csv\""))
        #expect(draft.contains("      rep_id: \"Account Owner\""))
        #expect(draft.contains("quota: { header: \"Quota Amount\", currency: \"$\", thousands: \",\" }"))
        #expect(draft.contains("hire_date: { header: \"Hire Date\", date: \"MM/dd/yyyy\" }"))
        #expect(draft.contains("period: { header: \"Fiscal Period\", period: \"'FY'yy-'P'PP\", fiscal_year_start: 1 }"))
        #expect(draft.contains("# TODO: a rating (2, 3, 5)"))
        #expect(draft.contains("# TODO: set fiscal_year_start"))

        // Run as drafted, its first TODO stops it.
        let folder = TestFiles.temporaryDirectory("draft")
        let asDrafted = TestFiles.write(draft, to: "drafted.yaml", in: folder)
        let unsettled = try CLIRun(["validate", Self.export, "--mapping", asDrafted.path, "--no-cache"])
        #expect(unsettled.status == 1)
        #expect(unsettled.stderr.contains("drafted.yaml:12: a TODO of the drafted mapping is left: 'TODO: a rating (2, 3, 5)"), "\(unsettled.stderr)")

        // Filled in as its TODOs say (and those deleted), the draft reads the export like the
        // hand-written mapping.
        let filled = draft
            .replacingOccurrences(of: "fiscal_year_start: 1", with: "fiscal_year_start: 2")
            .replacingOccurrences(of: "coaching_quality: \"Coaching Rating (1-5)\"",
                                  with: "coaching_quality: { header: \"Coaching Rating (1-5)\", tiers: { exceeds: 4, meets: 3 } }")
            .split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.contains("# TODO") }.joined(separator: "\n")
        let mapping = TestFiles.write(filled, to: "mapping.yaml", in: folder)
        let fromDraft = try CLIRun(["run", Self.export, "--mapping", mapping.path, "--format", "json", "--no-cache"])
        let fromHand = try CLIRun(["run", Self.export, "--mapping", Self.mapping, "--format", "json", "--no-cache"])
        #expect(fromDraft.status == 0, "\(fromDraft.stderr)")
        #expect(fromDraft.stdout == fromHand.stdout)
    }

    /// The sample org as a spreadsheet set to German saves it: semicolons between fields,
    /// amounts "49.500,00 €", months "01.2023"; and the mapping that reads it.
    static func semicolonExport() throws -> (folder: URL, mapping: URL) {
        let folder = TestFiles.temporaryDirectory("semicolon-export")
        let source = TestFiles.repositoryRoot.appendingPathComponent("Datasets/sample-org")
        func amount(_ text: String) -> String {
            let parts = text.split(separator: ".", omittingEmptySubsequences: false)
            var whole = String(parts[0])
            var grouped = ""
            while whole.count > 3 {
                grouped = "." + whole.suffix(3) + grouped
                whole = String(whole.dropLast(3))
            }
            return "\"" + whole + grouped + (parts.count > 1 ? "," + parts[1] : "") + " €\""
        }
        for name in ["managers.csv", "reps.csv", "performance.csv"] {
            let lines = try String(contentsOf: source.appendingPathComponent(name), encoding: .utf8).split(separator: "\n")
            var out = [lines[0].replacingOccurrences(of: ",", with: ";")]
            for line in lines.dropFirst() {
                var fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
                if name == "performance.csv" {
                    let month = fields[1].split(separator: "-")
                    fields[1] = "\(month[1]).\(month[0])"
                    for index in [2, 3, 7] where !fields[index].isEmpty { fields[index] = amount(fields[index]) }
                }
                if name == "managers.csv" { fields[2] = fields[2].replacingOccurrences(of: ".", with: ",") }
                out.append(fields.joined(separator: ";"))
            }
            _ = TestFiles.write(out.joined(separator: "\r\n") + "\r\n", to: name, in: folder)
        }
        let euro = "currency: \"€\", thousands: \".\", decimal: \",\""
        let mapping = TestFiles.write("""
            version: 1
            delimiter: ";"
            tables:
              managers:
                columns:
                  coaching_score: { header: coaching_score, decimal: "," }
              performance:
                columns:
                  period: { header: period, period: "MM.yyyy" }
                  quota: { header: quota, \(euro) }
                  bookings: { header: bookings, \(euro) }
                  pipeline_value: { header: pipeline_value, \(euro) }

            """, to: "mapping.yaml", in: TestFiles.temporaryDirectory("semicolon-mapping"))
        return (folder, mapping)
    }

    static let plugins = ["quota-attainment-by-coaching-quality", "rep-improvement-over-time", "activity-to-pipeline", "performance-gaps"]
        .flatMap { ["--plugin", $0] }

    /// `mapping init` sees the semicolons; read through the mapping, the export gives the
    /// sample org's results to the last digit.
    @Test func aSemicolonExportWithDecimalCommasReadsLikeTheCanonicalFiles() throws {
        let (folder, mapping) = try Self.semicolonExport()
        let draft = try CLIRun(["mapping", "init", folder.path])
        #expect(draft.status == 0, "\(draft.stderr)")
        #expect(draft.stdout.contains("\ndelimiter: \";\"\n"))
        let mapped = try CLIRun(["run", folder.path, "--mapping", mapping.path, "--format", "json", "--no-cache"] + Self.plugins)
        let canonical = try CLIRun(["run", "Datasets/sample-org", "--format", "json", "--no-cache"] + Self.plugins)
        #expect(mapped.status == 0, "\(mapped.stderr)")
        let body = { (text: String) in text.split(separator: "\n").dropFirst(2).joined(separator: "\n") }
        #expect(body(mapped.stdout) == body(canonical.stdout))
    }

    /// A tab-separated export (.tsv) beside a comma file: the draft sets the tab for the
    /// export and a comma for the odd file, and reads as it is without an edit.
    @Test func mappingInitSeesEachFilesDelimiter() throws {
        let folder = TestFiles.temporaryDirectory("tsv-export")
        TestFiles.write("manager_id,coaching_quality\nM1,exceeds\nM2,needs_improvement\nM3,exceeds\nM4,needs_improvement\n", to: "managers.csv", in: folder)
        TestFiles.write("rep_id\tmanager_id\nR1\tM1\nR2\tM2\nR3\tM3\nR4\tM4\n", to: "reps.tsv", in: folder)
        TestFiles.write("rep_id\tperiod\tquota\tbookings\nR1\t2024-01\t100\t120\nR2\t2024-01\t100\t90\nR3\t2024-01\t100\t101\nR4\t2024-01\t100\t80\n",
                        to: "performance.tsv", in: folder)
        let draft = try CLIRun(["mapping", "init", folder.path])
        #expect(draft.status == 0, "\(draft.stderr)")
        #expect(draft.stdout.contains("\ndelimiter: \"\\t\"\n"))
        #expect(draft.stdout.contains("    file: \"managers.csv\"\n    delimiter: \",\"\n"))
        let mapping = TestFiles.write(draft.stdout, to: "mapping.yaml", in: TestFiles.temporaryDirectory("tsv-mapping"))
        let run = try CLIRun(["run", folder.path, "--mapping", mapping.path, "--plugin", "quota-attainment-by-coaching-quality", "--format", "json", "--no-cache"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("\"rep_periods\": 4"))
    }

    /// Shards of the semicolon export (one with the header line, one without) through
    /// `partial --mapping`, merged and reported: `run`'s results.
    @Test func shardsOfASemicolonExportMergeIntoRunsResults() throws {
        let (folder, mapping) = try Self.semicolonExport()
        let lines = try String(contentsOf: folder.appendingPathComponent("performance.csv"), encoding: .utf8)
            .split(separator: "\r\n").map(String.init)
        let shards = TestFiles.temporaryDirectory("semicolon-shards")
        let first = TestFiles.write(lines[..<5_001].joined(separator: "\r\n") + "\r\n", to: "a", in: shards)
        let second = TestFiles.write(lines[5_001...].joined(separator: "\r\n") + "\r\n", to: "b", in: shards)
        let decomposable = ["quota-attainment-by-coaching-quality", "rep-improvement-over-time", "performance-gaps"].flatMap { ["--plugin", $0] }
        var states: [String] = []
        for shard in [first, second] {
            let partial = try CLIRun(["partial", "--dimensions", folder.path, "--mapping", mapping.path, shard.path] + decomposable)
            #expect(partial.status == 0, "\(partial.stderr)")
            states.append(TestFiles.write(partial.stdout, to: shard.lastPathComponent + ".state", in: shards).path)
        }
        let merged = try CLIRun(["merge"] + states + ["-o", shards.appendingPathComponent("all.state").path])
        #expect(merged.status == 0, "\(merged.stderr)")
        let report = try CLIRun(["report", shards.appendingPathComponent("all.state").path, "--format", "json", "--expect-rows", "12000"])
        let run = try CLIRun(["run", folder.path, "--mapping", mapping.path, "--format", "json", "--no-cache"] + decomposable)
        #expect(report.status == 0, "\(report.stderr)")
        let body = { (text: String) in text.split(separator: "\n").dropFirst(2).joined(separator: "\n") }
        #expect(body(report.stdout) == body(run.stdout))
    }

    @Test func mistakesInAMappingFileNameTheirLine() throws {
        let folder = TestFiles.temporaryDirectory("bad-mapping")
        let cases: [(String, String)] = [
            ("version: 1\ntables:\n  performance:\n    columns:\n      quota: { header: Q, curency: \"$\" }\n",
             "mapping.yaml:5: tables.performance.columns.quota: unknown key 'curency'"),
            ("version: 1\ntables:\n  performance:\n    columns:\n      rep: Owner\n",
             "mapping.yaml:5: tables.performance.columns: unknown key 'rep'"),
            ("version: 1\ntables:\n  reps:\n    columns:\n      hire_date: { header: H, date: \"MM/yyyy\" }\n",
             "mapping.yaml:5: tables.reps.columns.hire_date: 'MM/yyyy' has no day"),
            ("version: 1\ntables:\n  performance:\n    columns:\n      rep_id: { header: Owner, currency: \"$\" }\n",
             "rep_id is not a number column"),
            ("version: 2\ntables: {}\n", "mapping.yaml:1: version must be 1"),
            ("version: 1\ndelimiter: \"ab\"\ntables: {}\n", "mapping.yaml:2: delimiter must be one character between fields"),
            ("version: 1\ntables:\n  reps:\n    delimiter: \".\"\n", "mapping.yaml:4: tables.reps.delimiter must be one character between fields"),
            ("tables:\n  performance:\n    file: [a\n", "mapping.yaml:4: is not valid YAML"),
            // MAPPING.md requires the version: a later format is never read as this one.
            ("tables:\n  reps:\n    file: r.csv\n", "mapping.yaml:1: has no `version: 1` line"),
        ]
        for (text, expected) in cases {
            let mapping = TestFiles.write(text, to: "mapping.yaml", in: folder)
            let run = try CLIRun(["validate", Self.export, "--mapping", mapping.path])
            #expect(run.status != 0)
            #expect(run.stderr.contains(expected), "\(run.stderr)")
        }
    }

    @Test func aFileThatIsNotCSVFailsAtOnce() throws {
        let cases: [(Data, String)] = [
            (Data("%PDF-1.7\n%\u{00E2}\n1 0 obj\n".utf8) + Data(count: 100_000), "this is a PDF document; expected CSV text"),
            (Data([0x50, 0x4B, 0x03, 0x04]) + Data(count: 100_000), "this is a zip archive (an .xlsx workbook?); expected CSV text"),
            (Data([0xFF, 0xFE]) + "rep_id,period\n".data(using: .utf16LittleEndian)!, "this is UTF-16 text: read the folder through a mapping with the line `encoding: utf-16` under tables.performance"),
        ]
        for (bytes, message) in cases {
            let folder = TestFiles.dataset()
            try bytes.write(to: folder.appendingPathComponent("performance.csv"))
            let run = try CLIRun(["run", folder.path, "--no-cache"])
            #expect(run.status == 1)
            #expect(run.stderr.contains("performance.csv: \(message)"), "\(run.stderr)")
        }
    }
}
