import CoachLabPluginAPI
@testable import CoachLabRendering
import CoachLabStatistics
import Foundation
import Testing
import CoachLabRunner

/// The run's p-values adjusted together: which are in the family, and how every format
/// presents the adjustment made once in the report.
@Suite struct MultipleTestingRenderingTests {
    /// Two results with p-values 0.03 (in a finding, the summary and a table), 0.001, 0.04,
    /// 0.2 and a null one. Holm over the four: 0.001 → 0.004, 0.03 → 0.09, 0.04 → 0.09,
    /// 0.2 → 0.2, so 0.03 and 0.04 no longer are significant; Benjamini–Hochberg gives
    /// both 0.04 / (3/4) = 0.0533….
    static let results = [
        MetricResult(
            pluginID: "first", title: "First metric",
            findings: [Finding("Coaching helps ({p}).", ["p": .value(0.03, .pValue)])],
            summary: [
                ResultField("n", .integer(40), .count(of: .reps)),
                ResultField("p_value", .number(0.03), .pValue),
                // Not a p-value whatever its key says: the role decides.
                ResultField("other_p_value", .number(0.001), .statistic),
            ],
            tables: [ResultTable(name: "tests", columns: [
                ResultColumn("name", label: "Test", .label),
                ResultColumn("p_value", label: "p", .pValue),
            ], rows: [[.text("the same test"), .number(0.03)], [.text("a table's own"), .number(0.02)]])]),
        MetricResult(
            pluginID: "second", title: "Second metric",
            findings: [Finding("Strong ({p}); weaker ({q}).", ["p": .value(0.001, .pValue), "q": .value(0.04, .pValue)])],
            summary: [
                ResultField("strong", .number(0.001), .pValue),
                ResultField("weaker", .number(0.04), .pValue),
                ResultField("not_computed", .null, .pValue),
                ResultField("flat", .number(0.2), .pValue),
            ]),
    ]

    static func report(_ method: PValueAdjustment) -> RunReport {
        RunReport(dataset: "d", results: results, multipleTesting: MultipleTesting(results: results, method: method))
    }

    static let holmMark = "adjusted p = 0.090: not significant after Holm adjustment across 4 tests"
    static let holmStatement = "Multiple testing: this run's 4 p-values are adjusted together by Holm's method (family-wise error rate 0.05); 2 below 0.05 do not survive it and are marked."

    @Test func theFamilyIsTheSummariesPValuesByRoleInRunOrder() throws {
        let testing = MultipleTesting(results: Self.results, method: .holm)
        #expect(testing.tests.map { "\($0.pluginID).\($0.key)" } == ["first.p_value", "second.strong", "second.weaker", "second.flat"])
        #expect(testing.familySize == 4 && testing.alpha == 0.05)
        let expected = [0.09, 0.004, 0.09, 0.2]
        for (test, value) in zip(testing.tests, expected) {
            #expect(abs(test.adjustedPValue - value) < 1e-15, "\(test.key)")
        }
        #expect(testing.tests.map(\.losesSignificance) == [true, false, true, false])
        #expect(testing.lostSignificance == 2)
        #expect(testing.test(plugin: "first", key: "p_value")?.pValue == 0.03)
        #expect(testing.test(plugin: "first", pValue: 0.02) == nil)
        let none = MultipleTesting(results: Self.results, method: .unadjusted)
        #expect(none.tests.allSatisfy { $0.adjustedPValue == $0.pValue && !$0.losesSignificance })
        #expect(MultipleTesting(results: [], method: .holm).familySize == 0)
    }

    @Test func tableMarksTheFindingsAndPValuesThatDoNotSurviveAndSaysTheMethodOnce() {
        let text = TextTableRenderer().render(Self.report(.holm))
        let unwrapped = text.replacingOccurrences(of: "\n", with: " ")
        #expect(unwrapped.components(separatedBy: Self.holmStatement).count == 2)
        #expect(unwrapped.contains("Coaching helps (p = 0.030, \(Self.holmMark))."))
        #expect(unwrapped.contains("Strong (p = 0.001); weaker (p = 0.040, \(Self.holmMark))."))
        // The summary's line, and, shorter, the table's row repeating its p-value; the
        // table's own p-value is not in the family.
        #expect(text.components(separatedBy: "p = 0.030, \(Self.holmMark)\n").count == 2)
        #expect(text.contains("the same test  p = 0.030, adjusted p = 0.090, not significant\n"))
        #expect(text.contains("  p = 0.020\n"))
        #expect(text.contains("  p = 0.001\n") && text.contains("  p = 0.200\n") && text.contains("  —\n"))
    }

