import CoachLabTestSupport
import Foundation
import Testing

/// `--by COLUMN`: each segment's results are the run `--where COLUMN=VALUE` gives, its
/// p-values are adjusted with every other segment's, and one more result compares them.
@Suite(.serialized) struct SegmentCommandTests {
    static let plugins = ["--plugin", "quota-attainment-by-coaching-quality", "--plugin", "rep-improvement-over-time"]

    func json(_ arguments: [String]) throws -> [String: Any] {
        let run = try CLIRun(arguments + ["--format", "json"])
        #expect(run.status == 0, "\(run.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
    }

    @Test func eachSegmentIsTheRunOfItsSlice() throws {
        let by = try json(["run", "Datasets/sample-org", "--by", "segment", "--to", "2024-06"] + Self.plugins)
        let results = try #require(by["results"] as? [[String: Any]])
        let segments = ["Enterprise", "Mid-Market", "SMB"]
        #expect(results.map { $0["plugin"] as? String } == segments.flatMap { segment in
            ["quota-attainment-by-coaching-quality", "rep-improvement-over-time"].map { "\($0)@segment=\(segment.lowercased())" }
        } + ["segments"])
        var familySize = 0
        for (index, segment) in segments.enumerated() {
            let alone = try json(["run", "Datasets/sample-org", "--where", "segment=\(segment)", "--to", "2024-06"] + Self.plugins)
            familySize += try #require((alone["multiple_testing"] as? [String: Any])?["family_size"] as? Int)
            for (offset, expected) in try #require(alone["results"] as? [[String: Any]]).enumerated() {
                var result = results[2 * index + offset]
                #expect(result["title"] as? String == "\(expected["title"] as! String) — segment = \(segment)")
                var notes = try #require(result["notes"] as? [String])
                #expect(notes.removeFirst().hasPrefix("Segment segment = \(segment): "))
                result["notes"] = notes
                result["plugin"] = expected["plugin"]
                result["title"] = expected["title"]
                #expect(NSDictionary(dictionary: result).isEqual(to: expected), "\(segment) \(expected["plugin"]!)")
            }
        }
        // The family: every segment's tests, and whether the segments differ in each of the two
        // plugins' differences.
        let testing = try #require(by["multiple_testing"] as? [String: Any])
        #expect(testing["family_size"] as? Int == familySize + 2)
        #expect((by["slice"] as? [String: Any])?["description"] as? String == "to 2024-06")
    }

    /// The comparison: a table per plugin, a row per segment naming its result, each p-value
    /// beside its value adjusted across every segment.
    @Test func theComparisonSetsTheSegmentsSideBySide() throws {
        let by = try json(["run", "Datasets/sample-org", "--by", "coaching_quality"] + Self.plugins)
        let results = try #require(by["results"] as? [[String: Any]])
        let comparison = try #require(results.last)
        #expect(comparison["plugin"] as? String == "segments")
        let tables = try #require(comparison["tables"] as? [String: [[String: Any]]])
        let rows = try #require(tables["quota-attainment-by-coaching-quality"])
        #expect(rows.map { $0["coaching_quality"] as? String } == ["exceeds", "meets", "needs_improvement"])
        let tests = try #require((by["multiple_testing"] as? [String: Any])?["tests"] as? [[String: Any]])
        for row in rows {
            let id = try #require(row["result"] as? String)
            let segment = try #require(results.first { $0["plugin"] as? String == id })
            let summary = try #require(segment["summary"] as? [String: Any])
            #expect((row["rep_periods"] as? Int) == (summary["rep_periods"] as? Int))
            #expect((row["reps"] as? Int ?? 0) > 0)
            let test = tests.first { $0["plugin"] as? String == id && $0["key"] as? String == "chi_square" }
            #expect(test == nil)
            if let adjusted = tests.first(where: { $0["plugin"] as? String == id }) {
                let key = try #require(adjusted["key"] as? String)
                #expect((row[key + "_adjusted"] as? NSNumber)?.doubleValue == (adjusted["p_adjusted"] as? NSNumber)?.doubleValue)
            }
        }
    }

    @Test func everyFormatShowsTheSegments() throws {
        let base = ["run", "Datasets/sample-org", "--by", "region", "--plugin", "quota-attainment-by-coaching-quality"]
        let table = try CLIRun(base)
        #expect(table.status == 0 && table.stdout.contains("Quota attainment by coaching quality — region = LATAM\n"))
        #expect(table.stdout.contains("By region: each plugin's summary per segment\n"))
        #expect(try CLIRun(base + ["--format", "markdown"]).stdout.contains("## By region: each plugin's summary per segment"))
        #expect(try CLIRun(base + ["--format", "csv"]).stdout.contains("\r\nsegments,quota-attainment-by-coaching-quality,APAC,quota-attainment-by-coaching-quality@region=apac,"))
        let folder = TestFiles.temporaryDirectory("by-folder").path + "/"
        #expect(try CLIRun(base + ["--format", "csv", "-o", folder]).status == 0)
        #expect(FileManager.default.fileExists(atPath: folder + "segments__quota-attainment-by-coaching-quality.csv"))
        #expect(FileManager.default.fileExists(atPath: folder + "quota-attainment-by-coaching-quality_region_apac__by_tier.csv"))
        let html = TestFiles.temporaryDirectory("by-html").appendingPathComponent("r.html")
        #expect(try CLIRun(["report", "Datasets/sample-org", "--by", "region", "-o", html.path]).status == 0)
        let page = try String(contentsOf: html, encoding: .utf8)
        #expect(page.contains("id=\"segments\"") && page.contains("id=\"quota-attainment-by-coaching-quality@region=north-america-west\""))
    }

    @Test func anUnknownOrAbsentColumnIsAClearError() throws {
        let unknown = try CLIRun(["run", "Datasets/sample-org", "--by", "territory"])
        #expect(unknown.status == 64)
        #expect(unknown.stderr.hasPrefix("Error: --by territory: unknown column; segments are the values of rep_id, manager_id, region, segment, hire_date, coaching_quality, coaching_score\n"))
        let absent = try CLIRun(["run", TestFiles.dataset().path, "--by", "region"])
        #expect(absent.status == 1)
        #expect(absent.stderr == "Error: --by region: reps.csv has no column 'region'\n")
        let state = TestFiles.temporaryDirectory("by-state").appendingPathComponent("s.state")
        try "x".write(to: state, atomically: true, encoding: .utf8)
        #expect(try CLIRun(["report", state.path, "--by", "region"]).status == 64)
        let named = try CLIRun(["report", "Datasets/sample-org", "--by", "manager_id", "--pseudonymize"])
        #expect(named.status == 64 && named.stderr.hasPrefix("Error: --by manager_id names each segment by its id, which --pseudonymize would have to hide\n"))
    }

    /// Segment ids are made of letters, digits and dashes, whatever the values hold.
    @Test func valuesBecomeSafeIDs() throws {
        let folder = ExportCommandTests.fixtures.appendingPathComponent("edge-org").path
        let by = try json(["run", folder, "--no-cache", "--by", "region", "--plugin", "quota-attainment-by-coaching-quality"])
        let results = try #require(by["results"] as? [[String: Any]])
        let ids = results.compactMap { $0["plugin"] as? String }
        #expect(ids == ["quota-attainment-by-coaching-quality@region=north-east", "quota-attainment-by-coaching-quality@region=say-hi-",
                        "quota-attainment-by-coaching-quality@region=west", "segments"])
        let comparison = try #require(results.last)
        #expect((comparison["notes"] as? [String])?.first == "1 rep(s) have no region and are in no segment.")
    }

    /// Whether the segments differ: Cochran's Q over the segments' estimates holds its size on
    /// generated orgs whose planted effects are the same in every region (it may be below it:
    /// read off t intervals, its standard errors are too large), and is in the run's family.
    @Test func theSegmentsDifferOnlyByChanceWhereTheEffectIsTheSameEverywhere() throws {
        let folder = TestFiles.temporaryDirectory("segments-differ")
        var pValues: [Double] = []
        for seed in 1...20 {
            let org = folder.appendingPathComponent("org\(seed)").path
            let generated = try CLIRun(["generate", "--reps", "600", "--months", "18", "--seed", "\(seed)", "--no-coaching-tables", "--out", org])
            #expect(generated.status == 0, "\(generated.stderr)")
            let by = try json(["run", org, "--no-cache", "--by", "segment"] + Self.plugins)
            let comparison = try #require((by["results"] as? [[String: Any]])?.last?["summary"] as? [String: Any])
            for key in ["quota-attainment-by-coaching-quality:rate_difference", "rep-improvement-over-time:slope_difference"] {
                pValues.append(try #require(comparison[key + "_segments_differ_p_value"] as? Double, "\(key), seed \(seed)"))
            }
        }
        #expect(pValues.count == 40)
        // At the 5% level, 2 of 40 by chance; 6 or more would happen by chance under 1% of the time.
        #expect(pValues.filter { $0 < 0.05 }.count <= 5, "\(pValues)")
        #expect(pValues.allSatisfy { $0 > 0 && $0 <= 1 })
    }
}
