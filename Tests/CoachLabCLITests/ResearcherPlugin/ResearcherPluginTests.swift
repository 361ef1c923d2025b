import CoachLabCommandLine
import CoachLabIngestion
import CoachLabPluginAPI
import CoachLabPlugins
import CoachLabPluginTestKit
import CoachLabTestSupport
import Foundation
import Testing

/// A researcher's own plugin run through the command line, as their package's one-line
/// `main.swift` runs it (`CoachLabCommand.main(plugins:)`): every command knows it, and its
/// answers are checked against the CSV files read naively here.
struct ResearcherPluginTests {
    /// The sample org with its reps dealt to managers unevenly (every team there has ten):
    /// the first 350 seven to a manager, the other 150 ten more to each of the first 15.
    static let sample: String = {
        let source = TestFiles.repositoryRoot.appendingPathComponent("Datasets/sample-org")
        let folder = TestFiles.temporaryDirectory("uneven-teams")
        for name in ["managers.csv", "performance.csv"] {
            try! FileManager.default.copyItem(at: source.appendingPathComponent(name), to: folder.appendingPathComponent(name))
        }
        let managers = try! String(contentsOf: source.appendingPathComponent("managers.csv"), encoding: .utf8)
            .split(separator: "\n").dropFirst().map { $0.prefix { $0 != "," } }
        var reps = try! String(contentsOf: source.appendingPathComponent("reps.csv"), encoding: .utf8).split(separator: "\n")
        for index in 1..<reps.count {
            var fields = reps[index].split(separator: ",", omittingEmptySubsequences: false)
            let rep = index - 1
            fields[1] = managers[rep < 350 ? rep / 7 : (rep - 350) / 10]
            reps[index] = Substring(fields.joined(separator: ","))
        }
        try! (reps.joined(separator: "\n") + "\n").write(to: folder.appendingPathComponent("reps.csv"), atomically: true, encoding: .utf8)
        return folder.path
    }()
    static let registry = try! BuiltinPlugins.registry().adding([TeamSizeVersusAttainment()])
    static let id = TeamSizeVersusAttainment().descriptor.id

    /// The JSON the command writes with `--output`.
    func output(of arguments: [String]) throws -> (text: String, json: [String: Any]) {
        let file = TestFiles.temporaryDirectory("researcher").appendingPathComponent("out.json")
        try CoachLabCommand.run(arguments + ["--format", "json", "--output", file.path], plugins: Self.registry)
        let text = try String(contentsOf: file, encoding: .utf8)
        return (text, try JSONSerialization.jsonObject(with: Data(text.utf8)) as! [String: Any])
    }

    /// The `by_team_size` rows of the plugin's result, by group id.
    func rows(_ json: [String: Any]) throws -> [String: [String: Any]] {
        let results = try #require(json["results"] as? [[String: Any]])
        let result = try #require(results.first { $0["plugin"] as? String == Self.id })
        let table = try #require((result["tables"] as? [String: Any])?["by_team_size"] as? [[String: Any]])
        return Dictionary(uniqueKeysWithValues: table.map { ($0["team_size"] as! String, $0) })
    }

    /// Rep-months and attained ones of small and large teams, from the CSV files split at
    /// commas (the sample org has no quoted fields).
    func expected(largeFrom: Int) throws -> [String: (repMonths: Int, attained: Int)] {
        func records(_ name: String) throws -> [[Substring]] {
            try String(contentsOfFile: "\(Self.sample)/\(name)", encoding: .utf8)
                .split(separator: "\n").dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        }
        let managerOfRep = Dictionary(uniqueKeysWithValues: try records("reps.csv").map { ($0[0], $0[1]) })
        var teamSize: [Substring: Int] = [:]
        for manager in managerOfRep.values { teamSize[manager, default: 0] += 1 }
        var counts = ["small": (repMonths: 0, attained: 0), "large": (repMonths: 0, attained: 0)]
        for row in try records("performance.csv") {
            guard let quota = Double(row[2]), quota > 0, let bookings = Double(row[3]) else { continue }
            let group = teamSize[managerOfRep[row[0]]!]! >= largeFrom ? "large" : "small"
            counts[group]!.repMonths += 1
            counts[group]!.attained += bookings >= quota ? 1 : 0
        }
        return counts
    }

    @Test(arguments: [10, 18])
    func runAnswersWithTheResearchersPlugin(largeFrom: Int) throws {
        let (_, json) = try output(of: ["run", Self.sample, "--no-cache", "--plugin", Self.id, "--option", "team-size=\(largeFrom)"])
        let rows = try rows(json)
        let expected = try expected(largeFrom: largeFrom)
        // 35 teams of 7 and 15 of 17: at 18 reps no team is large.
        #expect(expected["small"]!.repMonths > 0 && (expected["large"]!.repMonths > 0) == (largeFrom == 10))
        for group in ["small", "large"] {
            let row = try #require(rows[group])
            let (repMonths, attained) = try #require(expected[group])
            #expect(row["rep_months"] as? Int == repMonths, "\(group)")
            #expect(row["attained"] as? Int == attained, "\(group)")
            if repMonths > 0 {
                #expect(row["attainment_rate"] as? Double == Double(attained) / Double(repMonths), "\(group)")
            } else {
                #expect(row["attainment_rate"] is NSNull, "\(group)")
            }
        }
    }

