import CoachLabPluginAPI

/// Mean pipeline per decile of calls, with the scenario's projection drawn from the mean
/// rep-month to where the projected change takes it.
struct ActivityCurveChart {
    var title: String
    var points: [(calls: Double, pipeline: Double)]
    /// (calls now, pipeline now) → (calls projected, pipeline projected).
    var scenario: (from: (Double, Double), to: (Double, Double), label: String)?

    init?(table: ResultTable, result: MetricResult, title: String) {
        guard table.name == "activity_curve",
              let calls = table.columns.firstIndex(where: { $0.key == "mean_calls" }),
              let pipeline = table.columns.firstIndex(where: { $0.key == "mean_pipeline" }),
              let months = table.columns.firstIndex(where: { $0.key == "rep_months" }) else { return nil }
        points = table.rows.compactMap { row in
            guard let c = row[calls].doubleValue, let p = row[pipeline].doubleValue else { return nil }
            return (c, p)
        }
        guard points.count >= 2 else { return nil }
        self.title = title
        let weights = table.rows.map { $0[months].doubleValue ?? 0 }
        let meanCalls = zip(table.rows, weights).reduce(0.0) { $0 + ($1.0[calls].doubleValue ?? 0) * $1.1 } / max(1, weights.reduce(0, +))
        if let projection = result.table("scenario"),
           let row = projection.rows.first(where: { $0.first?.textValue == "pipeline_value" }),
           let now = projection.value(row: projection.rows.firstIndex(where: { $0.first?.textValue == "pipeline_value" })!, "baseline_mean")?.doubleValue,
           let then = projection.value(row: projection.rows.firstIndex(where: { $0.first?.textValue == "pipeline_value" })!, "projected_mean")?.doubleValue,
           let change = result[summary: "scenario_calls_change"]?.doubleValue,
           let label = result[summary: "scenario"]?.textValue {
            _ = row
            scenario = ((meanCalls, now), (meanCalls * (1 + change), then), label)
        }
    }

    func svg(id: String) -> String {
        let (width, left, right, top, bottom) = (660.0, 84.0, 40.0, 16.0, 56.0)
        let height = 320.0
        let plotWidth = width - left - right, plotHeight = height - top - bottom
        var xs = points.map(\.calls), ys = points.map(\.pipeline)
        if let scenario {
            xs += [scenario.from.0, scenario.to.0]
            ys += [scenario.from.1, scenario.to.1]
        }
        var (xLow, xHigh) = (xs.min()!, xs.max()!)
        var (yLow, yHigh) = (min(0, ys.min()!), ys.max()!)
        let xPad = max((xHigh - xLow) * 0.05, 1), yPad = max((yHigh - yLow) * 0.06, 1)
        xLow -= xPad; xHigh += xPad; yHigh += yPad
        if yLow < 0 { yLow -= yPad }
        func px(_ v: Double) -> Double { left + (v - xLow) / (xHigh - xLow) * plotWidth }
        func py(_ v: Double) -> Double { top + (yHigh - v) / (yHigh - yLow) * plotHeight }
        var description = "Mean pipeline by decile of calls: " + points.map {
            "\(HumanFormat.format($0.calls, .quantity)) calls, \(HumanFormat.format($0.pipeline, .quantity))"
        }.joined(separator: "; ")
        if let scenario {
            description += ". Scenario \(scenario.label): pipeline from \(HumanFormat.format(scenario.from.1, .quantity)) to \(HumanFormat.format(scenario.to.1, .quantity))"
        }
        var out = SVGFrame.open(id: id, width: width, height: height, title: title, description: description)
        for tick in IntervalChart.ticks(low: yLow, high: yHigh, count: 5) {
            out += "<line x1=\"\(f(left))\" y1=\"\(f(py(tick)))\" x2=\"\(f(left + plotWidth))\" y2=\"\(f(py(tick)))\" class=\"grid\"/>"
            out += "<text x=\"\(f(left - 8))\" y=\"\(f(py(tick) + 4))\" class=\"tick\" text-anchor=\"end\">\(HTMLText.escape(HumanFormat.format(tick, .quantity)))</text>"
        }
        for tick in IntervalChart.ticks(low: xLow, high: xHigh, count: 6) {
            out += "<text x=\"\(f(px(tick)))\" y=\"\(f(top + plotHeight + 18))\" class=\"tick\" text-anchor=\"middle\">\(HTMLText.escape(HumanFormat.format(tick, .quantity)))</text>"
        }
        out += "<line x1=\"\(f(left))\" y1=\"\(f(top + plotHeight))\" x2=\"\(f(left + plotWidth))\" y2=\"\(f(top + plotHeight))\" class=\"axis\"/>"
        out += "<text x=\"\(f(left + plotWidth / 2))\" y=\"\(f(height - 8))\" class=\"axis-label\" text-anchor=\"middle\">Calls per rep-month (mean of each tenth of rep-months)</text>"
        let path = points.map { "\(f(px($0.calls))) \(f(py($0.pipeline)))" }.joined(separator: " L")
        out += "<path d=\"M\(path)\" fill=\"none\" stroke=\"#0072B2\" stroke-width=\"2.5\"/>"
        for point in points {
            out += "<circle cx=\"\(f(px(point.calls)))\" cy=\"\(f(py(point.pipeline)))\" r=\"3.5\" fill=\"#0072B2\"/>"
        }
        if let scenario {
            let (x0, y0, x1, y1) = (px(scenario.from.0), py(scenario.from.1), px(scenario.to.0), py(scenario.to.1))
            out += "<line x1=\"\(f(x0))\" y1=\"\(f(y0))\" x2=\"\(f(x1))\" y2=\"\(f(y1))\" stroke=\"#D55E00\" stroke-width=\"2\" stroke-dasharray=\"5 4\"/>"
            out += "<circle cx=\"\(f(x0))\" cy=\"\(f(y0))\" r=\"5\" fill=\"#fff\" stroke=\"#D55E00\" stroke-width=\"2\"/>"
            out += "<circle cx=\"\(f(x1))\" cy=\"\(f(y1))\" r=\"5\" fill=\"#D55E00\"/>"
            out += "<text x=\"\(f(min(x1, left + plotWidth - 4)))\" y=\"\(f(y1 - 10))\" class=\"row-label\" text-anchor=\"end\" fill=\"#D55E00\">scenario \(HTMLText.escape(scenario.label))</text>"
        }
        out += "<text x=\"\(f(left + 4))\" y=\"\(f(top + 12))\" class=\"tick\">Mean pipeline value</text>"
        return out + "</svg>"
    }

    private func f(_ value: Double) -> String { HumanFormat.fixed(value, 1) }
}
