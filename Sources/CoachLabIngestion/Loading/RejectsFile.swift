import CoachLabData

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CoachLabSystem

/// Writes the rows a lenient load left out (`--on-error skip --rejects FILE`) as CSV: one
/// row each with its file, the line it starts on, the reason, the column and value at
/// fault, the message, and the row's raw text exactly as the file has it (all its lines,
/// for a row with a quoted line break) — so nothing leaves without a trace. Raw text that
/// is not UTF-8 is written escaped (`\xFF` for such a byte, `\\` for a backslash), and the
/// last column, `raw_encoding`, says `escaped` rather than `text`.
public enum RejectsFile {
    public static let header = ["file", "line", "reason", "column", "value", "message", "raw", "raw_encoding"]

    public struct WriteError: Error, CustomStringConvertible {
        public var description: String
    }

    /// Writes every rejected row of `report` to `path`, whole or not at all (see
    /// ``WholeFileWrites``); returns how many.
    @discardableResult
    public static func write(_ report: LoadReport, to path: String) throws(WriteError) -> Int {
        var written = 0
        do {
            try WholeFileWrites.write(to: path) { output in
                var out = csvLine(header)
                func flush() {
                    out.withUTF8 { output(UnsafeRawBufferPointer($0)) }
                    out = ""
                }
                for table in report.tables where !table.rejected.isEmpty {
                    let totalRows = table.rows + table.rejected.count
                    let raw = rawText(path: table.lines.path, rows: table.rejected.map(\.fileRow), totalRows: totalRows, lines: table.lines)
                    for (row, bytes) in zip(table.rejected, raw) {
                        let problem = row.problem
                        let (text, encoding) = Self.raw(bytes)
                        out += csvLine([
                            problem.file, problem.line.map(String.init) ?? "", problem.reason?.rawValue ?? "",
                            problem.column ?? "", problem.value ?? "", problem.message, text, encoding,
                        ])
                        written += 1
                        if out.utf8.count > 1 << 20 { flush() }
                    }
                }
                flush()
            }
        } catch {
            throw WriteError(description: "\(DisplayText.escaped(path, limit: 300)): cannot be written (\(error.reason))")
        }
        return written
    }

    /// The raw bytes of data rows `rows` (ascending) of the file at `path`: the lines from
    /// the row's first to the line before the next row's, without trailing line ends. Lines
    /// are counted as the line scan that numbered the rows counts them (``LineCounter``:
    /// LF, CR and CR LF alike).
    static func rawText(path: String, rows: [Int], totalRows: Int, lines: LineLocator) -> [[UInt8]] {
        let spans = rows.map { row in
            (first: lines.line(ofRow: row), last: row + 1 < totalRows ? lines.line(ofRow: row + 1) - 1 : Int.max)
        }
        var texts = [[UInt8]](repeating: [], count: rows.count)
        guard !spans.isEmpty else { return texts }
        var span = 0
        // The text as the reader parsed it: a file in another encoding, transcoded.
        LineCounter.walk(path: path, encoding: lines.encoding) { byte, line, _ in
            while span < spans.count && line > spans[span].last { span += 1 }
            guard span < spans.count else { return false }
            if line >= spans[span].first { texts[span].append(byte) }
            return true
        }
        return texts.map { bytes in
            var end = bytes.count
            while end > 0 && (bytes[end - 1] == 0x0A || bytes[end - 1] == 0x0D) { end -= 1 }
            return Array(bytes[0..<end])
        }
    }

    /// A row's raw bytes as a field of the rejects file: as they are when they are UTF-8
    /// (`text`), else with each byte that is not as `\xFF` and each backslash doubled
    /// (`escaped`), so that the bytes can be recovered exactly.
    static func raw(_ bytes: [UInt8]) -> (text: String, encoding: String) {
        if let text = String(validating: bytes, as: UTF8.self) { return (text, "text") }
        var escaped = ""
        var index = 0
        while index < bytes.count {
            // The scalar starting here (one to four bytes), or none: one byte escaped.
            let width = (1...4).first { width in
                index + width <= bytes.count && String(validating: bytes[index..<(index + width)], as: UTF8.self) != nil
            }
            if let width {
                let scalar = String(decoding: bytes[index..<(index + width)], as: UTF8.self)
                escaped += scalar == "\\" ? "\\\\" : scalar
                index += width
            } else {
                let hex = String(bytes[index], radix: 16, uppercase: true)
                escaped += "\\x" + (hex.count < 2 ? "0" : "") + hex
                index += 1
            }
        }
        return (escaped, "escaped")
    }

    static func csvLine(_ fields: [String]) -> String {
        fields.map { field in
            field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
                ? "\"" + field.replacingOccurrences("\"", with: "\"\"") + "\"" : field
        }.joined(separator: ",") + "\n"
    }
}

extension String {
    fileprivate func replacingOccurrences(_ target: Character, with replacement: String) -> String {
        var result = ""
        for character in self { if character == target { result += replacement } else { result.append(character) } }
        return result
    }
}
