import CoachLabEngine
import CoachLabPluginAPI
import CoachLabPlugins
import CoachLabPluginTestKit
import CoachLabTestSupport
import Foundation
import Testing

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
            let pluginOptions = plugin.descriptor.options.isEmpty ? [:] : options
            let result = try PluginRunner().run([plugin], on: dataset, options: [id: pluginOptions])[0]
            let reference = expected[id] as! [String: Any]
            for (key, value) in reference["summary"] as! [String: Any] {
                compare(result[summary: key], value, "\(name) \(id) summary.\(key)")
            }
            for (tableName, reference) in reference where tableName != "summary" {
                let table = try #require(result.table(tableName), "\(id) lacks table \(tableName)")
                let rows = reference as! [[String: Any]]
                #expect(table.rows.count == rows.count, "\(name) \(id) \(tableName)")
                for (index, row) in rows.enumerated() where index < table.rows.count {
                    for (key, value) in row {
                        compare(table.value(row: index, key), value, "\(name) \(id) \(tableName)[\(index)].\(key)")
                    }
                }
            }
            let violations = PluginContract.violations(of: plugin, on: dataset, options: pluginOptions)
            #expect(violations.isEmpty, "\(name) \(id): \(violations)")
        }
    }

    func compare(_ actual: ResultValue?, _ expected: Any, _ label: String) {
        guard let actual else {
            Issue.record("\(label): missing from the result")
            return
        }
        switch expected {
        case is NSNull:
            #expect(actual == .null, "\(label): expected null, got \(actual)")
        case let text as String:
            #expect(actual == .text(text), "\(label)")
        case let number as NSNumber:
            guard let value = actual.doubleValue else {
                Issue.record("\(label): expected \(number), got \(actual)")
                return
            }
            #expect(Tolerance.agrees(value, number.doubleValue, relative: 1e-9, absolute: 1e-13),
                    "\(label): \(value) vs reference \(number.doubleValue)")
        default:
            Issue.record("\(label): unexpected reference \(expected)")
        }
    }
}
