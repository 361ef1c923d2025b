/// The opening of an accessible inline SVG chart: its size, and a title and a description
/// that screen readers announce (the description carries the chart's numbers as text).
enum SVGFrame {
    /// The room at a chart's left for row labels in bold 13 px text, at about 8 units a
    /// character (a generous estimate for a sans-serif), and never less than `minimum`.
    static func labelMargin(for labels: [String], minimum: Double = 170) -> Double {
        max(minimum, Double(labels.map(\.count).max() ?? 0) * 8 + 24)
    }

    static func open(id: String, width: Double, height: Double, title: String, description: String) -> String {
        "<svg class=\"chart\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-labelledby=\"\(id)-title \(id)-desc\">"
            + "<title id=\"\(id)-title\">\(HTMLText.escape(title))</title>"
            + "<desc id=\"\(id)-desc\">\(HTMLText.escape(description))</desc>"
    }
}
