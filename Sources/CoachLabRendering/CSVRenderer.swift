import CoachLabPluginAPI

/// CSV a spreadsheet opens: per plugin, each table as a block whose first two columns name
/// the plugin and table, then the summary as key/value rows; blocks apart by a blank line.
/// Numbers at full precision, empty cells for null.
public struct CSVRenderer: ResultRenderer {
    public init() {}

    public func render(_ report: RunReport) -> String {
        var blocks: [String] = []
        for result in report.results {
            for table in result.tables {
                var lines = [(["plugin", "table"] + table.columns.map(\.key)).map(Self.field).joined(separator: ",")]
                for row in table.rows {
                    lines.append(([result.pluginID, table.name] + row.map(Self.cell)).map(Self.field).joined(separator: ","))
                }
                blocks.append(lines.joined(separator: "\r\n"))
            }
            var lines = ["plugin,table,key,value"]
            for field in result.summary {
                lines.append([result.pluginID, "summary", field.key, Self.cell(field.value)].map(Self.field).joined(separator: ","))
            }
            blocks.append(lines.joined(separator: "\r\n"))
        }
        return blocks.joined(separator: "\r\n\r\n") + "\r\n"
    }

    static func cell(_ value: ResultValue) -> String {
        switch value {
        case .null: ""
        case .integer(let integer): String(integer)
        case .number(let number): "\(number)"
        case .text(let text): text
        }
    }

    /// RFC 4180 quoting where needed.
    static func field(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.split(separator: "\"", omittingEmptySubsequences: false).joined(separator: "\"\"") + "\""
    }
}
