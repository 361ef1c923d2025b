import CoachLabPluginAPI

extension RunReport {
    /// The report without its tables of one row per rep (``ResultTable/Grain/rep``), each
    /// result noting what it left out and how to keep it: JSON's default, since those
    /// tables grow with the org (a hundred thousand reps make most of a 300 MB file) while
    /// the report's answer is in the rest.
    public func leavingOutRepTables() -> RunReport {
        var report = self
        report.results = results.map { $0.leavingOutRepTables() }
        return report
    }
}

extension MetricResult {
    /// The result without its tables of one row per rep, noting what it left out; itself
    /// when it has none (so leaving them out twice notes them once).
    public func leavingOutRepTables() -> MetricResult {
        let left = tables.filter { $0.grain == .rep }
        guard !left.isEmpty else { return self }
        var result = self
        result.tables.removeAll { $0.grain == .rep }
        let described = left.map { "\($0.name) (\(HumanFormat.grouped($0.rows.count)) rows, one per rep)" }
        result.notes.append("Left out of this output: \(described.joined(separator: ", ")); add --detail reps to write it.")
        return result
    }
}
