import CoachLabPluginAPI

/// An event study drawn as its authors draw it: months since the start across, the estimate
/// up, each month's 95% interval as a whisker, the simultaneous band shaded behind them, a
/// line at zero and the start marked between the last month before it and the first after.
/// Drawn for a table with `relative_period`, `att`, `ci_low`, `ci_high` and, when present,
/// `band_low`, `band_high` (program-impact's `event_study`).
struct EventStudyChart {
    struct Point {
        var period: Int
        var value: Double
        var low: Double?
        var high: Double?
        var bandLow: Double?
        var bandHigh: Double?
    }

    let title: String
    let role: MetricResult.Role
    let points: [Point]

    init?(table: ResultTable, title: String) {
        let keys = table.columns.map(\.key)
        guard let period = keys.firstIndex(of: "relative_period"), let value = keys.firstIndex(of: "att"),
              let low = keys.firstIndex(of: "ci_low"), let high = keys.firstIndex(of: "ci_high") else { return nil }
        let bandLow = keys.firstIndex(of: "band_low"), bandHigh = keys.firstIndex(of: "band_high")
        self.title = title
        self.role = table.columns[value].role
        self.points = table.rows.compactMap { row in
            guard let e = row[period].doubleValue, let estimate = row[value].doubleValue else { return nil }
            return Point(period: Int(e), value: estimate, low: row[low].doubleValue, high: row[high].doubleValue,
                         bandLow: bandLow.flatMap { row[$0].doubleValue }, bandHigh: bandHigh.flatMap { row[$0].doubleValue })
        }
        guard !points.isEmpty else { return nil }
    }

    func svg(id: String) -> String {
        let (width, height) = (640.0, 320.0)
        let (left, right, top, bottom) = (70.0, 20.0, 16.0, 52.0)
        var values: [Double] = [0]
        for point in points {
            values.append(point.value)
            for bound in [point.low, point.high, point.bandLow, point.bandHigh] { if let bound { values.append(bound) } }
        }
        var low = values.min()!, high = values.max()!
        let pad = max((high - low) * 0.08, 1e-9)
        low -= pad
        high += pad
        let (first, last) = (points.map(\.period).min()!, points.map(\.period).max()!)
        let step = (width - left - right) / Double(max(1, last - first + 1))
        func x(_ period: Double) -> Double { left + (period - Double(first) + 0.5) * step }
        func y(_ value: Double) -> Double { top + (high - value) / (high - low) * (height - top - bottom) }
        let description = points.map { point -> String in
            var text = "\(point.period) months: " + HumanFormat.format(point.value, role)
            if let l = point.low, let h = point.high {
                text += " (95% CI " + HumanFormat.format(l, role) + " to " + HumanFormat.format(h, role) + ")"
            }
            return text
        }.joined(separator: "; ")
        var out = SVGFrame.open(id: id, width: width, height: height, title: title, description: description)
        let axisY = height - bottom
        for tick in IntervalChart.ticks(low: low, high: high, count: 5) {
            out += "<line x1=\"\(f(left))\" y1=\"\(f(y(tick)))\" x2=\"\(f(width - right))\" y2=\"\(f(y(tick)))\" class=\"grid\"/>"
            out += "<text x=\"\(f(left - 8))\" y=\"\(f(y(tick) + 4))\" class=\"tick\" text-anchor=\"end\">\(HTMLText.escape(HumanFormat.format(tick, role)))</text>"
        }
        // The simultaneous band, as one shaded path across the months that have it.
        let banded = points.filter { $0.bandLow != nil && $0.bandHigh != nil }.sorted { $0.period < $1.period }
        if !banded.isEmpty {
            let upper = banded.map { "\(f(x(Double($0.period)))),\(f(y($0.bandHigh!)))" }
            let lower = banded.reversed().map { "\(f(x(Double($0.period)))),\(f(y($0.bandLow!)))" }
            out += "<polygon points=\"\((upper + lower).joined(separator: " "))\" fill=\"#0072B2\" fill-opacity=\"0.12\"/>"
        }
        out += "<line x1=\"\(f(left))\" y1=\"\(f(y(0)))\" x2=\"\(f(width - right))\" y2=\"\(f(y(0)))\" class=\"zero\"/>"
        let start = x(-0.5)
        out += "<line x1=\"\(f(start))\" y1=\"\(f(top))\" x2=\"\(f(start))\" y2=\"\(f(axisY))\" class=\"zero\" stroke-dasharray=\"4 3\"/>"
        out += "<text x=\"\(f(start + 4))\" y=\"\(f(top + 12))\" class=\"tick\">start</text>"
        for point in points {
            let px = x(Double(point.period))
            let colour = point.period < 0 ? "#999999" : "#0072B2"
            if let l = point.low, let h = point.high {
                out += "<line x1=\"\(f(px))\" y1=\"\(f(y(l)))\" x2=\"\(f(px))\" y2=\"\(f(y(h)))\" stroke=\"\(colour)\" stroke-width=\"3\" stroke-linecap=\"round\"/>"
            }
            out += "<circle cx=\"\(f(px))\" cy=\"\(f(y(point.value)))\" r=\"5\" fill=\"\(colour)\" stroke=\"#fff\" stroke-width=\"1.5\"/>"
            out += "<text x=\"\(f(px))\" y=\"\(f(axisY + 16))\" class=\"tick\" text-anchor=\"middle\">\(point.period)</text>"
        }
        out += "<line x1=\"\(f(left))\" y1=\"\(f(axisY))\" x2=\"\(f(width - right))\" y2=\"\(f(axisY))\" class=\"axis\"/>"
        out += "<text x=\"\(f(left + (width - left - right) / 2))\" y=\"\(f(axisY + 40))\" class=\"axis-label\" text-anchor=\"middle\">Months since the start (grey: before it)</text>"
        return out + "</svg>"
    }

    private func f(_ value: Double) -> String { HumanFormat.fixed(value, 1) }
}
