import CoachLabPluginAPI

/// Aligned plain text for a terminal: the finding first, then the table, summary and notes.
public struct TextTableRenderer: ResultRenderer {
    public init() {}

    public func render(_ report: RunReport) -> String {
        let report = HumanLabels.apply(to: report)
        // The dataset's name (a state's @dataset line), notes and reasons may quote input
        // text; table cells and finding values are made visible by HumanFormat.
        var out = "CoachLab results for \(HumanFormat.visible(report.dataset))\n"
        if let slice = report.slice { out += "Slice: \(HumanFormat.visible(slice.description))\n" }
        if let verdict = Verdict(report) { out += "\n" + wrap("Verdict. " + verdict.sentences.joined(separator: " "), width: 92) + "\n" }
        if let statement = PValueMarks.statement(report.multipleTesting) { out += "\n" + wrap(statement, width: 92) + "\n" }
        for result in report.results {
            let marks = PValueMarks(report, result)
            out += "\n" + result.title + "\n" + String(repeating: "=", count: result.title.count) + "\n"
            for finding in result.findings { out += wrap(HumanFormat.sentence(finding, marks: marks), width: 92) + "\n" }
            for table in result.tables {
                out += "\n" + (table.rows.count > HumanFormat.longTableRows ? HumanFormat.longTableNotice(table) + "\n" : render(table, marks: marks))
            }
            if !result.summary.isEmpty {
                out += "\n"
                let rows = SummaryRows(result, marks: marks).rows
                let width = rows.map(\.label.count).max() ?? 0
                for row in rows {
                    out += "  " + row.label.padded(to: width) + "  " + row.text + "\n"
                }
            }
            if !result.notes.isEmpty {
                out += "\nNotes:\n"
                for note in result.notes { out += wrap("- " + HumanFormat.visible(note), width: 92, indent: "  ") + "\n" }
            }
        }
        for skipped in report.skipped {
            out += "\nSkipped \(skipped.pluginID): \(HumanFormat.visible(skipped.reason))\n"
        }
        return out
    }

    func render(_ table: ResultTable, marks: PValueMarks = .none) -> String {
        let columns = HumanFormat.displayColumns(table, marks: marks)
        let cells = (0..<table.rows.count).map { row in columns.map { $0.cell(row) } }
        let widths = columns.indices.map { c in
            max(columns[c].label.count, cells.map { $0[c].count }.max() ?? 0)
        }
        func line(_ values: [String]) -> String {
            values.enumerated().map { c, value in
                c == 0 ? value.padded(to: widths[c])
                    : String(repeating: " ", count: widths[c] - value.count) + value
            }.joined(separator: "  ")
        }
        var out = line(columns.map(\.label)) + "\n"
        out += widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ") + "\n"
        for row in cells { out += line(row) + "\n" }
        return out
    }

    func wrap(_ text: String, width: Int, indent: String = "") -> String {
        var lines: [String] = []
        var current = ""
        for word in text.split(separator: " ", omittingEmptySubsequences: false) {
            if !current.isEmpty && current.count + 1 + word.count > width {
                lines.append(current)
                current = indent + word
            } else {
                current += current.isEmpty ? String(word) : " " + word
            }
        }
        if !current.isEmpty { lines.append(current) }
        return lines.joined(separator: "\n")
    }
}
