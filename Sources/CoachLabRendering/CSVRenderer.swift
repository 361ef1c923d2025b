import CoachLabPluginAPI

/// CSV a spreadsheet opens: per plugin, each table as a block whose first two columns name
/// the plugin and table, then the summary as key/value rows; last, when the report has an
/// adjustment for multiple testing, its p-values (table `multiple_testing`); for a slice,
/// its conditions and months (table `slice`); when reps have no rows, their number (table
/// `dataset`); blocks apart by a blank line.
/// Numbers at full precision, empty cells for null; text that a spreadsheet would run as a
/// formula is neutralised (see `field`): JSON carries every value unaltered. Written straight into bytes, as the
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

    static let lineBreak: [UInt8] = [0x0D, 0x0A]

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
        // The run's p-values adjusted together: a row per summary p-value, with the method,
        // the family's size and the level on each, as a spreadsheet filters rows.
        if let testing = report.multipleTesting, testing.familySize > 0 {
            startBlock()
            line(["plugin", "table", "key", "p_value", "p_adjusted", "method", "family_size", "alpha"], to: &out)
            for test in testing.tests {
                out.append(contentsOf: lineBreak)
                line([test.pluginID, "multiple_testing", test.key], to: &out)
                for value in [MetricResult.Value.number(test.pValue), .number(test.adjustedPValue), .text(testing.method.rawValue),
                              .integer(testing.familySize), .number(testing.alpha)] {
                    out.append(0x2C)
                    cell(value, to: &out)
                }
            }
        }
        // The slice the results describe, a row per condition and bound.
        if let slice = report.slice {
            startBlock()
            line(["plugin", "table", "key", "value"], to: &out)
            for (key, value) in slice.keyValues {
                out.append(contentsOf: lineBreak)
                line(["", "slice", key, value], to: &out)
            }
        }
        // Reps with no rows: every other format has it as a note.
        if let missing = report.repsWithoutRows {
            startBlock()
            line(["plugin", "table", "key", "value"], to: &out)
            for (key, value) in [("reps", missing.reps), ("reps_without_rows", missing.count)] {
                out.append(contentsOf: lineBreak)
                line(["", "dataset", key, String(value)], to: &out)
            }
        }
        out.append(contentsOf: lineBreak)
        out.handOn()
    }

    static func line(_ fields: [String], to out: inout TextPieces) {
        for (index, text) in fields.enumerated() {
            if index > 0 { out.append(0x2C) }
            field(text, to: &out)
        }
    }

    static func cell(_ value: MetricResult.Value, to out: inout TextPieces) {
        switch value {
        case .null: break
        case .integer(let integer): number(String(integer), to: &out)
        case .number(let value): number(value.description, to: &out)
        case .text(let text): field(text, to: &out)
        }
    }

    /// A number's digits as they are: a leading minus is a sign here, not a formula.
    private static func number(_ digits: String, to out: inout TextPieces) {
        var digits = digits
        digits.withUTF8 { out.append(contentsOf: $0) }
    }

    /// Whether a spreadsheet takes a cell beginning with `byte` for a formula: = + - @ TAB CR.
    private static func startsFormula(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x3D, 0x2B, 0x2D, 0x40, 0x09, 0x0D: true
        default: false
        }
    }

    /// A text cell, RFC 4180: quoted, with quotes doubled, where it holds a comma, a quote or
    /// a line break. Text from the dataset (a rep id, a region) that begins like a formula,
    /// such as `=HYPERLINK(…)` or `@SUM(…)`, is written after an apostrophe, quoted, so that
    /// a spreadsheet shows it as text instead of running it (OWASP's "CSV injection").
    static func field(_ text: String, to out: inout TextPieces) {
        var text = text
        text.withUTF8 { utf8 in
            let formula = utf8.first.map(Self.startsFormula) ?? false
            guard formula || utf8.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) else {
                out.append(contentsOf: utf8)
                return
            }
            out.append(0x22)
            if formula { out.append(0x27) }
            for byte in utf8 {
                out.append(byte)
                if byte == 0x22 { out.append(0x22) }
            }
            out.append(0x22)
        }
    }
}
