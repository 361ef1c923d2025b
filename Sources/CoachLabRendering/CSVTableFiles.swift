import CoachLabPluginAPI

/// A run's results as tidy CSV files, one table to a file with one header, for pandas or R
/// to read each with one call (`run --format csv -o DIR`): `PLUGIN__TABLE.csv` per result
/// table, `summary.csv` (plugin, key, value), `findings.csv` (plugin, finding), `notes.csv`
/// (plugin, note) and, when the report has an adjustment for multiple testing,
/// `multiple_testing.csv` (the last block of the single-file CSV); for a slice,
/// `slice.csv` (key, value: a `where` row per condition, `from`, `to`).
///
/// Cells as ``CSVRenderer`` writes them: numbers at full precision, empty for null, text
/// that a spreadsheet would run as a formula after an apostrophe.
public struct CSVTableFiles: Sendable {
    /// One file: its name in the folder and what writes its bytes, in pieces.
    public struct File {
        public var name: String
        public var write: ((UnsafeRawBufferPointer) -> Void) -> Void
    }

    public init() {}

    /// The files of `report`, result tables first, in the order the plugins ran.
    public func files(_ report: RunReport) -> [File] {
        var files: [File] = []
        for result in report.results {
            for table in result.tables {
                files.append(File(name: Self.fileName(result.pluginID, table.name)) { output in
                    Self.write(header: table.columns.map(\.key), rows: table.rows, to: output)
                })
            }
        }
        files.append(File(name: "summary.csv") { output in
            Self.write(header: ["plugin", "key", "value"], rows: report.results.flatMap { result in
                result.summary.map { [.text(result.pluginID), .text($0.key), $0.value] }
            }, to: output)
        })
        files.append(File(name: "findings.csv") { output in
            Self.write(header: ["plugin", "finding"], rows: report.results.flatMap { result in
                result.findings.map { [.text(result.pluginID), .text(HumanFormat.sentence($0))] }
            }, to: output)
        })
        files.append(File(name: "notes.csv") { output in
            Self.write(header: ["plugin", "note"], rows: report.results.flatMap { result in
                result.notes.map { [.text(result.pluginID), .text($0)] }
            }, to: output)
        })
        if let testing = report.multipleTesting, testing.familySize > 0 {
            files.append(File(name: "multiple_testing.csv") { output in
                Self.write(
                    header: ["plugin", "key", "p_value", "p_adjusted", "method", "family_size", "alpha"],
                    rows: testing.tests.map { test in
                        [.text(test.pluginID), .text(test.key), .number(test.pValue), .number(test.adjustedPValue),
                         .text(testing.method.rawValue), .integer(testing.familySize), .number(testing.alpha)]
                    }, to: output)
            })
        }
        if let slice = report.slice {
            files.append(File(name: "slice.csv") { output in
                Self.write(header: ["key", "value"], rows: slice.keyValues.map { [.text($0.key), .text($0.value)] }, to: output)
            })
        }
        return files
    }

    /// `PLUGIN__TABLE.csv`, any byte of either name outside letters, digits, `-`, `_` and
    /// `.` made `_` so that a table's name never reaches outside the folder.
    public static func fileName(_ pluginID: String, _ table: String) -> String {
        func safe(_ name: String) -> String {
            String(name.map { $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) ? $0 : "_" })
        }
        let name = safe(pluginID) + "__" + safe(table) + ".csv"
        return name.hasPrefix(".") ? "_" + name.dropFirst() : name
    }

    private static func write(header: [String], rows: [[MetricResult.Value]], to output: (UnsafeRawBufferPointer) -> Void) {
        withoutActuallyEscaping(output) { output in
            var out = TextPieces(to: output)
            CSVRenderer.line(header, to: &out)
            for row in rows {
                out.append(contentsOf: CSVRenderer.lineBreak)
                out.handOnIfFull()
                for (index, value) in row.enumerated() {
                    if index > 0 { out.append(0x2C) }
                    CSVRenderer.cell(value, to: &out)
                }
            }
            out.append(contentsOf: CSVRenderer.lineBreak)
            out.handOn()
        }
    }
}
