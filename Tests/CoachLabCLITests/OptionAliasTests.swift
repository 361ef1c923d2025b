import CoachLabCommandLine
import CoachLabPluginAPI
import CoachLabPlugins
import CoachLabTestSupport
import Foundation
import Testing

/// A plugin of a researcher's with an option of the same name as a built-in's.
struct MinPeriodsEcho: MetricPlugin {
    static let minimumPeriods = OptionKey.integer("min-periods", summary: "months a rep needs", in: 1...100, default: 4)

    let descriptor = PluginDescriptor(
        id: "min-periods-echo", title: "Echo", summary: "Says which minimum it was given.",
        description: "Returns its min-periods option.", requiredTables: [.managers],
        options: [minimumPeriods.declaration])

    func compute(_ context: PluginContext) throws(PluginError) -> MetricResult {
        MetricResult(pluginID: descriptor.id, title: "Echo", summary: [
            ResultField("min_periods", .integer(context.options[Self.minimumPeriods]), .count(of: .threshold)),
        ])
    }
}

/// `--option NAME=VALUE` reaches every selected plugin that declares NAME, built-in or not;
/// the flags from before it (`--min-periods`, `--scenario`, `--min-managers`) are aliases of it.
@Suite struct OptionAliasTests {
    static let sample = "Datasets/sample-org"

    /// Each alias gives the JSON of `--option`, to the byte, and a value other than the default.
    @Test(arguments: [
        ("rep-improvement-over-time", "min-periods", "9", "min_periods"),
        ("activity-to-pipeline", "scenario", "calls=+100%", "scenario"),
        ("quota-attainment-by-coaching-quality", "min-managers", "9", "min_managers"),
    ])
    func anAliasIsTheOption(plugin: String, name: String, value: String, key: String) throws {
        let common = ["run", Self.sample, "--no-cache", "--plugin", plugin, "--format", "json"]
        let alias = try CLIRun(common + ["--\(name)", value])
        let option = try CLIRun(common + ["--option", "\(name)=\(value)"])
        let scoped = try CLIRun(common + ["--option", "\(plugin).\(name)=\(value)"])
        #expect(alias.status == 0, "\(alias.stderr)")
        #expect(alias.stdout == option.stdout && option.stdout == scoped.stdout)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(alias.stdout.utf8)) as? [String: Any])
        let summary = try #require((object["results"] as? [[String: Any]])?.first?["summary"] as? [String: Any])
        #expect("\(summary[key] ?? "")" == value)
    }

    @Test func anAliasIsCheckedAsTheOptionIs() throws {
        for arguments in [["--min-periods", "x"], ["--option", "min-periods=x"]] {
            let run = try CLIRun(["run", Self.sample, "--no-cache", "--plugin", "rep-improvement-over-time"] + arguments)
            #expect(run.status != 0)
            #expect(run.stderr.contains("option min-periods takes a whole number from 2 to 1200, not 'x'"), "\(run.stderr)")
        }
    }

    /// The command line knows no plugin's options: a researcher's `min-periods` gets the
    /// value as the built-in's does, by `--option` and by the alias.
    @Test func anOptionReachesEveryPluginThatDeclaresIt() throws {
        let registry = try BuiltinPlugins.registry().adding([MinPeriodsEcho()])
        for given in [["--option", "min-periods=9"], ["--min-periods", "9"]] {
            let file = TestFiles.temporaryDirectory("option-alias").appendingPathComponent("out.json")
            try CoachLabCommand.run(
                ["run", Self.sample, "--no-cache", "--plugin", "rep-improvement-over-time", "--plugin", "min-periods-echo",
                 "--plugin", "quota-attainment-by-coaching-quality", "--format", "json", "--output", file.path] + given,
                plugins: registry)
            let object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: file)) as? [String: Any])
            let results = try #require(object["results"] as? [[String: Any]])
            let minimums = results.map { ($0["summary"] as? [String: Any])?["min_periods"] as? Int }
            #expect(minimums == [9, 9, nil], "\(given)")
        }
    }

    /// A state fixes its options: an alias is refused there as `--option` is.
    @Test func aStateRefusesAnAlias() throws {
        let folder = TestFiles.temporaryDirectory("alias-state")
        let state = folder.appendingPathComponent("all.state").path
        let partial = try CLIRun(["partial", "--dimensions", Self.sample, "--plugin", "quota-attainment-by-coaching-quality",
                                  "--output", state, Self.sample + "/performance.csv"])
        #expect(partial.status == 0, "\(partial.stderr)")
        for given in [["--option", "min-managers=3"], ["--min-managers", "3"]] {
            let report = try CLIRun(["report", state, "--format", "json"] + given)
            #expect(report.status != 0)
            #expect(report.stderr.contains("a state fixes its plugins and options"), "\(given): \(report.stderr)")
        }
    }
}