    @Test func partialMergeReportOfItsShardsPrintWhatRunPrints() throws {
        let folder = TestFiles.temporaryDirectory("researcher-shards")
        let lines = try String(contentsOfFile: "\(Self.sample)/performance.csv", encoding: .utf8).split(separator: "\n")
        var states: [String] = []
        for (index, start) in stride(from: 1, to: lines.count, by: 4_000).enumerated() {
            let shard = folder.appendingPathComponent("shard-\(index).csv").path
            try (lines[start..<min(start + 4_000, lines.count)].joined(separator: "\n") + "\n").write(toFile: shard, atomically: true, encoding: .utf8)
            states.append(shard + ".state")
            try CoachLabCommand.run(
                ["partial", "--dimensions", Self.sample, "--plugin", Self.id, shard, "--output", states.last!], plugins: Self.registry)
        }
        #expect(states.count == 3)
        let merged = folder.appendingPathComponent("all.state").path
        try CoachLabCommand.run(["merge"] + states.reversed() + ["--output", merged], plugins: Self.registry)
        let report = try output(of: ["report", merged, "--expect-shards", "3", "--expect-rows", String(lines.count - 1)])
        let run = try output(of: ["run", Self.sample, "--no-cache", "--plugin", Self.id])
        #expect(try rows(report.json).count == 2)
        #expect(report.text == run.text)
    }

    /// The sample's small teams hold 245 reps and its large ones 255: at 250 the shared
    /// report hides the small teams' row and keeps the large teams'.
    @Test func aSharedReportSuppressesItsSmallGroups() throws {
        let (_, json) = try output(of: ["run", Self.sample, "--no-cache", "--plugin", Self.id])
        #expect(try rows(json)["small"]?["reps"] as? Int == 245 && rows(json)["large"]?["reps"] as? Int == 255)
        let file = TestFiles.temporaryDirectory("researcher-report").appendingPathComponent("report.html")
        try CoachLabCommand.run(
            ["report", Self.sample, "--no-cache", "--plugin", Self.id, "--min-group-size", "250", "--output", file.path],
            plugins: Self.registry)
        let html = try String(contentsOf: file, encoding: .utf8)
        // The small teams' row: managers, rep-months, attained, rate, interval, mean.
        #expect(html.components(separatedBy: "suppressed: fewer than 250 reps").count - 1 == 7)
        #expect(html.contains("6,120"))  // the large teams' rep-months
        #expect(!html.contains("5,880"))  // the small teams'
        // The finding names both groups' rates, and the difference gives one from the other.
        #expect(html.contains("Not shown: a group compared here describes fewer than 250 reps."))
        #expect(!html.contains("in smaller teams"))
        #expect(!html.contains("-0.4 pts") && !html.contains("−0.4 pts"))  // the rate difference
        #expect(html.contains("Statistics that compare the rows of by_team_size are suppressed"))
        // The plugin's threshold (a count whose role is a threshold) describes no reps: shown.
        #expect(html.contains("<tr><th scope=\"row\">Team size</th><td>10</td></tr>"))
    }

    @Test func honoursThePluginContract() throws {
        let dataset = try DatasetLoader().load(folder: Self.sample).dataset
        #expect(PluginContract.violations(of: TeamSizeVersusAttainment(), on: dataset).isEmpty)
        #expect(PluginContract.violations(of: TeamSizeVersusAttainment(), on: PluginContract.datasetWithRefusedRows).isEmpty)
    }

    @Test func theBuiltInCommandLineDoesNotKnowIt() throws {
        let error = #expect(throws: (any Error).self) {
            try CoachLabCommand.run(["run", Self.sample, "--no-cache", "--plugin", Self.id])
        }
        #expect("\(error!)".contains("unknown plugin '\(Self.id)'"))
        #expect("\(error!)".contains("quota-attainment-by-coaching-quality"))
    }

    /// A metric with no exact partial state: `run` computes it, `partial` refuses it by name.
    struct TeamSizeWholeOnly: MetricPlugin {
        let descriptor: PluginDescriptor = {
            var descriptor = TeamSizeVersusAttainment().descriptor
            descriptor.id = "team-size-whole-only"
            return descriptor
        }()

        func compute(_ context: PluginContext) throws(PluginError) -> MetricResult {
            try TeamSizeVersusAttainment().compute(context)
        }
    }

    @Test func aPluginThatCannotBeDecomposedIsRefusedByName() throws {
        let registry = try BuiltinPlugins.registry().adding([TeamSizeWholeOnly()])
        let state = TestFiles.temporaryDirectory("whole-only").appendingPathComponent("a.state").path
        let error = #expect(throws: (any Error).self) {
            try CoachLabCommand.run(
                ["partial", "--dimensions", Self.sample, "--plugin", "team-size-whole-only", Self.sample + "/performance.csv", "--output", state],
                plugins: registry)
        }
        #expect("\(error!)".contains("plugin 'team-size-whole-only' cannot be computed in shards"), "\(error!)")
        let file = TestFiles.temporaryDirectory("whole-only-run").appendingPathComponent("run.json").path
        try CoachLabCommand.run(["run", Self.sample, "--no-cache", "--plugin", "team-size-whole-only", "--format", "json", "--output", file], plugins: registry)
        // Its result is the decomposable metric's, computed whole.
        #expect(try String(contentsOfFile: file, encoding: .utf8).contains("\"\(Self.id)\""))
    }
}
