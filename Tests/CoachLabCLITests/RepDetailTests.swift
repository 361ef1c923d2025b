import CoachLabTestSupport
import Foundation
import Testing

/// JSON leaves out the tables of one row per rep unless `--detail reps` asks for them, from
/// a dataset and from merged states alike.
@Suite struct RepDetailTests {
    static let sample = "Datasets/sample-org"
    static let plugins = ["--plugin", "skill-will-matrix", "--plugin", "performance-gaps", "--plugin", "quota-attainment-by-coaching-quality"]

    static func results(_ run: CLIRun) throws -> [String: [String: Any]] {
        #expect(run.status == 0, "\(run.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let results = try #require(object["results"] as? [[String: Any]])
        return Dictionary(uniqueKeysWithValues: results.map { ($0["plugin"] as! String, $0) })
    }

    @Test func jsonLeavesOutRepTablesAndSaysHowToKeepThem() throws {
        let plain = try Self.results(CLIRun(["run", Self.sample, "--format", "json"] + Self.plugins))
        let detailed = try Self.results(CLIRun(["run", Self.sample, "--format", "json", "--detail", "reps"] + Self.plugins))
        for plugin in ["skill-will-matrix", "performance-gaps"] {
            let tables = try #require(plain[plugin]?["tables"] as? [String: Any])
            #expect(tables["by_rep"] == nil, "\(plugin)")
            let kept = try #require((detailed[plugin]?["tables"] as? [String: Any])?["by_rep"] as? [[String: Any]])
            #expect(kept.count > 40, "\(plugin): \(kept.count) reps")
            let notes = try #require(plain[plugin]?["notes"] as? [String])
            #expect(notes.last == "Left out of this output: by_rep (\(kept.count) rows, one per rep); add --detail reps to write it.")
            // Everything else is the same.
            #expect(Set(tables.keys).union(["by_rep"]) == Set((detailed[plugin]?["tables"] as! [String: Any]).keys))
            let summary = NSDictionary(dictionary: plain[plugin]?["summary"] as! [String: Any])
            #expect(summary.isEqual(to: detailed[plugin]?["summary"] as! [String: Any]))
        }
        // A result without rep tables gains no note.
        let notes = NSArray(array: plain["quota-attainment-by-coaching-quality"]?["notes"] as! [Any])
        #expect(notes.isEqual(to: detailed["quota-attainment-by-coaching-quality"]?["notes"] as! [Any]))
    }

    @Test func reportFromStatesWritesWhatRunWrites() throws {
        let folder = TestFiles.temporaryDirectory("rep-detail-states")
        let state = folder.appendingPathComponent("all.state").path
        let partial = try CLIRun(["partial", "--dimensions", Self.sample, "--plugin", "performance-gaps",
                                  Self.sample + "/performance.csv", "--output", state])
        #expect(partial.status == 0, "\(partial.stderr)")
        for detail in [[], ["--detail", "reps"]] {
            let run = try CLIRun(["run", Self.sample, "--plugin", "performance-gaps", "--format", "json"] + detail)
            let report = try CLIRun(["report", state, "--format", "json"] + detail)
            #expect(report.status == 0, "\(report.stderr)")
            #expect(report.stdout == run.stdout, "detail \(detail)")
            #expect(run.stdout.contains("\"by_rep\"") == !detail.isEmpty)
        }
    }

    @Test func detailIsRefusedWhereItMeansNothing() throws {
        for format in ["table", "markdown", "csv", "html"] {
            let run = try CLIRun(["run", Self.sample, "--format", format, "--detail", "reps"])
            #expect(run.status != 0 && run.stderr.contains("--detail applies to --format json"), "\(format): \(run.stderr)")
        }
        let unknown = try CLIRun(["run", Self.sample, "--format", "json", "--detail", "managers"])
        #expect(unknown.status != 0 && unknown.stderr.contains("reps"))
    }
}
