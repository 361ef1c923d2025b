import CoachLabPluginAPI

/// The first place two runs' results differ, in a line, or nil when they are equal
/// (so that a failing property prints where, not two pages of values).
func firstDifference(_ found: [MetricResult]?, _ expected: [MetricResult]) -> String? {
    guard let found else { return "no results" }
    guard found.count == expected.count else { return "\(found.count) results, expected \(expected.count)" }
    for (a, b) in zip(found, expected) where a != b {
        for (x, y) in zip(a.summary, b.summary) where x != y {
            return "\(a.pluginID) summary \(x.key): \(x.value) vs \(y.value)"
        }
        for (t, u) in zip(a.tables, b.tables) where t != u {
            for (row, (r, s)) in zip(t.rows, u.rows).enumerated() where r != s {
                return "\(a.pluginID) table \(t.name) row \(row): \(r) vs \(s)"
            }
            return "\(a.pluginID) table \(t.name): \(t.rows.count) rows vs \(u.rows.count)"
        }
        if a.notes != b.notes { return "\(a.pluginID) notes: \(a.notes) vs \(b.notes)" }
        return "\(a.pluginID) findings differ"
    }
    return nil
}
