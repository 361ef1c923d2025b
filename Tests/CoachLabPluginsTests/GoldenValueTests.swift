import CoachLabIngestion
import CoachLabPluginAPI
import CoachLabPlugins
import CoachLabPluginTestKit
import CoachLabTestSupport
import Foundation
import Testing
import CoachLabRunner

/// Every RESULTS.md value of the headline plugins against pandas/scipy/statsmodels
/// (Golden/make_golden.py wrote the expected files; no Python is needed here).
@Suite struct GoldenValueTests {
    static let golden = TestFiles.repositoryRoot.appendingPathComponent("Tests/CoachLabPluginsTests/Golden")

    static var cases: [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: golden.appendingPathComponent("expected").path)) ?? []
        return names.filter { $0.hasSuffix(".json") }.map { String($0.dropLast(5)) }.sorted()
    }

    @Test func fixturesArePresent() {
        #expect(Self.cases.count == 6)
    }

    @Test(arguments: cases)
    func matchesReference(name: String) throws {
        let expected = TestFiles.json(at: Self.golden.appendingPathComponent("expected/\(name).json")) as! [String: Any]
        let dataset = try DatasetLoader().load(
            folder: Self.golden.appendingPathComponent("datasets/\(expected["dataset"] as! String)").path).dataset
        let options = expected["options"] as! [String: String]
        let registry = BuiltinPlugins.registry()
        for id in ["quota-attainment-by-coaching-quality", "rep-improvement-over-time"] {
            let plugin = try #require(registry.plugin(id: id))
            let pluginOptions = options.filter { name, _ in plugin.descriptor.options.contains { $0.name == name } }
            let result = try PluginRunner().run([plugin], on: dataset, options: [id: pluginOptions])[0]
            compareGolden(result, expected[id] as! [String: Any], "\(name) \(id)")
            let violations = PluginContract.violations(of: plugin, on: dataset, options: pluginOptions)
            #expect(violations.isEmpty, "\(name) \(id): \(violations)")
        }
    }
}
