import CoachLabData

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes the rows a lenient load left out (`--on-error skip --rejects FILE`) as CSV: one
/// row each with its file, the line it starts on, the reason, the column and value at
/// fault, the message, and the row's raw text exactly as the file has it (all its lines,
/// for a row with a quoted line break) — so nothing leaves without a trace.
public enum RejectsFile {
    public static let header = ["file", "line", "reason", "column", "value", "message", "raw"]

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
                    for (row, text) in zip(table.rejected, raw) {
                        let problem = row.problem
                        out += csvLine([
                            problem.file, problem.line.map(String.init) ?? "", problem.reason?.rawValue ?? "",
                            problem.column ?? "", problem.value ?? "", problem.message, text,
                        ])
                        written += 1
                        if out.utf8.count > 1 << 20 { flush() }
                    }
                }
                flush()
            }
        } catch {
            throw WriteError(description: "\(path): cannot be written (\(error.reason))")
        }
        return written
    }

    /// The raw text of data rows `rows` (ascending) of the file at `path`: the lines from
    /// the row's first to the line before the next row's, without trailing blank lines and
    /// line ends.
    static func rawText(path: String, rows: [Int], totalRows: Int, lines: LineLocator) -> [String] {
        let spans = rows.map { row in
            (first: lines.line(ofRow: row), last: row + 1 < totalRows ? lines.line(ofRow: row + 1) - 1 : Int.max)
        }
        var texts = [[UInt8]](repeating: [], count: rows.count)
        guard !spans.isEmpty, case .success(let descriptor) = RegularFile.open(path) else { return texts.map { _ in "" } }
        defer { close(descriptor) }
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        var line = 1
        var span = 0
        var first = true
        while span < spans.count {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count <= 0 { break }
            var start = 0
            if first {
                first = false
                if count >= 3 && buffer[0] == 0xEF && buffer[1] == 0xBB && buffer[2] == 0xBF { start = 3 }
            }
            for index in start..<count {
                let byte = buffer[index]
                while span < spans.count && line > spans[span].last { span += 1 }
                guard span < spans.count else { break }
                if line >= spans[span].first { texts[span].append(byte) }
                if byte == 0x0A { line += 1 }
            }
        }
        return texts.map { bytes in
            var end = bytes.count
            while end > 0 && (bytes[end - 1] == 0x0A || bytes[end - 1] == 0x0D) { end -= 1 }
            return String(decoding: bytes[0..<end], as: UTF8.self)
        }
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
