import CoachLabPluginAPI
@testable import CoachLabRendering
import Testing

/// An event study's table is drawn as an event study: a point and whisker per month since
/// the start, the simultaneous band shaded, zero and the start marked, and the numbers in
/// the chart's description for screen readers.
@Suite struct EventStudyChartTests {
    static let table = ResultTable(name: "event_study", columns: [
        ResultColumn("relative_period", label: "Months since start", .count(of: .months)),
        ResultColumn("att", label: "ATT", .proportionDifference),
        ResultColumn("ci_low", label: "95% CI low", .proportionDifference),
        ResultColumn("ci_high", label: "95% CI high", .proportionDifference),
        ResultColumn("se", label: "SE", .proportionDifference),
        ResultColumn("band_low", label: "Band low", .proportionDifference),
        ResultColumn("band_high", label: "Band high", .proportionDifference),
    ], rows: [-2, -1, 0, 1].map { e in
        let value = e < 0 ? 0.001 : 0.05
        return [.integer(e), .number(value), .number(value - 0.02), .number(value + 0.02), .number(0.01), .number(value - 0.03), .number(value + 0.03)]
    })

    @Test func drawsPointsBandZeroAndStart() throws {
        let chart = try #require(EventStudyChart(table: Self.table, title: "Programme impact"))
        let svg = chart.svg(id: "e")
        #expect(svg.components(separatedBy: "<circle").count == 5)
        #expect(svg.components(separatedBy: "<polygon").count == 2)
        #expect(svg.contains(">start</text>"))
        #expect(svg.contains("1 months: 5.0 pts (95% CI 3.0 pts to 7.0 pts)"))
    }

    @Test func otherTablesAreNotEventStudies() {
        #expect(EventStudyChart(table: ResultTable(name: "x", columns: [ResultColumn("tier", label: "Tier", .label)]), title: "t") == nil)
    }
}
