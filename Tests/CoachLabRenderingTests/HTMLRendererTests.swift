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
        // A wide table scrolls within the page's column instead of spilling past it.
        #expect(html.components(separatedBy: "<div class=\"table-scroll\">\n<table class=\"results\">").count
            == html.components(separatedBy: "<table class=\"results\">").count)
        #expect(html.contains(".table-scroll { overflow-x: auto; }"))
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

    /// A difference with both a Welch and a manager-clustered interval is charted with the
    /// clustered one; one with only its own interval, with that.
    @Test func differencesAreChartedWithTheClusteredIntervalWhereThereIsOne() throws {
        let result = MetricResult(pluginID: "compare", title: "Compare", findings: [], summary: [
            ResultField("difference", .number(0.02), .proportionDifference),
            ResultField("difference_ci_low", .number(0.01), .proportionDifference),
            ResultField("difference_ci_high", .number(0.03), .proportionDifference),
            ResultField("difference_clustered_ci_low", .number(-0.01), .proportionDifference),
            ResultField("difference_clustered_ci_high", .number(0.05), .proportionDifference),
            ResultField("rate_difference", .number(0.1), .proportionDifference),
            ResultField("rate_difference_ci_low", .number(0.05), .proportionDifference),
            ResultField("rate_difference_ci_high", .number(0.15), .proportionDifference),
        ], tables: [], notes: [])
        let charted = HTMLRenderer.differences(in: result)
        #expect(charted.map(\.table.name) == ["difference", "rate_difference"])
        let first = try #require(charted.first)
        #expect(first.table.rows[0].map(\.doubleValue) == [nil, 0.02, -0.01, 0.05])
        #expect(first.caption.contains("robust to clustering by manager"))
        #expect(charted[1].table.rows[0].map(\.doubleValue) == [nil, 0.1, 0.05, 0.15])
        #expect(!charted[1].caption.contains("clustering"))
    }

    @Test func chartsMonthlySeriesAsLinesAndSpreadsAsBoxes() {
        let months = ResultTable(name: "by_month", columns: [
            ResultColumn("period", label: "Month", .label), ResultColumn("tier", label: "Tier", .label),
            ResultColumn("mean_attainment", label: "Mean bookings/quota", .attainment),
        ], rows: [
            [.text("2024-01"), .text("exceeds"), .number(1.1)], [.text("2024-01"), .text("meets"), .number(1.0)],
            [.text("2024-02"), .text("exceeds"), .number(1.2)], [.text("2024-02"), .text("meets"), .null],
        ])
        let (lines, lineCaption) = HTMLRenderer.chart(for: months, in: MetricResult(pluginID: "p", title: "T", tables: [months]), id: "m")!
        #expect(lines.components(separatedBy: "<path").count == 3)
        #expect(lines.contains("exceeds: 2024-01 110.0%, 2024-02 120.0%; meets: 2024-01 100.0%"))
        #expect(lineCaption == "Mean bookings/quota by month and coaching tier.")
        let spread = ResultTable(name: "slope_distribution", columns: [
            ResultColumn("tier", label: "Tier", .label), ResultColumn("p10", label: "p10", .attainmentSlope),
            ResultColumn("p25", label: "p25", .attainmentSlope), ResultColumn("median", label: "Median", .attainmentSlope),
            ResultColumn("p75", label: "p75", .attainmentSlope), ResultColumn("p90", label: "p90", .attainmentSlope),
        ], rows: [[.text("exceeds"), .number(-0.001), .number(0.001), .number(0.004), .number(0.006), .number(0.009)]])
        let (boxes, _) = HTMLRenderer.chart(for: spread, in: MetricResult(pluginID: "p", title: "T", tables: [spread]), id: "s")!
        #expect(boxes.components(separatedBy: "<rect").count == 2)
        #expect(boxes.contains("exceeds: 10th percentile -0.10 pts/mo, 25th 0.10 pts/mo, median 0.40 pts/mo"))
    }
}

extension HTMLRendererTests {
    /// Whatever the number of months, the month labels under a line chart never run into
    /// each other (24 months put 2024-09 and 2024-12 side by side), and the last is named.
    @Test func monthLabelsNeverOverlap() throws {
        for count in [2, 5, 13, 24, 25, 36, 48, 61] {
            let months = (0..<count).map { String(format: "%04d-%02d", 2020 + $0 / 12, $0 % 12 + 1) }
            let table = ResultTable(name: "by_month", columns: [
                ResultColumn("period", label: "Month", .label), ResultColumn("tier", label: "Tier", .label),
                ResultColumn("mean_attainment", label: "Mean bookings/quota", .attainment),
            ], rows: months.map { [.text($0), .text("exceeds"), .number(1)] })
            let (svg, _) = try #require(HTMLRenderer.chart(for: table, in: MetricResult(pluginID: "p", title: "T", tables: [table]), id: "m"))
            let labels = svg.components(separatedBy: "<text x=\"").dropFirst().compactMap { piece -> (Double, String)? in
                guard let x = Double(piece.prefix { $0 != "\"" }), let open = piece.firstIndex(of: ">"),
                      let close = piece.range(of: "</text>") else { return nil }
                let text = String(piece[piece.index(after: open)..<close.lowerBound])
                return months.contains(text) ? (x, text) : nil
            }
            #expect(labels.last?.1 == months.last, "\(count) months")
            for (a, b) in zip(labels, labels.dropFirst()) {
                #expect(b.0 - a.0 >= 7 * 7.5 + 8, "\(count) months: \(a.1) at \(a.0), \(b.1) at \(b.0)")
            }
        }
    }
}

