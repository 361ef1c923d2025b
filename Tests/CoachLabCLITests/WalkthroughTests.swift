import CoachLabCommandLine
import CoachLabIngestion
import CoachLabPluginAPI
import CoachLabPlugins
import CoachLabPluginTestKit
import CoachLabTestSupport
import Foundation
import Testing

/// Plugins/README.md's walkthrough: the page shows the files of `Walkthrough/` verbatim, and
/// they compile (as part of this target), keep the contract and run through the command line.
@Suite struct WalkthroughTests {
    static let sample = TestFiles.repositoryRoot.appendingPathComponent("Datasets/sample-org").path

    @Test(arguments: ["AttainmentByRegion.swift", "AttainmentByRegionInShards.swift"])
    func theReadmeShowsTheCodeVerbatim(file: String) throws {
        let readme = try String(contentsOf: TestFiles.repositoryRoot.appendingPathComponent("Plugins/README.md"), encoding: .utf8)
        let code = try String(
            contentsOf: TestFiles.repositoryRoot.appendingPathComponent("Tests/CoachLabCLITests/Walkthrough/\(file)"), encoding: .utf8)
        #expect(readme.contains("```swift\n" + code + "```\n"), "Plugins/README.md does not show \(file) as it is")
    }

    /// The JSON `arguments` write, run with `plugin` beside the built-ins.
    func json(_ arguments: [String], plugin: any MetricPlugin) throws -> String {
        let file = TestFiles.temporaryDirectory("walkthrough").appendingPathComponent("out.json")
        try CoachLabCommand.run(arguments + ["--format", "json", "--output", file.path],
                                plugins: BuiltinPlugins.registry().adding([plugin]))
        return try String(contentsOf: file, encoding: .utf8)
    }

    /// The rates `coachlab run` prints are the shares counted here from the CSV text.
    @Test func theFirstMetricRunsThroughTheCommandLine() throws {
        let text = try json(["run", Self.sample, "--no-cache", "--plugin", "attainment-by-region", "--option", "min-reps=85"],
                            plugin: AttainmentByRegion())
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let result = try #require((object["results"] as? [[String: Any]])?.first)
        let rows = try #require((result["tables"] as? [String: Any])?["by_region"] as? [[String: Any]])

        func lines(_ name: String) throws -> [[Substring]] {
            try String(contentsOfFile: Self.sample + "/" + name, encoding: .utf8)
                .split(separator: "\n").dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        }
        let regionOfRep = Dictionary(uniqueKeysWithValues: try lines("reps.csv").map { ($0[0], String($0[2])) })
        var expected: [String: (reps: Int, months: Int, attained: Int)] = [:]
        for region in regionOfRep.values { expected[region, default: (0, 0, 0)].reps += 1 }
        for row in try lines("performance.csv") {
            guard let quota = Double(row[2]), let booked = Double(row[3]), quota > 0 else { continue }
            let region = regionOfRep[row[0]]!
            expected[region]!.months += 1
            if booked >= quota { expected[region]!.attained += 1 }
        }
        #expect(rows.count == expected.count)
        for row in rows {
            let counted = try #require(expected[row["region"] as! String])
            #expect(row["reps"] as? Int == counted.reps && row["rep_months"] as? Int == counted.months)
            if counted.reps >= 85 {
                let rate = try #require(row["attainment_rate"] as? Double)
                #expect(Tolerance.agrees(rate, Double(counted.attained) / Double(counted.months)))
            } else {
                #expect(row["attainment_rate"] is NSNull)
            }
        }
        #expect((result["summary"] as? [String: Any])?["min_reps"] as? Int == 85)
    }

    @Test func bothFormsKeepTheContract() throws {
        let dataset = try DatasetLoader().load(folder: Self.sample).dataset
        for plugin in [AttainmentByRegion(), AttainmentByRegionInShards()] as [any MetricPlugin] {
            for data in [dataset, PluginContract.datasetWithRefusedRows] {
                let violations = PluginContract.violations(of: plugin, on: data, options: ["min-reps": "85"])
                #expect(violations.isEmpty, "\(type(of: plugin)): \(violations)")
            }
        }
    }

    /// In shards through `partial | merge | report`, the shardable form prints what the
    /// first form prints with `run`, to the byte.
    @Test func theShardableFormGivesTheSameAnswerInShards() throws {
        let run = try json(["run", Self.sample, "--no-cache", "--plugin", "attainment-by-region"], plugin: AttainmentByRegion())
        let folder = TestFiles.temporaryDirectory("walkthrough-shards")
        let performance = try String(contentsOfFile: Self.sample + "/performance.csv", encoding: .utf8).split(separator: "\n")
        let registry = try BuiltinPlugins.registry().adding([AttainmentByRegionInShards()])
        var states: [String] = []
        for (index, half) in [performance[1..<5000], performance[5000...]].enumerated() {
            let shard = TestFiles.write((performance[0..<1] + half).joined(separator: "\n") + "\n", to: "shard-\(index).csv", in: folder)
            let state = folder.appendingPathComponent("shard-\(index).state").path
            try CoachLabCommand.run(["partial", "--dimensions", Self.sample, "--dataset-name", Self.sample,
                                     "--plugin", "attainment-by-region", "--output", state, shard.path], plugins: registry)
            states.append(state)
        }
        let merged = folder.appendingPathComponent("all.state").path
        try CoachLabCommand.run(["merge", "--output", merged] + states, plugins: registry)
        let reported = try json(["report", merged], plugin: AttainmentByRegionInShards())
        #expect(reported == run)
    }
}
