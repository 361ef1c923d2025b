import CoachLabPluginAPI

/// Horizontal bars in inline SVG: one row per category, its count as a bar with the number
/// at its end — for a table that counts reps per category with no interval to show.
struct BarChart {
    var title: String
    var axisLabel: String
    var rows: [(label: String, value: Int)]

    /// The bars of `valueKey` (a count) by the table's first label column; nil when the
    /// table lacks either or has no rows.
    init?(table: ResultTable, valueKey: String, title: String) {
        guard let labelIndex = table.columns.firstIndex(where: { $0.role == .label }),
              let valueIndex = table.columns.firstIndex(where: { $0.key == valueKey }), !table.rows.isEmpty else { return nil }
        self.title = title
        self.axisLabel = table.columns[valueIndex].label
        self.rows = table.rows.map { ($0[labelIndex].textValue ?? "", $0[valueIndex].integerValue ?? 0) }
    }

    func svg(id: String) -> String {
        let left = SVGFrame.labelMargin(for: rows.map(\.label))
        let (right, top, rowHeight) = (70.0, 16.0, 34.0)
        let width = left + 440
        let axisY = top + rowHeight * Double(rows.count)
        let height = axisY + 40
        let largest = Double(max(1, rows.map(\.value).max() ?? 1))
        let plotWidth = width - left - right
        let description = rows.map { "\($0.label): \(HumanFormat.grouped($0.value))" }.joined(separator: "; ")
        var out = SVGFrame.open(id: id, width: width, height: height, title: title, description: description)
        for (index, row) in rows.enumerated() {
            let y = top + rowHeight * Double(index)
            let barWidth = Double(row.value) / largest * plotWidth
            out += "<text x=\"\(f(left - 12))\" y=\"\(f(y + rowHeight / 2 + 5))\" class=\"row-label\" text-anchor=\"end\">\(HTMLText.escape(row.label))</text>"
            out += "<rect x=\"\(f(left))\" y=\"\(f(y + 6))\" width=\"\(f(barWidth))\" height=\"\(f(rowHeight - 12))\" fill=\"\(IntervalChart.palette[0])\"/>"
            out += "<text x=\"\(f(left + barWidth + 6))\" y=\"\(f(y + rowHeight / 2 + 5))\" class=\"value\">\(HTMLText.escape(HumanFormat.grouped(row.value)))</text>"
        }
        out += "<line x1=\"\(f(left))\" y1=\"\(f(axisY))\" x2=\"\(f(width - right))\" y2=\"\(f(axisY))\" class=\"axis\"/>"
        out += "<text x=\"\(f(left + plotWidth / 2))\" y=\"\(f(axisY + 26))\" class=\"axis-label\" text-anchor=\"middle\">\(HTMLText.escape(axisLabel))</text>"
        return out + "</svg>"
    }

    private func f(_ value: Double) -> String { HumanFormat.fixed(value, 1) }
}
