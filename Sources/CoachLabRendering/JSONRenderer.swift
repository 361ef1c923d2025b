import CoachLabPluginAPI

/// The JSON contract of RESULTS.md: keys in the order plugins give them, numbers at full
/// double precision (the shortest text that reads back to the same double), null for a
/// statistic that could not be computed.
public struct JSONRenderer: ResultRenderer {
    public init() {}

    public func render(_ report: RunReport) -> String {
        var document: [(String, JSONValue)] = [
            ("dataset", .string(report.dataset)),
            ("results", .array(report.results.map(Self.result))),
        ]
        if let rejections = report.rejections {
            document.append(("input", .object([
                ("rejected_rows", .number(Double(rejections.rows))),
                ("rejected_by_reason", .object(rejections.byReason.map { ($0.reason, .number(Double($0.rows))) })),
                ("rejected_by_file", .object(rejections.byFile.map { ($0.file, .number(Double($0.rows))) })),
                ("rejects_file", .string(rejections.rejectsFile)),
            ])))
        }
        if !report.skipped.isEmpty {
            document.append(("skipped", .array(report.skipped.map {
                .object([("plugin", .string($0.pluginID)), ("reason", .string($0.reason))])
            })))
        }
        var text = ""
        JSONValue.object(document).write(to: &text, indent: 0)
        return text + "\n"
    }

    static func result(_ result: MetricResult) -> JSONValue {
        .object([
            ("plugin", .string(result.pluginID)),
            ("title", .string(result.title)),
            ("summary", .object(result.summary.map { ($0.key, JSONValue($0.value)) })),
            ("tables", .object(result.tables.map { table in
                (table.name, .array(table.rows.map { row in
                    .object(zip(table.columns, row).map { ($0.key, JSONValue($1)) })
                }))
            })),
            ("notes", .array(result.notes.map(JSONValue.string))),
            ("findings", .array(result.findings.map { .string(HumanFormat.sentence($0)) })),
        ])
    }
}

/// A JSON document whose objects keep their key order.
indirect enum JSONValue {
    case object([(String, JSONValue)])
    case array([JSONValue])
    case string(String)
    case integer(Int)
    case number(Double)
    case null

    init(_ value: ResultValue) {
        switch value {
        case .null: self = .null
        case .integer(let integer): self = .integer(integer)
        case .number(let number): self = number.isFinite ? .number(number) : .null
        case .text(let text): self = .string(text)
        }
    }

    func write(to out: inout String, indent: Int) {
        let inner = String(repeating: "  ", count: indent + 1)
        switch self {
        case .null: out += "null"
        case .integer(let integer): out += String(integer)
        case .number(let number): out += "\(number)"
        case .string(let string): Self.writeString(string, to: &out)
        case .array(let items):
            guard !items.isEmpty else { out += "[]"; return }
            out += "["
            for (index, item) in items.enumerated() {
                out += (index == 0 ? "\n" : ",\n") + inner
                item.write(to: &out, indent: indent + 1)
            }
            out += "\n" + String(repeating: "  ", count: indent) + "]"
        case .object(let members):
            guard !members.isEmpty else { out += "{}"; return }
            out += "{"
            for (index, (key, value)) in members.enumerated() {
                out += (index == 0 ? "\n" : ",\n") + inner
                Self.writeString(key, to: &out)
                out += ": "
                value.write(to: &out, indent: indent + 1)
            }
            out += "\n" + String(repeating: "  ", count: indent) + "}"
        }
    }

    static func writeString(_ string: String, to out: inout String) {
        out += "\""
        // Most strings (ids, keys, labels) need no escape: append them whole.
        if !string.utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }) {
            out += string
            out += "\""
            return
        }
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }
}
