import CoachLabPluginAPI

/// Markdown that pastes into a document: a section per plugin, finding first.
public struct MarkdownRenderer: ResultRenderer {
    public init() {}

    public func render(_ report: RunReport) -> String {
        let report = HumanLabels.apply(to: report)
        var out = "# CoachLab results\n\nDataset: `\(HumanFormat.visible(report.dataset))`\n"
        if let slice = report.slice { out += "\nSlice: `\(HumanFormat.visible(slice.description))`\n" }
        if let verdict = Verdict(report) { out += "\n**Verdict.** " + escape(verdict.sentences.joined(separator: " ")) + "\n" }
        if let statement = PValueMarks.statement(report.multipleTesting) { out += "\n" + statement + "\n" }
        for result in report.results {
            let marks = PValueMarks(report, result)
            out += "\n## \(result.title)\n\n"
            for finding in result.findings { out += "**" + HumanFormat.sentence(finding, marks: marks) + "**\n\n" }
            for table in result.tables {
                if table.rows.count > HumanFormat.longTableRows {
                    out += HumanFormat.longTableNotice(table) + "\n\n"
                    continue
                }
                let columns = HumanFormat.displayColumns(table, marks: marks)
                out += "| " + columns.map { escape($0.label) }.joined(separator: " | ") + " |\n"
                out += "|" + columns.indices.map { $0 == 0 ? "---|" : "---:|" }.joined() + "\n"
                for row in table.rows.indices {
                    out += "| " + columns.map { escape($0.cell(row)) }.joined(separator: " | ") + " |\n"
                }
                out += "\n"
            }
            if !result.summary.isEmpty {
                out += "| Statistic | Value |\n|---|---:|\n"
                for row in SummaryRows(result, marks: marks).rows {
                    out += "| \(escape(row.label)) | \(escape(row.text)) |\n"
                }
                out += "\n"
            }
            if !result.notes.isEmpty {
                out += "Notes:\n\n" + result.notes.map { "- " + escape(HumanFormat.visible($0)) }.joined(separator: "\n") + "\n"
            }
        }
        if !report.skipped.isEmpty {
            out += "\n## Skipped\n\n" + report.skipped.map { "- `\($0.pluginID)`: \(HumanFormat.visible($0.reason))" }.joined(separator: "\n") + "\n"
        }
        return out
    }

    private func escape(_ text: String) -> String {
        text.split(separator: "|", omittingEmptySubsequences: false).joined(separator: "\\|")
    }
}
