import CoachLabPluginAPI

/// The report as people read it: each table's text values under the names their column
/// gives them (``ResultColumn/valueLabels``: `needs_improvement` → "Needs improvement").
/// The human formats (table, Markdown, HTML) show this; JSON and CSV keep the values.
enum HumanLabels {
    static func apply(to report: RunReport) -> RunReport {
        var report = report
        report.results = report.results.map { result in
            var result = result
            result.tables = result.tables.map(apply)
            return result
        }
        return report
    }

    static func apply(to table: ResultTable) -> ResultTable {
        let labelled = table.columns.indices.filter { !table.columns[$0].valueLabels.isEmpty }
        guard !labelled.isEmpty else { return table }
        var table = table
        for row in table.rows.indices {
            for column in labelled {
                if case .text(let value) = table.rows[row][column], let label = table.columns[column].valueLabels[value] {
                    table.rows[row][column] = .text(label)
                }
            }
        }
        return table
    }
}