/// The charts of the coaching-practice plugins, drawn from their tables' shapes.
@Suite struct CoachingChartTests {
    @Test func skillWillTableBecomesAQuadrantScatterWithCountsAsText() throws {
        let reps = ResultTable(name: "by_rep", columns: [
            ResultColumn("rep_id", label: "Rep", .label), ResultColumn("share_met", label: "Met", .proportion),
            ResultColumn("attainment_change", label: "Change", .proportionDifference), ResultColumn("quadrant", label: "Q", .label),
        ], rows: [
            [.text("R1"), .number(0.8), .number(0.04), .text("on_track")],
            [.text("R2"), .number(0.6), .number(-0.02), .text("skill_gap")],
            [.text("R3"), .number(0.1), .number(0.01), .text("will_gap")],
            [.text("R4"), .null, .null, .text("no_commitment")],
        ])
        let result = MetricResult(pluginID: "skill-will-matrix", title: "Skill vs will", tables: [reps])
        let html = HTMLRenderer().render(RunReport(dataset: "d", results: [result]))
        #expect(html.contains("<circle"))
        #expect(html.contains("on track 1, skill gap 1, will gap 1"))
        let svg = try #require(html.range(of: "<svg").flatMap { start in html.range(of: "</svg>").map { html[start.lowerBound..<$0.upperBound] } })
        #expect(!svg.contains("R1"), "a dot names no rep")
    }

    @Test func activityCurveShowsTheScenarioProjection() throws {
        let curve = ResultTable(name: "activity_curve", columns: [
            ResultColumn("decile", label: "Decile", .count(of: .groups)), ResultColumn("rep_months", label: "Rep-months", .count(of: .repMonths)),
            ResultColumn("mean_calls", label: "Calls", .quantity), ResultColumn("mean_pipeline", label: "Pipeline", .quantity),
        ], rows: (1...10).map { [.integer($0), .integer(100), .number(Double(100 * $0)), .number(Double(10_000 * $0))] })
        let scenario = ResultTable(name: "scenario", columns: [
            ResultColumn("outcome", label: "Outcome", .label), ResultColumn("baseline_mean", label: "Now", .quantity),
            ResultColumn("projected_mean", label: "Then", .quantity),
        ], rows: [[.text("pipeline_value"), .number(55_000), .number(90_000)]])
        let result = MetricResult(pluginID: "activity-to-pipeline", title: "Activity", summary: [
            ResultField("scenario", .text("calls=+100%"), .label),
            ResultField("scenario_calls_change", .number(1), .relativeChange),
        ], tables: [curve, scenario])
        let html = HTMLRenderer().render(RunReport(dataset: "d", results: [result]))
        #expect(html.contains("scenario calls=+100%"))
        #expect(html.contains("Scenario calls=+100%: pipeline from 55,000 to 90,000"))
    }

    @Test func coverageBecomesAHeatMapOfManagersByMonth() throws {
        let months = ResultTable(name: "by_manager_month", columns: [
            ResultColumn("period", label: "Month", .label), ResultColumn("manager_id", label: "Manager", .label),
            ResultColumn("team_reps", label: "Team", .count(of: .reps)), ResultColumn("coverage", label: "Coverage", .proportion),
        ], rows: [
            [.text("2024-01"), .text("M1"), .integer(10), .number(0.5)],
            [.text("2024-02"), .text("M1"), .integer(10), .number(1.0)],
            [.text("2024-01"), .text("M2"), .integer(10), .number(0)],
        ])
        let result = MetricResult(pluginID: "coaching-coverage", title: "Coverage", tables: [months])
        let html = HTMLRenderer().render(RunReport(dataset: "d", results: [result]))
        #expect(html.contains("M1: mean 75.0%; M2: mean 0.0%"))
        #expect(html.contains("<title>M1 2024-02: 100.0%</title>"))
        #expect(!html.contains("http://") && !html.contains("https://"))
    }

    /// A by-month table spanning the calendar (periods allowed from 0000 to 9999, or a
    /// state saying so) charts in one pass over its rows: its months were searched row by
    /// row, which took minutes (the state fuzzer's timeout).
    @Test func aChartOfACenturyOfMonthsIsBuiltInOnePass() throws {
        var table = ResultTable(name: "by_month", columns: [
            ResultColumn("period", label: "Month", .label), ResultColumn("tier", label: "Tier", .label),
            ResultColumn("mean_attainment", label: "Mean", .attainment),
        ])
        for month in 0..<40_000 {
            for tier in ["exceeds", "meets", "needs_improvement"] {
                table.rows.append([.text("m\(month)"), .text(tier), .number(Double(month % 7) / 10)])
            }
        }
        let started = ContinuousClock.now
        let chart = try #require(LineChart(table: table, title: "T", xKey: "period", seriesKey: "tier", valueKey: "mean_attainment"))
        #expect(chart.categories.count == 40_000 && chart.series.map(\.name) == ["exceeds", "meets", "needs_improvement"])
        #expect(ContinuousClock.now - started < .seconds(20))
    }
}
