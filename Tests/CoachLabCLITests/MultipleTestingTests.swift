import CoachLabTestSupport
import Foundation
import Testing

/// `--adjust holm|bh|none` as a user drives it: the built `coachlab` on the sample org.
@Suite(.serialized) struct MultipleTestingTests {
    static let sample = "Datasets/sample-org"

    /// A run's JSON: the whole object and its text.
    func json(_ arguments: [String]) throws -> (text: String, object: [String: Any]) {
        let run = try CLIRun(arguments + ["--format", "json"])
        #expect(run.status == 0, "\(run.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        return (run.stdout, object)
    }

    /// The `multiple_testing` object's method, alpha and tests, checked for its shape.
    func multipleTesting(_ object: [String: Any]) throws -> (method: String, tests: [(plugin: String, key: String, p: Double, adjusted: Double)]) {
        let testing = try #require(object["multiple_testing"] as? [String: Any])
        #expect((testing["alpha"] as? NSNumber)?.doubleValue == 0.05)
        let entries = try #require(testing["tests"] as? [[String: Any]])
        #expect((testing["family_size"] as? NSNumber)?.intValue == entries.count)
        let tests = try entries.map { entry in
            #expect(Set(entry.keys) == ["plugin", "key", "p_value", "p_adjusted"])
            return (try #require(entry["plugin"] as? String), try #require(entry["key"] as? String),
                    try #require((entry["p_value"] as? NSNumber)?.doubleValue),
                    try #require((entry["p_adjusted"] as? NSNumber)?.doubleValue))
        }
        return (try #require(testing["method"] as? String), tests)
    }

    /// Every summary p-value of the results, in order, found here by its key's spelling (the
    /// command finds them by their role): the sample org's plugins name every p-value so.
    func summaryPValues(_ object: [String: Any]) throws -> [(plugin: String, key: String, p: Double)] {
        let results = try #require(object["results"] as? [[String: Any]])
        var found: [(String, String, Double)] = []
        for result in results {
            let plugin = try #require(result["plugin"] as? String)
            let summary = try #require(result["summary"] as? [String: Any])
            // Foundation's dictionary forgets the order; the keys' order in the text is the plugin's.
            // `p_value` and `trend_p_value` (chi-square, Cochran–Armitage, Welch's) treat
            // rep-months or reps as independent, `pretrend_p_value` checks a design and the
            // event plugins' before/after differences do not net out selection: none is in
            // the family.
            let outside = ["p_value", "trend_p_value", "pretrend_p_value"]
                + (["feedback-latency", "focus-breadth", "assignment-follow-through"].contains(plugin) ? ["difference_clustered_p_value"] : [])
            for key in summary.keys.sorted() where key.hasSuffix("p_value") && !outside.contains(key) {
                if let p = (summary[key] as? NSNumber)?.doubleValue { found.append((plugin, key, p)) }
            }
        }
        return found
    }

    /// Holm's adjustment, written out independently of the command's.
    static func holm(_ p: [Double]) -> [Double] {
        let order = p.indices.sorted { p[$0] < p[$1] }
        var adjusted = [Double](repeating: 0, count: p.count)
        var running = 0.0
        for (rank, index) in order.enumerated() {
            running = max(running, Double(p.count - rank) * p[index])
            adjusted[index] = min(1, running)
        }
        return adjusted
    }

    /// Benjamini–Hochberg's, the same way.
    static func benjaminiHochberg(_ p: [Double]) -> [Double] {
        let order = p.indices.sorted { p[$0] < p[$1] }
        var adjusted = [Double](repeating: 0, count: p.count)
        var running = Double.infinity
        for rank in order.indices.reversed() {
            running = min(running, p[order[rank]] * Double(p.count) / Double(rank + 1))
            adjusted[order[rank]] = min(1, running)
        }
        return adjusted
    }

    @Test func runAdjustsEveryPValueOfTheResultsByHolmByDefault() throws {
        let (_, object) = try json(["run", Self.sample])
        let (method, tests) = try multipleTesting(object)
        #expect(method == "holm")
        let fields = try summaryPValues(object)
        #expect(tests.count == fields.count && tests.count == 19)
        // The same p-values, each once, in the order of the plugins as run.
        #expect(Set(tests.map { "\($0.plugin) \($0.key)" }) == Set(fields.map { "\($0.plugin) \($0.key)" }))
        let runOrder = try #require(object["results"] as? [[String: Any]]).compactMap { $0["plugin"] as? String }
        let testOrder = tests.map(\.plugin).reduce(into: [String]()) { if $0.last != $1 { $0.append($1) } }
        #expect(testOrder == runOrder.filter(testOrder.contains))
        for test in tests {
            let field = fields.first { $0.plugin == test.plugin && $0.key == test.key }
            #expect(field?.p == test.p, "\(test.plugin) \(test.key)")
            #expect(test.adjusted >= test.p && test.adjusted <= 1, "\(test.plugin) \(test.key)")
        }
        for (test, expected) in zip(tests, Self.holm(tests.map(\.p))) {
            #expect(Tolerance.agrees(test.adjusted, expected, relative: 1e-12, absolute: 1e-300), "\(test.plugin) \(test.key)")
        }
    }

    @Test func noneAndBenjaminiHochbergChangeOnlyTheAdjustment() throws {
        let (holmText, holm) = try json(["run", Self.sample])
        let (noneText, none) = try json(["run", Self.sample, "--adjust", "none"])
        let (bhText, bh) = try json(["run", Self.sample, "--adjust", "bh"])
        let unadjusted = try multipleTesting(none)
        #expect(unadjusted.method == "none")
        #expect(unadjusted.tests.allSatisfy { $0.adjusted == $0.p })
        let stepUp = try multipleTesting(bh)
        #expect(stepUp.method == "bh")
        let holmTests = try multipleTesting(holm).tests
        for (test, expected) in zip(stepUp.tests, Self.benjaminiHochberg(stepUp.tests.map(\.p))) {
            #expect(Tolerance.agrees(test.adjusted, expected, relative: 1e-12, absolute: 1e-300), "\(test.plugin) \(test.key)")
        }
        for (test, holmTest) in zip(stepUp.tests, holmTests) {
            #expect(test.p == holmTest.p && test.p <= test.adjusted && test.adjusted <= holmTest.adjusted)
        }
        // The results themselves are the same, whichever the method.
        let results = { (text: String) in text[..<text.range(of: "\"multiple_testing\"")!.lowerBound] }
        #expect(results(noneText) == results(holmText) && results(bhText) == results(holmText))
    }

    @Test func anUnknownMethodIsRefusedWithTheChoices() throws {
        for command in ["run", "report"] {
            let run = try CLIRun([command, Self.sample, "--adjust", "foo"])
            #expect(run.status == 64)
            #expect(run.stderr.hasPrefix("Error: The value 'foo' is invalid for '--adjust <method>'. Please provide one of 'holm', 'bh' or 'none'.\n"), "\(run.stderr)")
            #expect(run.stdout.isEmpty)
        }
    }

    @Test func humanFormatsSayTheMethodAndTheFamilyOnce() throws {
        let table = try CLIRun(["run", Self.sample])
        #expect(table.stdout.replacingOccurrences(of: "\n", with: " ").contains(
            "Multiple testing: this run's 19 p-values are adjusted together by Holm's method (family-wise error rate 0.05); 2 below 0.05 do not survive it and are marked."))
        let markdown = try CLIRun(["run", Self.sample, "--format", "markdown", "--adjust", "none"])
        #expect(markdown.stdout.components(separatedBy: "Multiple testing: this run's 19 p-values are not adjusted (--adjust none)").count == 2)
        let folder = TestFiles.temporaryDirectory("adjusted-report")
        let path = folder.appendingPathComponent("report.html").path
        let report = try CLIRun(["report", Self.sample, "--output", path, "--adjust", "bh"])
        #expect(report.status == 0, "\(report.stderr)")
        let html = try String(contentsOfFile: path, encoding: .utf8)
        #expect(html.contains("<p class=\"adjustment\">Multiple testing: this run&#39;s 19 p-values are adjusted together by the Benjamini–Hochberg method (false discovery rate 0.05)"))
        let csv = try CLIRun(["run", Self.sample, "--format", "csv"])
        #expect(csv.stdout.contains("\r\n\r\nplugin,table,key,p_value,p_adjusted,method,family_size,alpha\r\nquota-attainment-by-coaching-quality,multiple_testing,rate_difference_p_value,"))
    }

