import CoachLabPluginAPI

/// Reps as dots — share of commitments met across, change in attainment up — coloured by
/// quadrant (grey: `uncertain`, a rep the data cannot place), with the lines that divide the
/// quadrants: the skill-vs-will picture. Dots carry no ids; the description gives the count
/// per quadrant.
struct QuadrantScatter {
    var title: String
    var points: [(x: Double, y: Double, quadrant: String)]
    var quadrants: [String]

    /// At most this many dots are drawn (every k-th rep beyond it) to keep the file small.
    static let maximumPoints = 2_000

    init?(table: ResultTable, title: String) {
        guard let x = table.columns.firstIndex(where: { $0.key == "share_met" }),
              let y = table.columns.firstIndex(where: { $0.key == "attainment_change" }),
              let q = table.columns.firstIndex(where: { $0.key == "quadrant" }) else { return nil }
        var points: [(Double, Double, String)] = []
        var quadrants: [String] = []
        for row in table.rows {
            guard let a = row[x].doubleValue, let b = row[y].doubleValue, let quadrant = row[q].textValue else { continue }
            points.append((a, b, quadrant))
            if !quadrants.contains(quadrant) { quadrants.append(quadrant) }
        }
        guard !points.isEmpty else { return nil }
        self.title = title
        self.points = points
        self.quadrants = Self.drawn.filter(quadrants.contains)
    }

    func svg(id: String) -> String {
        let (width, left, right, top, bottom) = (680.0, 90.0, 150.0, 16.0, 56.0)
        let height = 360.0
        let plotWidth = width - left - right, plotHeight = height - top - bottom
        let ys = points.map(\.y)
        var low = min(ys.min()!, -0.01), high = max(ys.max()!, 0.01)
        let pad = (high - low) * 0.06
        low -= pad
        high += pad
        func px(_ v: Double) -> Double { left + v * plotWidth }
        func py(_ v: Double) -> Double { top + (high - v) / (high - low) * plotHeight }
        let counts = quadrants.map { q in (q, points.filter { $0.quadrant == q }.count) }
        let description = "Reps by share of commitments met (across) and change in attainment (up): "
            + counts.map { "\(Self.words($0.0)) \($0.1)" }.joined(separator: ", ")
        var out = SVGFrame.open(id: id, width: width, height: height, title: title, description: description)
        for tick in IntervalChart.ticks(low: low, high: high, count: 5) {
            out += "<line x1=\"\(f(left))\" y1=\"\(f(py(tick)))\" x2=\"\(f(left + plotWidth))\" y2=\"\(f(py(tick)))\" class=\"grid\"/>"
            out += "<text x=\"\(f(left - 8))\" y=\"\(f(py(tick) + 4))\" class=\"tick\" text-anchor=\"end\">\(HTMLText.escape(HumanFormat.format(tick, .proportionDifference, signed: true)))</text>"
        }
        for share in [0.0, 0.25, 0.5, 0.75, 1.0] {
            out += "<text x=\"\(f(px(share)))\" y=\"\(f(top + plotHeight + 18))\" class=\"tick\" text-anchor=\"middle\">\(Int(share * 100))%</text>"
        }
        out += "<line x1=\"\(f(px(0.5)))\" y1=\"\(f(top))\" x2=\"\(f(px(0.5)))\" y2=\"\(f(top + plotHeight))\" class=\"zero\"/>"
        out += "<line x1=\"\(f(left))\" y1=\"\(f(py(0)))\" x2=\"\(f(left + plotWidth))\" y2=\"\(f(py(0)))\" class=\"zero\"/>"
        out += "<line x1=\"\(f(left))\" y1=\"\(f(top + plotHeight))\" x2=\"\(f(left + plotWidth))\" y2=\"\(f(top + plotHeight))\" class=\"axis\"/>"
        out += "<text x=\"\(f(left + plotWidth / 2))\" y=\"\(f(height - 8))\" class=\"axis-label\" text-anchor=\"middle\">Share of commitments met (follow-through)</text>"
        out += "<text x=\"14\" y=\"\(f(top + plotHeight / 2))\" class=\"axis-label\" text-anchor=\"middle\" transform=\"rotate(-90 14 \(f(top + plotHeight / 2)))\">Change in attainment</text>"
        let step = max(1, points.count / Self.maximumPoints)
        for (index, point) in points.enumerated() where index % step == 0 {
            guard quadrants.contains(point.quadrant) else { continue }
            // A deterministic jitter spreads reps with the same share of commitments met.
            let jitter = (Double((index * 7919) % 101) / 100 - 0.5) * 0.02
            out += "<circle cx=\"\(f(px(min(1, max(0, point.x + jitter)))))\" cy=\"\(f(py(point.y)))\" r=\"3\" fill=\"\(Self.colour(point.quadrant))\" fill-opacity=\"0.6\"/>"
        }
        for (index, (quadrant, count)) in counts.enumerated() {
            let y = top + 20 + Double(index) * 22
            out += "<circle cx=\"\(f(width - right + 18))\" cy=\"\(f(y - 4))\" r=\"5\" fill=\"\(Self.colour(quadrant))\"/>"
            out += "<text x=\"\(f(width - right + 30))\" y=\"\(f(y))\" class=\"row-label\">\(HTMLText.escape(Self.words(quadrant))) (\(count))</text>"
        }
        return out + "</svg>"
    }

    /// `skill_gap` → `skill gap`.
    static func words(_ id: String) -> String { String(id.map { $0 == "_" ? " " : $0 }) }

    /// The quadrants drawn, in legend order.
    static let drawn = ["on_track", "skill_gap", "will_gap", "uncertain"]

    static func colour(_ quadrant: String) -> String {
        ["#009E73", "#E69F00", "#D55E00", "#999999"][drawn.firstIndex(of: quadrant) ?? 3]
    }

    private func f(_ value: Double) -> String { HumanFormat.fixed(value, 1) }
}
