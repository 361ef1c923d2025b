@testable import CoachLabRendering
import CoachLabPluginAPI
import CoachLabRunner
import CoachLabStatistics
import Testing

/// The verdict a report opens with weighs the kind of evidence and the run's adjustment:
/// an effect only where a causal design ran, associations otherwise, and which tests stand.
@Suite struct VerdictTests {
    static func result(_ id: String, p: Double, evidence: MetricResult.Evidence = .association) -> MetricResult {
        MetricResult(pluginID: id, title: id.capitalized, findings: [Finding("\(id) finding.")],
                     summary: [ResultField("p_value", .number(p), .pValue)], evidence: evidence)
    }

    static func verdict(_ results: [MetricResult], _ method: PValueAdjustment = .holm) -> String {
        var report = RunReport(dataset: "d", results: results)
        report.multipleTesting = MultipleTesting(results: results, method: method)
        return Verdict(report)!.sentences.joined(separator: " ")
    }

    @Test func withoutACausalDesignEverythingIsAnAssociation() {
        let text = Self.verdict([Self.result("strong", p: 0.001), Self.result("borderline", p: 0.04), Self.result("weak", p: 0.5)])
        #expect(text.hasPrefix("No causal design ran on this data, so every result below is an association"))
        // Holm over 3: 0.003 stands; 0.04 × 2 = 0.08 does not; 0.5 never did.
        #expect(text.contains("Of their 3 tests (adjusted together by Holm's method), 1 is below 0.05 once adjusted, in Strong; 1 more was below it only before adjustment; 1 is not significant."))
    }

    @Test func aCausalDesignLeadsAndSaysWhetherItsEffectStands() {
        let causal = Self.result("impact", p: 0.2, evidence: .causalDesign)
        let text = Self.verdict([Self.result("strong", p: 0.001), causal])
        #expect(text.hasPrefix("Causal design (Impact): impact finding. This effect cannot be told apart from none at the 0.05 level."))
        #expect(text.contains("The other results are associations"))
        #expect(text.contains("Of their 1 test (adjusted together by Holm's method), it is below 0.05 once adjusted, in Strong."))
        let standing = Self.verdict([Self.result("impact", p: 0.001, evidence: .causalDesign)])
        #expect(standing.contains("This effect stands once adjusted for the run's other tests."))
    }

    @Test func noAdjustmentIsSaid() {
        let text = Self.verdict([Self.result("a", p: 0.01), Self.result("b", p: 0.3)], .unadjusted)
        #expect(text.contains("Of their 2 tests (not adjusted for multiple testing), 1 is below 0.05, in A; 1 is not significant."))
    }

    @Test func summaryRowsJoinAValueWithItsIntervalAndPValue() {
        let result = MetricResult(pluginID: "x", title: "X", summary: [
            ResultField("rate_difference", .number(0.115), .proportionDifference),
            ResultField("rate_difference_ci_low", .number(0.088), .proportionDifference),
            ResultField("rate_difference_ci_high", .number(0.141), .proportionDifference),
            ResultField("rate_difference_p_value", .number(0.0001), .pValue),
            ResultField("min_managers", .integer(5), .count(of: .threshold)),
        ])
        let rows = SummaryRows(result, marks: .none).rows
        #expect(rows == [
            .init(label: "Rate difference", text: "11.5 pts (95% CI 8.8 to 14.1 pts), p < 0.001"),
            .init(label: "Minimum managers", text: "5"),
        ])
    }
}
