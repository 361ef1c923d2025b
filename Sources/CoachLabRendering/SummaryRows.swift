import CoachLabPluginAPI

/// A result's summary as rows people read: a value with its interval and p-value on one
/// row ("Rate difference: +11.5 pts (95% CI +8.8 to +14.1), p < 0.001") under a label made
/// from its key, rather than one raw key per line.
struct SummaryRows {
    struct Row: Equatable {
        var label: String
        var text: String
    }

    var rows: [Row]

    init(_ result: MetricResult, marks: PValueMarks) {
        var consumed: Set<String> = []
        var rows: [Row] = []
        let byKey = Dictionary(result.summary.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        for field in result.summary where !consumed.contains(field.key) {
            consumed.insert(field.key)
            var text = marks.text(of: field)
            // Its interval (the one clustered by manager where both are there) and p-value.
            if let interval = SummaryInterval(of: field.key, in: result.summary) {
                consumed.formUnion([interval.low.key, interval.high.key])
                if let (low, high) = interval.bounds {
                    text += " (95% CI " + HumanFormat.interval(low, high, interval.low.role, signed: low < 0) + ")"
                }
            }
            for key in [field.key + "_clustered_p_value", field.key + "_p_value"] {
                guard let p = byKey[key], !consumed.contains(key) else { continue }
                consumed.insert(key)
                text += ", " + marks.text(of: p)
                break
            }
            rows.append(Row(label: field.label ?? Self.label(field.key), text: text))
        }
        self.rows = rows
    }

    /// A summary key made readable (``HumanFormat/readable(key:)``).
    static func label(_ key: String) -> String { HumanFormat.readable(key: key) }
}
