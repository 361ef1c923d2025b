import CoachLabPluginAPI

/// CSV a spreadsheet opens: per plugin, each table as a block whose first two columns name
/// the plugin and table, then the summary as key/value rows; blocks apart by a blank line.
/// Numbers at full precision, empty cells for null. Written straight into bytes, as the
/// per-rep tables of a large org run to tens of megabytes.
public struct CSVRenderer: ResultRenderer {
    public init() {}

    public func render(_ report: RunReport) -> String {
        TextPieces.whole { write(report, to: $0) }
    }

    public func write(_ report: RunReport, to output: (UnsafeRawBufferPointer) -> Void) {
        withoutActuallyEscaping(output) { output in
            var out = TextPieces(to: output)
            Self.write(report, to: &out)
        }
    }

    private static let lineBreak: [UInt8] = [0x0D, 0x0A]

    private static func write(_ report: RunReport, to out: inout TextPieces) {
        var firstBlock = true
        func startBlock() {
            if !firstBlock { out.append(contentsOf: lineBreak + lineBreak) }
            firstBlock = false
        }
        for result in report.results {
            for table in result.tables {
                startBlock()
                line(["plugin", "table"] + table.columns.map(\.key), to: &out)
                for row in table.rows {
                    out.handOnIfFull()
                    out.append(contentsOf: lineBreak)
                    field(result.pluginID, to: &out)
                    out.append(0x2C)
                    field(table.name, to: &out)
                    for value in row {
                        out.append(0x2C)
                        cell(value, to: &out)
                    }
                }
            }
            startBlock()
            line(["plugin", "table", "key", "value"], to: &out)
            for field in result.summary {
                out.append(contentsOf: lineBreak)
                line([result.pluginID, "summary", field.key], to: &out)
                out.append(0x2C)
                cell(field.value, to: &out)
            }
        }
        out.append(contentsOf: lineBreak)
        out.handOn()
    }

    private static func line(_ fields: [String], to out: inout TextPieces) {
        for (index, text) in fields.enumerated() {
            if index > 0 { out.append(0x2C) }
            field(text, to: &out)
        }
    }

    private static func cell(_ value: ResultValue, to out: inout TextPieces) {
        switch value {
        case .null: break
        case .integer(let integer): field(String(integer), to: &out)
        case .number(let number): field(number.description, to: &out)
        case .text(let text): field(text, to: &out)
        }
    }

    /// RFC 4180: quoted, with quotes doubled, where it holds a comma, a quote or a line break.
    private static func field(_ text: String, to out: inout TextPieces) {
        var text = text
        text.withUTF8 { utf8 in
            guard utf8.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) else {
                out.append(contentsOf: utf8)
                return
            }
            out.append(0x22)
            for byte in utf8 {
                out.append(byte)
                if byte == 0x22 { out.append(0x22) }
            }
            out.append(0x22)
        }
    }
}
