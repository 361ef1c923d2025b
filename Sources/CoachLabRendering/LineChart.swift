import CoachLabPluginAPI

/// A line per series over an ordered category axis (months), in inline SVG: for a long
/// table with an x label column, a series label column and a value column.
struct LineChart {
    var title: String
    var axisLabel: String
    var role: MetricResult.Role
    var categories: [String]
    var series: [(name: String, values: [Double?])]

    /// A chart of `valueKey` by `xKey` with one line per `seriesKey`; nil without those columns.
    init?(table: ResultTable, title: String, xKey: String, seriesKey: String, valueKey: String) {
        guard let x = table.columns.firstIndex(where: { $0.key == xKey }),
              let s = table.columns.firstIndex(where: { $0.key == seriesKey }),
              let v = table.columns.firstIndex(where: { $0.key == valueKey }), !table.rows.isEmpty
        else { return nil }
        // In order of first appearance; sets answer "seen?" (a table of a century of months
        // searched linearly row by row took minutes).
        var categories: [String] = []
        var names: [String] = []
        var seenCategories: Set<String> = []
        var seenNames: Set<String> = []
        var values: [String: [String: Double]] = [:]
        for row in table.rows {
            let category = row[x].textValue ?? ""
            let name = row[s].textValue ?? ""
            if seenCategories.insert(category).inserted { categories.append(category) }
            if seenNames.insert(name).inserted { names.append(name) }
            if let value = row[v].doubleValue { values[name, default: [:]][category] = value }
        }
        self.title = title
        self.axisLabel = table.columns[v].label
        self.role = table.columns[v].role
        self.categories = categories
        self.series = names.map { name in (name, categories.map { values[name]?[$0] }) }
    }

    func svg(id: String) -> String {
        let (width, left, right, top, bottom) = (660.0, 64.0, 170.0, 16.0, 56.0)
        let height = 300.0
        let all = series.flatMap { $0.values.compactMap { $0 } }
        guard var low = all.min(), var high = all.max(), categories.count > 1 else {
            return "<p class=\"no-chart\">Not enough data to chart.</p>"
        }
        let pad = max((high - low) * 0.08, abs(high) * 0.01, 1e-9)
        low -= pad
        high += pad
        let plotWidth = width - left - right
        let plotHeight = height - top - bottom
        func x(_ index: Int) -> Double { left + Double(index) / Double(categories.count - 1) * plotWidth }
        func y(_ value: Double) -> Double { top + (high - value) / (high - low) * plotHeight }
        let description = series.map { line in
            let shown = zip(categories, line.values).compactMap { category, value in
                value.map { "\(category) \(HumanFormat.format($0, role))" }
            }
            return "\(line.name): " + shown.joined(separator: ", ")
        }.joined(separator: "; ")
        var out = SVGFrame.open(id: id, width: width, height: height, title: title, description: description)
        for tick in IntervalChart.ticks(low: low, high: high, count: 5) {
            out += "<line x1=\"\(f(left))\" y1=\"\(f(y(tick)))\" x2=\"\(f(left + plotWidth))\" y2=\"\(f(y(tick)))\" class=\"grid\"/>"
            out += "<text x=\"\(f(left - 8))\" y=\"\(f(y(tick) + 4))\" class=\"tick\" text-anchor=\"end\">\(HTMLText.escape(HumanFormat.format(tick, role)))</text>"
        }
        let labelEvery = max(1, categories.count / 6)
        let last = categories.count - 1
        // The last month is always named; a regular label too close to it (as wide as the
        // widest label, at about 7.5 units a character) is left out rather than run into it.
        let labelWidth = Double(categories.map(\.count).max() ?? 0) * 7.5 + 8
        for (index, category) in categories.enumerated()
        where index == last || (index % labelEvery == 0 && x(last) - x(index) >= labelWidth) {
            out += "<text x=\"\(f(x(index)))\" y=\"\(f(top + plotHeight + 18))\" class=\"tick\" text-anchor=\"middle\">\(HTMLText.escape(category))</text>"
        }
        out += "<line x1=\"\(f(left))\" y1=\"\(f(top + plotHeight))\" x2=\"\(f(left + plotWidth))\" y2=\"\(f(top + plotHeight))\" class=\"axis\"/>"
        out += "<text x=\"\(f(left + plotWidth / 2))\" y=\"\(f(height - 8))\" class=\"axis-label\" text-anchor=\"middle\">\(HTMLText.escape(axisLabel)) by month</text>"
        for (index, line) in series.enumerated() {
            let colour = IntervalChart.palette[index % IntervalChart.palette.count]
            var path = ""
            var penDown = false
            for (position, value) in line.values.enumerated() {
                guard let value else { penDown = false; continue }
                path += (penDown ? " L" : " M") + "\(f(x(position))) \(f(y(value)))"
                penDown = true
            }
            out += "<path d=\"\(path)\" fill=\"none\" stroke=\"\(colour)\" stroke-width=\"2.5\"/>"
            if let lastIndex = line.values.lastIndex(where: { $0 != nil }), let last = line.values[lastIndex] {
                out += "<text x=\"\(f(x(lastIndex) + 8))\" y=\"\(f(y(last) + 4))\" class=\"row-label\" fill=\"\(colour)\">\(HTMLText.escape(line.name))</text>"
            }
        }
        return out + "</svg>"
    }

