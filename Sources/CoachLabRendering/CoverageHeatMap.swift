import CoachLabPluginAPI

/// Managers down, months across, each cell shaded by the share of the team coached that
/// month: where coaching lapses shows as pale rows or columns. With the per-manager table
/// alongside, the managers most in need come first: by coaching tier (needs improvement
/// first), then by coverage, lowest first.
struct CoverageHeatMap {
    var title: String
    var months: [String]
    var managers: [String]
    var cells: [String: [String: Double]]
    var totalManagers: Int

    /// Rows beyond this many managers are left to the table and the JSON.
    static let maximumManagers = 60

    /// Whether the rows are ordered by need (tier, then coverage) rather than as the table lists them.
    var sortedByNeed = false

    init?(table: ResultTable, managers managerTable: ResultTable? = nil, title: String) {
        guard table.name == "by_manager_month",
              let period = table.columns.firstIndex(where: { $0.key == "period" }),
              let manager = table.columns.firstIndex(where: { $0.key == "manager_id" }),
              let coverage = table.columns.firstIndex(where: { $0.key == "coverage" }), !table.rows.isEmpty else { return nil }
        // In order of first appearance, with sets alongside: a large org's table has
        // hundreds of thousands of rows and thousands of managers. Only the managers drawn
        // keep their cells.
        let byNeed = managerTable.flatMap(Self.managersByNeed)
        var months: [String] = [], managers: [String] = []
        var seenMonths: Set<String> = [], seenManagers: Set<String> = []
        var drawn = Set(byNeed?.prefix(Self.maximumManagers) ?? [])
        var cells: [String: [String: Double]] = [:]
        for row in table.rows {
            guard let m = row[period].textValue, let id = row[manager].textValue else { continue }
            if seenMonths.insert(m).inserted { months.append(m) }
            if seenManagers.insert(id).inserted {
                managers.append(id)
                if byNeed == nil && managers.count <= Self.maximumManagers { drawn.insert(id) }
            }
            if drawn.contains(id), let value = row[coverage].doubleValue { cells[id, default: [:]][m] = value }
        }
        self.title = title
        self.months = months
        self.totalManagers = managers.count
        if let byNeed {
            // Managers with cells but missing from the per-manager table follow, as listed.
            let listed = Set(byNeed)
            let shown = Array((byNeed.filter(seenManagers.contains) + managers.filter { !listed.contains($0) }).prefix(Self.maximumManagers))
            self.managers = shown
            self.cells = cells.filter { shown.contains($0.key) }
            sortedByNeed = true
        } else {
            self.managers = Array(managers.prefix(Self.maximumManagers))
            self.cells = cells
        }
    }

    /// The managers of the per-manager table by need: tier (needs improvement first), then
    /// coverage (lowest first), then id; nil when the table lacks the columns.
    static func managersByNeed(_ table: ResultTable) -> [String]? {
        guard let manager = table.columns.firstIndex(where: { $0.key == "manager_id" }),
              let tier = table.columns.firstIndex(where: { $0.key == "tier" }),
              let coverage = table.columns.firstIndex(where: { $0.key == "coverage" }) else { return nil }
        let ranked = table.rows.compactMap { row -> (id: String, tier: Int, coverage: Double)? in
            guard let id = row[manager].textValue else { return nil }
            let rank = row[tier].textValue.flatMap { CoachingTier(label: $0) }?.rawValue ?? Int.max
            return (id, rank, row[coverage].doubleValue ?? -1)
        }
        return ranked.sorted { ($0.tier, $0.coverage, $0.id) < ($1.tier, $1.coverage, $1.id) }.map(\.id)
    }

    func svg(id: String) -> String {
        let (left, top, right, bottom) = (110.0, 10.0, 20.0, 70.0)
        let cellWidth = max(8, min(24, 520 / Double(max(1, months.count))))
        let cellHeight = 12.0
        let width = left + cellWidth * Double(months.count) + right
        let height = top + cellHeight * Double(managers.count) + bottom
        let description = "Share of each manager's team coached per month. " + managers.map { manager in
            let values = months.compactMap { cells[manager]?[$0] }
            let mean = values.isEmpty ? nil : values.reduce(0, +) / Double(values.count)
            return "\(manager): mean \(mean.map { HumanFormat.format($0, .proportion) } ?? "no data")"
        }.joined(separator: "; ")
        var out = SVGFrame.open(id: id, width: width, height: height, title: title, description: description)
        for (row, manager) in managers.enumerated() {
            let y = top + Double(row) * cellHeight
            out += "<text x=\"\(f(left - 6))\" y=\"\(f(y + cellHeight - 2))\" class=\"tick\" text-anchor=\"end\" font-size=\"10\">\(HTMLText.escape(manager))</text>"
            for (column, month) in months.enumerated() {
                let x = left + Double(column) * cellWidth
                guard let value = cells[manager]?[month] else { continue }
                out += "<rect x=\"\(f(x))\" y=\"\(f(y))\" width=\"\(f(cellWidth - 1))\" height=\"\(f(cellHeight - 1))\" fill=\"\(Self.shade(value))\"><title>\(HTMLText.escape("\(manager) \(month): \(HumanFormat.format(value, .proportion))"))</title></rect>"
            }
        }
        let axisY = top + cellHeight * Double(managers.count)
        let labelEvery = max(1, months.count / 8)
        for (column, month) in months.enumerated() where column % labelEvery == 0 {
            out += "<text x=\"\(f(left + (Double(column) + 0.5) * cellWidth))\" y=\"\(f(axisY + 16))\" class=\"tick\" text-anchor=\"middle\" font-size=\"10\">\(HTMLText.escape(month))</text>"
        }
        // Legend: the shades for 0%, 50% and 100%.
        for (index, share) in [0.0, 0.5, 1.0].enumerated() {
            let x = left + Double(index) * 100
            out += "<rect x=\"\(f(x))\" y=\"\(f(axisY + 34))\" width=\"14\" height=\"12\" fill=\"\(Self.shade(share))\"/>"
            out += "<text x=\"\(f(x + 18))\" y=\"\(f(axisY + 44))\" class=\"tick\" font-size=\"10\">\(Int(share * 100))% coached</text>"
        }
        return out + "</svg>"
    }

    /// A single-hue blue scale from near white (0%) to dark blue (100%): readable without
    /// colour vision.
    static func shade(_ share: Double) -> String {
        let t = min(1, max(0, share))
        let (r, g, b) = (247 - t * (247 - 8), 251 - t * (251 - 69), 255 - t * (255 - 148))
        func hex(_ v: Double) -> String {
            let text = String(Int(v.rounded()), radix: 16)
            return text.count == 1 ? "0" + text : text
        }
        return "#" + hex(r) + hex(g) + hex(b)
    }

    private func f(_ value: Double) -> String { HumanFormat.fixed(value, 1) }
}
