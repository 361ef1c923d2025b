import CoachLabPluginAPI

/// A dot-and-whisker chart in inline SVG: one row per category, the estimate as a dot and
/// its 95% interval as a line, on a labelled axis. The numbers are also in the SVG's title
/// and description for screen readers.
struct IntervalChart {
    struct Row {
        var label: String
        var value: Double?
        var low: Double?
        var high: Double?
        /// The palette index: one colour for one group (a tier, a band), never a cycle.
        var colour = 0
    }

    var title: String
    var axisLabel: String
    var role: MetricResult.Role
    var rows: [Row]

    /// Okabe–Ito colours, distinguishable with every common colour-vision deficiency.
    static let palette = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00"]

    /// The chart of a table's first column that has a `ci_low`/`ci_high` pair after it,
    /// one row per row of the table; nil when the table has no such column.
    init?(table: ResultTable, title: String) {
        guard let lowIndex = table.columns.firstIndex(where: { $0.key == "ci_low" }), lowIndex > 0,
              lowIndex + 1 < table.columns.count, table.columns[lowIndex + 1].key == "ci_high",
              let labelIndex = table.columns.firstIndex(where: { $0.role == .label })
        else { return nil }
        let valueColumn = table.columns[lowIndex - 1]
        self.title = title
        self.axisLabel = valueColumn.label
        self.role = valueColumn.role
        // A second label column names where the row comes from ("Calls → Meetings"), unless
        // it is the row's group, which its colour shows instead.
        let fromIndex = labelIndex + 1 < table.columns.count && table.columns[labelIndex + 1].role == .label
            && table.columns[labelIndex + 1].key != "group" ? labelIndex + 1 : nil
        // One colour means one thing: a tier's colour is the same in every chart, a group's
        // the same on each of its rows; rows of anything else share one colour.
        let groupIndex = table.columns.firstIndex { $0.key == "group" && $0.role == .label }
        let byTier = table.columns[labelIndex] == .coachingTier
        var groups: [String] = []
        self.rows = table.rows.map { row in
            let label = row[labelIndex].textValue ?? ""
            var colour = 0
            if byTier, let tier = row[labelIndex].textValue.flatMap({ CoachingTier(label: $0) }) {
                colour = CoachingTier.reportOrder.firstIndex(of: tier) ?? 0
            } else if let groupIndex {
                let group = row[groupIndex].textValue ?? ""
                if !groups.contains(group) { groups.append(group) }
                colour = groups.firstIndex(of: group)!
            }
            return Row(label: fromIndex.flatMap { row[$0].textValue }.map { "\($0) → \(label)" } ?? label,
                       value: row[lowIndex - 1].doubleValue, low: row[lowIndex].doubleValue, high: row[lowIndex + 1].doubleValue,
                       colour: colour % Self.palette.count)
        }
    }

    func svg(id: String) -> String {
        let left = SVGFrame.labelMargin(for: rows.map(\.label))
        let right = 30.0
        let width = left + 440
        let rowHeight = 44.0
        let top = 16.0
        let axisHeight = 46.0
        let height = top + rowHeight * Double(rows.count) + axisHeight
        let values = rows.flatMap { [$0.value, $0.low, $0.high].compactMap { $0 } }
        guard var low = values.min(), var high = values.max() else {
            return "<p class=\"no-chart\">No data to chart.</p>"
        }
        if role == .proportionDifference || role == .attainmentSlope { low = min(low, 0); high = max(high, 0) }
        let pad = max((high - low) * 0.08, abs(high) * 0.01, 1e-9)
        low -= pad
        high += pad
        let plotWidth = width - left - right
        func x(_ value: Double) -> Double { left + (value - low) / (high - low) * plotWidth }

        let description = rows.map { row in
            "\(row.label): \(row.value.map { HumanFormat.format($0, role) } ?? "no data")"
                + (row.low != nil && row.high != nil ? " (95% CI \(HumanFormat.format(row.low!, role)) to \(HumanFormat.format(row.high!, role)))" : "")
        }.joined(separator: "; ")
        var out = SVGFrame.open(id: id, width: width, height: height, title: title, description: description)
        // Grid and ticks.
        let ticks = Self.ticks(low: low, high: high, count: 5)
        let axisY = top + rowHeight * Double(rows.count)
        for tick in ticks {
            let tx = x(tick)
            out += "<line x1=\"\(f(tx))\" y1=\"\(f(top))\" x2=\"\(f(tx))\" y2=\"\(f(axisY))\" class=\"grid\"/>"
            out += "<text x=\"\(f(tx))\" y=\"\(f(axisY + 18))\" class=\"tick\" text-anchor=\"middle\">\(HTMLText.escape(HumanFormat.format(tick, role)))</text>"
        }
        if low < 0 && high > 0 {
            out += "<line x1=\"\(f(x(0)))\" y1=\"\(f(top))\" x2=\"\(f(x(0)))\" y2=\"\(f(axisY))\" class=\"zero\"/>"
        }
        out += "<line x1=\"\(f(left))\" y1=\"\(f(axisY))\" x2=\"\(f(width - right))\" y2=\"\(f(axisY))\" class=\"axis\"/>"
        out += "<text x=\"\(f(left + plotWidth / 2))\" y=\"\(f(axisY + 40))\" class=\"axis-label\" text-anchor=\"middle\">\(HTMLText.escape(axisLabel))</text>"
        for (index, row) in rows.enumerated() {
            let y = top + rowHeight * (Double(index) + 0.5)
            let colour = Self.palette[row.colour]
            out += "<text x=\"\(f(left - 12))\" y=\"\(f(y + 5))\" class=\"row-label\" text-anchor=\"end\">\(HTMLText.escape(row.label))</text>"
            if let rowLow = row.low, let rowHigh = row.high {
                out += "<line x1=\"\(f(x(rowLow)))\" y1=\"\(f(y))\" x2=\"\(f(x(rowHigh)))\" y2=\"\(f(y))\" stroke=\"\(colour)\" stroke-width=\"4\" stroke-linecap=\"round\"/>"
            }
            if let value = row.value {
                out += "<circle cx=\"\(f(x(value)))\" cy=\"\(f(y))\" r=\"7\" fill=\"\(colour)\" stroke=\"#fff\" stroke-width=\"2\"/>"
                out += "<text x=\"\(f(x(value)))\" y=\"\(f(y - 12))\" class=\"value\" text-anchor=\"middle\">\(HTMLText.escape(HumanFormat.format(value, role)))</text>"
            } else {
                out += "<text x=\"\(f(left + 8))\" y=\"\(f(y + 5))\" class=\"tick\">no data</text>"
            }
        }
        return out + "</svg>"
    }

    /// About `count` round tick values covering low…high.
    static func ticks(low: Double, high: Double, count: Int) -> [Double] {
        let span = high - low
        guard span > 0 else { return [low] }
        let raw = span / Double(count)
        var magnitude = 1.0
        while magnitude * 10 <= raw { magnitude *= 10 }
        while magnitude > raw { magnitude /= 10 }
        let step = [1.0, 2, 2.5, 5, 10].map { $0 * magnitude }.first { $0 >= raw } ?? magnitude * 10
        var tick = (low / step).rounded(.up) * step
        var ticks: [Double] = []
        while tick <= high + step * 1e-9 {
            ticks.append(abs(tick) < step * 1e-9 ? 0 : tick)
            tick += step
        }
        return ticks
    }

    private func f(_ value: Double) -> String { HumanFormat.fixed(value, 1) }
}

/// Text made safe for HTML.
enum HTMLText {
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }
}
