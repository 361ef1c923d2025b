import CoachLabIngestion
import CoachLabPluginAPI
import CoachLabPlugins
import CoachLabPluginTestKit
import CoachLabTestSupport
import Foundation
import Testing
import CoachLabRunner

/// The coaching-practice plugins against pandas/scipy (CoachingGolden/make_coaching_golden.py
/// wrote the dataset and the expected values; no Python is needed here).
@Suite struct CoachingGoldenTests {
    static let golden = TestFiles.repositoryRoot.appendingPathComponent("Tests/CoachLabPluginsTests/CoachingGolden")
    static var expected: [String: Any] { TestFiles.json(at: golden.appendingPathComponent("expected/coaching.json")) as! [String: Any] }
    /// The entries of plugins: a plugin's id, or `ID@VARIANT` for the same plugin run again
    /// with other options.
    static var entries: [String] { expected.keys.filter { $0.contains("-") }.sorted() }

    /// program-impact's estimator is checked against `differences` and csdid
    /// (StaggeredDifferenceInDifferencesTests) and the plugin on generated rollouts
    /// (ProgramImpactTests); this dataset has no programs.csv.
    @Test func everyCoachingPluginHasGoldenValues() {
        let shipped = Set(BuiltinPlugins.all.map(\.descriptor.id))
            .subtracting(["quota-attainment-by-coaching-quality", "rep-improvement-over-time", "program-impact"])
        #expect(Set(Self.entries.map { String($0.prefix { $0 != "@" }) }) == shipped)
    }

    @Test(arguments: entries)
    func matchesReference(entry: String) throws {
        let id = String(entry.prefix { $0 != "@" })
        let plugin = try #require(BuiltinPlugins.registry().plugin(id: id))
        // Every column: the runner and the contract hand the plugin only what it declares, as
        // `coachlab run` does, and the contract fails a result that depends on more.
        let dataset = try DatasetLoader().load(folder: Self.golden.appendingPathComponent("datasets/coaching").path).dataset
        let reference = Self.expected[entry] as! [String: Any]
        let options = reference["options"] as? [String: String] ?? [:]
        let result = try PluginRunner().run([plugin], on: dataset, options: [id: options])[0]
        compareGolden(result, reference.filter { $0.key != "options" }, entry)
        let violations = PluginContract.violations(of: plugin, on: dataset, options: options)
        #expect(violations.isEmpty, "\(entry): \(violations)")
    }

    /// Every number a finding states is one the result holds: the sentence cannot drift
    /// from the JSON.
    @Test(arguments: BuiltinPlugins.all.filter { !$0.descriptor.requiredTables.contains(.programs) }.map(\.descriptor.id))
    func findingsStateOnlyNumbersTheResultHolds(id: String) throws {
        let plugin = try #require(BuiltinPlugins.registry().plugin(id: id))
        let dataset = try DatasetLoader().load(folder: Self.golden.appendingPathComponent("datasets/coaching").path).dataset
        let result = try PluginRunner().run([plugin], on: dataset)[0]
        var held = Set(result.summary.compactMap { $0.value.doubleValue })
        for table in result.tables { for row in table.rows { held.formUnion(row.compactMap(\.doubleValue)) } }
        for finding in result.findings {
            for (slot, value) in finding.values {
                let numbers: [Double]
                switch value {
                case .value(let x, _), .signed(let x, _): numbers = [x]
                case .interval(let low, let high, _, _): numbers = [low, high]
                case .count(let n): numbers = [Double(n)]
                case .text: numbers = []
                }
                for number in numbers {
                    #expect(held.contains(number), "\(id): {\(slot)} = \(number) is not in the summary or tables")
                }
            }
        }
    }
}
