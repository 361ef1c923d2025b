import CoachLabPluginAPI
@testable import CoachLabRendering
import Testing

/// Charts that explain themselves: the managers most in need first, one colour for one
/// thing, and the performance gaps charted.
@Suite struct ChartChoiceTests {
    @Test func theHeatMapPutsTheManagersMostInNeedFirst() throws {
        let months = ResultTable(name: "by_manager_month", columns: [
            ResultColumn("manager_id", label: "Manager", .label), ResultColumn("period", label: "Month", .label),
            ResultColumn("coverage", label: "Coverage", .proportion),
        ], rows: ["A", "B", "C", "D"].map { [.text($0), .text("2024-01"), .number(0.5)] })
        let managers = ResultTable(name: "by_manager", columns: [
            ResultColumn("manager_id", label: "Manager", .label), .coachingTier, ResultColumn("coverage", label: "Coverage", .proportion),
        ], rows: [
            [.text("A"), .text("exceeds"), .number(0.2)],
            [.text("B"), .text("needs_improvement"), .number(0.9)],
            [.text("C"), .text("Needs improvement"), .number(0.3)],  // as the human formats label it
            [.text("D"), .text("meets"), .number(0.1)],
        ])
        let chart = try #require(CoverageHeatMap(table: months, managers: managers, title: "t"))
        #expect(chart.managers == ["C", "B", "D", "A"] && chart.sortedByNeed)
        #expect(CoverageHeatMap(table: months, title: "t")?.managers == ["A", "B", "C", "D"])
    }

    @Test func aColourMeansATierOrAGroupAndNothingElse() throws {
        func chart(_ columns: [ResultColumn], _ rows: [[MetricResult.Value]]) throws -> [Int] {
            try #require(IntervalChart(table: ResultTable(name: "t", columns: columns, rows: rows), title: "t")).rows.map(\.colour)
        }
        let interval = [ResultColumn("value", label: "V", .proportion), ResultColumn("ci_low", label: "L", .proportion),
                        ResultColumn("ci_high", label: "H", .proportion)]
        let numbers: [MetricResult.Value] = [.number(0.5), .number(0.4), .number(0.6)]
        // Tiers keep their colour whatever rows are there.
        #expect(try chart([.coachingTier] + interval, [[.text("meets")] + numbers, [.text("needs_improvement")] + numbers]) == [1, 2])
        // Event-study rows take their group's colour.
        let grouped = [ResultColumn("term", label: "Events", .label), ResultColumn("group", label: "Group", .label)] + interval
        #expect(try chart(grouped, [[.text("a -1"), .text("a")] + numbers, [.text("a +1"), .text("a")] + numbers,
                                    [.text("b -1"), .text("b")] + numbers]) == [0, 0, 1])
        // Anything else shares one colour.
        #expect(try chart([ResultColumn("stage", label: "Stage", .label)] + interval,
                          [[.text("x")] + numbers, [.text("y")] + numbers]) == [0, 0])
    }

    @Test func performanceGapsAreChartedAsBars() throws {
        let result = MetricResult(pluginID: "performance-gaps", title: "Gaps", tables: [ResultTable(name: "by_stage", columns: [
            ResultColumn("stage", label: "Funnel stage", .label), ResultColumn("reps_largest_gap", label: "Reps", .count(of: .repsInGroup)),
        ], rows: [[.text("Calls/month"), .integer(12)], [.text("Bookings/pipeline"), .integer(40)]])])
        let (svg, caption) = try #require(HTMLRenderer.chart(for: result.tables[0], in: result, id: "c"))
        #expect(svg.contains("<rect") && svg.contains(">Bookings/pipeline</text>") && caption.hasPrefix("Reps by the funnel stage"))
    }
}
