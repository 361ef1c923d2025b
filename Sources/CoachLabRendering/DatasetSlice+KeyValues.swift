import CoachLabPluginAPI

extension Dataset.Slice {
    /// The slice as rows of a CSV: `where` and the condition for each condition, then `from`
    /// and `to` where the months are bounded.
    var keyValues: [(key: String, value: String)] {
        conditions.map { ("where", $0.description) }
            + (firstMonth.map { [("from", MonthIndex.format($0))] } ?? [])
            + (lastMonth.map { [("to", MonthIndex.format($0))] } ?? [])
    }
}