    private func f(_ value: Double) -> String { HumanFormat.fixed(value, 1) }
}

/// Box plots in inline SVG: per row, the 10th–90th percentile whiskers, the quartile box
/// and the median, from a table with `p10`, `p25`, `median`, `p75`, `p90` columns.
struct BoxChart {
    var title: String
    var role: MetricResult.Role
    var rows: [(label: String, values: [Double?])]

    init?(table: ResultTable, title: String) {
        let keys = ["p10", "p25", "median", "p75", "p90"]
        let indices = keys.compactMap { key in table.columns.firstIndex { $0.key == key } }
        guard indices.count == keys.count, let label = table.columns.firstIndex(where: { $0.role == .label }) else { return nil }
        self.title = title
        self.role = table.columns[indices[2]].role
        self.rows = table.rows.map { row in (row[label].textValue ?? "", indices.map { row[$0].doubleValue }) }
    }

    func svg(id: String) -> String {
        let (left, right, top, rowHeight) = (SVGFrame.labelMargin(for: rows.map(\.0)), 30.0, 16.0, 44.0)
        let width = left + 440
        let axisY = top + rowHeight * Double(rows.count)
        let height = axisY + 46
        let all = rows.flatMap { $0.values.compactMap { $0 } }
        guard var low = all.min(), var high = all.max() else { return "<p class=\"no-chart\">No data to chart.</p>" }
        low = min(low, 0)
        high = max(high, 0)
        let pad = max((high - low) * 0.08, 1e-9)
        low -= pad
        high += pad
        let plotWidth = width - left - right
        func x(_ value: Double) -> Double { left + (value - low) / (high - low) * plotWidth }
        let description = rows.map { row in
            let names = ["10th percentile", "25th", "median", "75th", "90th"]
            return "\(row.label): " + zip(names, row.values).map { "\($0) \($1.map { HumanFormat.format($0, role) } ?? "no data")" }.joined(separator: ", ")
        }.joined(separator: "; ")
        var out = SVGFrame.open(id: id, width: width, height: height, title: title, description: description)
        for tick in IntervalChart.ticks(low: low, high: high, count: 5) {
            out += "<line x1=\"\(f(x(tick)))\" y1=\"\(f(top))\" x2=\"\(f(x(tick)))\" y2=\"\(f(axisY))\" class=\"grid\"/>"
            out += "<text x=\"\(f(x(tick)))\" y=\"\(f(axisY + 18))\" class=\"tick\" text-anchor=\"middle\">\(HTMLText.escape(HumanFormat.format(tick, role)))</text>"
        }
        out += "<line x1=\"\(f(x(0)))\" y1=\"\(f(top))\" x2=\"\(f(x(0)))\" y2=\"\(f(axisY))\" class=\"zero\"/>"
        out += "<line x1=\"\(f(left))\" y1=\"\(f(axisY))\" x2=\"\(f(width - right))\" y2=\"\(f(axisY))\" class=\"axis\"/>"
        out += "<text x=\"\(f(left + plotWidth / 2))\" y=\"\(f(axisY + 40))\" class=\"axis-label\" text-anchor=\"middle\">Change in attainment per month, per rep</text>"
        for (index, row) in rows.enumerated() {
            let y = top + rowHeight * (Double(index) + 0.5)
            let colour = IntervalChart.palette[index % IntervalChart.palette.count]
            out += "<text x=\"\(f(left - 12))\" y=\"\(f(y + 5))\" class=\"row-label\" text-anchor=\"end\">\(HTMLText.escape(row.label))</text>"
            let v = row.values
            guard let p10 = v[0], let p25 = v[1], let median = v[2], let p75 = v[3], let p90 = v[4] else {
                out += "<text x=\"\(f(left + 8))\" y=\"\(f(y + 5))\" class=\"tick\">no data</text>"
                continue
            }
            out += "<line x1=\"\(f(x(p10)))\" y1=\"\(f(y))\" x2=\"\(f(x(p90)))\" y2=\"\(f(y))\" stroke=\"\(colour)\" stroke-width=\"2\"/>"
            out += "<rect x=\"\(f(x(p25)))\" y=\"\(f(y - 11))\" width=\"\(f(max(1, x(p75) - x(p25))))\" height=\"22\" fill=\"\(colour)\" fill-opacity=\"0.25\" stroke=\"\(colour)\" stroke-width=\"2\"/>"
            out += "<line x1=\"\(f(x(median)))\" y1=\"\(f(y - 11))\" x2=\"\(f(x(median)))\" y2=\"\(f(y + 11))\" stroke=\"\(colour)\" stroke-width=\"3\"/>"
        }
        return out + "</svg>"
    }

    private func f(_ value: Double) -> String { HumanFormat.fixed(value, 1) }
}