    /// `report` of a merged state adjusts as `run` does, whatever the method.
    @Test func reportOfAMergedStateAdjustsAsRunDoes() throws {
        let folder = TestFiles.temporaryDirectory("adjusted-state")
        let plugins = ["--plugin", "quota-attainment-by-coaching-quality", "--plugin", "rep-improvement-over-time"]
        let state = folder.appendingPathComponent("all.state").path
        let partial = try CLIRun(["partial", "\(Self.sample)/performance.csv", "--dimensions", Self.sample, "--output", state] + plugins)
        #expect(partial.status == 0, "\(partial.stderr)")
        for method in ["holm", "bh", "none"] {
            for format in ["json", "markdown"] {
                let report = try CLIRun(["report", state, "--format", format, "--adjust", method])
                let run = try CLIRun(["run", Self.sample, "--no-cache", "--format", format, "--adjust", method] + plugins)
                #expect(report.status == 0, "\(report.stderr)")
                #expect(report.stdout == run.stdout, "\(method) \(format)")
            }
        }
        let (_, object) = try json(["report", state, "--adjust", "bh"])
        let (method, tests) = try multipleTesting(object)
        #expect(method == "bh" && tests.map(\.key) == ["rate_difference_p_value", "slope_difference_p_value"])
    }
}
