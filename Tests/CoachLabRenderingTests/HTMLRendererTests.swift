import CoachLabPluginAPI
@testable import CoachLabRendering
import Foundation
import Testing

@Suite struct HTMLRendererTests {
    let report = RunReport(
        dataset: "Datasets/<x>", results: [sampleResult], skipped: [.init(pluginID: "other", reason: "needs assignments.csv")],
        description: DatasetDescription(managers: 50, reps: 500, repMonths: 12_000, firstPeriod: "2023-01",
                                        lastPeriod: "2024-12", excludedRepMonths: 3, exclusionReasons: ["3 with no quota"]),
        methods: ["sample-metric": "Counts things & compares them."])

    @Test func isOneSelfContainedDocument() {
        let html = HTMLRenderer().render(report)
        #expect(html.hasPrefix("<!doctype html>"))
        #expect(html.hasSuffix("</html>\n"))
        for external in ["http://", "https://", "<script", "<link", "@import", "src="] {
            #expect(!html.contains(external), "\(external)")
        }
        #expect(html.contains("@media print"))
    }

    @Test func leadsWithTheAnswerThenASectionPerPlugin() throws {
        let html = HTMLRenderer().render(report)
        let answer = try #require(html.range(of: "<section class=\"answer\">"))
        let plugin = try #require(html.range(of: "<section class=\"plugin\" id=\"sample-metric\">"))
        #expect(answer.lowerBound < plugin.lowerBound)
        #expect(html.contains("Rate 94.6%, change +9.7 points (+8.1 to +11.2 points)."))
        #expect(html.contains("<dd>12,000</dd>"))
        #expect(html.contains("Excluded: 3 with no quota."))
        #expect(html.contains("How this was computed.</strong> Counts things &amp; compares them."))
        #expect(html.contains("<code>other</code>: needs assignments.csv"))
        #expect(html.contains("Datasets/&lt;x&gt;"))
        #expect(!html.contains("Datasets/<x>"))
    }

    @Test func chartsTheIntervalsWithTheirNumbersAsText() throws {
        let html = HTMLRenderer().render(report)
        #expect(html.contains("<svg class=\"chart\""))
        #expect(html.contains("role=\"img\""))
        #expect(html.contains("<desc id=\"chart-0-0-desc\">exceeds: 95.0% (95% CI 94.0% to 96.0%); meets, &quot;mostly&quot;: no data</desc>"))
        #expect(html.components(separatedBy: "<circle").count == 2)
    }

    @Test func chartsMonthlySeriesAsLinesAndSpreadsAsBoxes() {
        let months = ResultTable(name: "by_month", columns: [
            ResultColumn("period", label: "Month", .label), ResultColumn("tier", label: "Tier", .label),
            ResultColumn("mean_attainment", label: "Mean bookings/quota", .attainment),
        ], rows: [
            [.text("2024-01"), .text("exceeds"), .number(1.1)], [.text("2024-01"), .text("meets"), .number(1.0)],
            [.text("2024-02"), .text("exceeds"), .number(1.2)], [.text("2024-02"), .text("meets"), .null],
        ])
        let (lines, lineCaption) = HTMLRenderer.chart(for: months, title: "T", id: "m")!
        #expect(lines.components(separatedBy: "<path").count == 3)
        #expect(lines.contains("exceeds: 2024-01 110.0%, 2024-02 120.0%; meets: 2024-01 100.0%"))
        #expect(lineCaption == "Mean bookings/quota by month and coaching tier.")
        let spread = ResultTable(name: "slope_distribution", columns: [
            ResultColumn("tier", label: "Tier", .label), ResultColumn("p10", label: "p10", .attainmentSlope),
            ResultColumn("p25", label: "p25", .attainmentSlope), ResultColumn("median", label: "Median", .attainmentSlope),
            ResultColumn("p75", label: "p75", .attainmentSlope), ResultColumn("p90", label: "p90", .attainmentSlope),
        ], rows: [[.text("exceeds"), .number(-0.001), .number(0.001), .number(0.004), .number(0.006), .number(0.009)]])
        let (boxes, _) = HTMLRenderer.chart(for: spread, title: "T", id: "s")!
        #expect(boxes.components(separatedBy: "<rect").count == 2)
        #expect(boxes.contains("exceeds: 10th percentile -0.10 pts/mo, 25th 0.10 pts/mo, median 0.40 pts/mo"))
    }
}