    @Test func markdownAndHTMLMarkTheSameAndSayTheMethodOnce() {
        let markdown = MarkdownRenderer().render(Self.report(.holm))
        #expect(markdown.components(separatedBy: Self.holmStatement).count == 2)
        #expect(markdown.contains("**Coaching helps (p = 0.030, \(Self.holmMark)).**"))
        #expect(markdown.contains("| p-value | p = 0.030, \(Self.holmMark) |"))
        #expect(markdown.contains("| Strong | p = 0.001 |"))

        let html = HTMLRenderer().render(Self.report(.holm))
        let statement = HTMLText.escape(Self.holmStatement)
        #expect(html.components(separatedBy: "<p class=\"adjustment\">\(statement)</p>").count == 2)
        // The answer's first finding and the section's.
        #expect(html.components(separatedBy: "Coaching helps (p = 0.030, \(Self.holmMark)).").count == 3)
        #expect(html.contains("<td>p = 0.030, \(Self.holmMark)</td>"))
        #expect(html.contains(">p = 0.030, adjusted p = 0.090, not significant</td>"))
        #expect(html.contains(">p = 0.200</td>"))
    }

    @Test func benjaminiHochbergIsNamedAndNoAdjustmentMarksNothing() {
        let bh = MarkdownRenderer().render(Self.report(.benjaminiHochberg))
        #expect(bh.contains("Multiple testing: this run's 4 p-values are adjusted together by the Benjamini–Hochberg method (false discovery rate 0.05); 2 below 0.05 do not survive it and are marked."))
        #expect(bh.contains("**Coaching helps (p = 0.030, adjusted p = 0.053: not significant after Benjamini–Hochberg adjustment across 4 tests).**"))

        let none = MarkdownRenderer().render(Self.report(.unadjusted))
        #expect(none.contains("Multiple testing: this run's 4 p-values are not adjusted (--adjust none); with 4 tests, some may be below 0.05 by chance alone."))
        #expect(!none.contains("adjusted p ="))
        #expect(none.contains("**Coaching helps (p = 0.030).**"))
    }

    /// A report made without an adjustment (a library user's) reads as before it existed.
    @Test func aReportWithoutAnAdjustmentSaysNothingOfIt() {
        let report = RunReport(dataset: "d", results: Self.results)
        for format in OutputFormat.allCases {
            let text = format.renderer.render(report)
            #expect(!text.contains("Multiple testing") && !text.contains("multiple_testing") && !text.contains("adjusted p"), "\(format)")
        }
    }

    @Test func jsonCarriesTheMethodTheFamilyAndEveryTest() throws {
        let text = JSONRenderer().render(Self.report(.holm))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(Array(object.keys).sorted() == ["dataset", "multiple_testing", "results"])
        let expected = """
              "multiple_testing": {
                "method": "holm",
                "family_size": 4,
                "alpha": 0.05,
                "tests": [
                  {
                    "plugin": "first",
                    "key": "p_value",
                    "p_value": 0.03,
                    "p_adjusted": 0.09
                  },
                  {
                    "plugin": "second",
                    "key": "strong",
                    "p_value": 0.001,
                    "p_adjusted": 0.004
                  },
                  {
                    "plugin": "second",
                    "key": "weaker",
                    "p_value": 0.04,
                    "p_adjusted": 0.09
                  },
                  {
                    "plugin": "second",
                    "key": "flat",
                    "p_value": 0.2,
                    "p_adjusted": 0.2
                  }
                ]
              }
            }

            """
        #expect(text.hasSuffix("  ],\n" + expected), "\(text)")
        // The results are the same whichever the method.
        let none = JSONRenderer().render(Self.report(.unadjusted))
        let results = { (json: String) in json[..<json.range(of: "\"multiple_testing\"")!.lowerBound] }
        #expect(results(none) == results(text))
        #expect(none.contains("\"method\": \"none\""))
    }

    @Test func csvEndsWithTheAdjustedPValues() {
        let text = CSVRenderer().render(Self.report(.benjaminiHochberg))
        let expected = "\r\n\r\nplugin,table,key,p_value,p_adjusted,method,family_size,alpha\r\n"
            + "first,multiple_testing,p_value,0.03,\(0.04 * (4.0 / 3)),bh,4,0.05\r\n"
            + "second,multiple_testing,strong,0.001,0.004,bh,4,0.05\r\n"
            + "second,multiple_testing,weaker,0.04,\(0.04 * (4.0 / 3)),bh,4,0.05\r\n"
            + "second,multiple_testing,flat,0.2,0.2,bh,4,0.05\r\n"
        #expect(text.hasSuffix(expected), "\(text)")
        // No p-values, no block.
        let empty = RunReport(dataset: "d", results: [], multipleTesting: MultipleTesting(results: [], method: .holm))
        #expect(!CSVRenderer().render(empty).contains("multiple_testing"))
    }

    /// A shared report withholds a suppressed p-value; the others keep their marks, and the
    /// family is still the run's.
    @Test func aSharedReportKeepsTheRunsFamily() {
        var report = Self.report(.holm)
        report.results[0].tables = [ResultTable(name: "by_tier", isComparison: true, columns: [
            ResultColumn("tier", label: "Tier", .label), ResultColumn("reps", label: "Reps", .count(of: .reps)),
        ], rows: [[.text("exceeds"), .integer(2)]])]
        let html = HTMLRenderer().render(Privacy(minimumGroupSize: 5).apply(to: report))
        #expect(html.contains("<td>suppressed</td>"))
        #expect(!html.contains("Coaching helps"))
        #expect(html.contains("weaker (p = 0.040, \(Self.holmMark))."))
        #expect(html.contains(HTMLText.escape(Self.holmStatement)))
    }
}
