/// Text as a cell of each format writes it.
enum CellText {
    /// `text` as a CSV cell, as `coachlab run --format csv` writes text: quoted, with quotes
    /// doubled, where it holds a comma, a quote or a line break; and written after an
    /// apostrophe when it begins like a spreadsheet formula (`=`, `+`, `-`, `@`, tab, CR), so
    /// that a spreadsheet shows it instead of running it (OWASP's "CSV injection").
    static func csv(_ text: String) -> [UInt8] {
        let utf8 = Array(text.utf8)
        let formula = utf8.first.map(startsFormula) ?? false
        guard formula || utf8.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) else {
            return utf8
        }
        var cell: [UInt8] = [0x22]
        if formula { cell.append(0x27) }
        for byte in utf8 {
            cell.append(byte)
            if byte == 0x22 { cell.append(0x22) }
        }
        cell.append(0x22)
        return cell
    }

    /// Whether a spreadsheet takes a cell beginning with `byte` for a formula.
    static func startsFormula(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x3D, 0x2B, 0x2D, 0x40, 0x09, 0x0D: true
        default: false
        }
    }

    /// `text` as a JSON string: quoted, with `"`, `\` and control characters escaped.
    static func json(_ text: String) -> [UInt8] {
        var cell: [UInt8] = [0x22]
        for byte in text.utf8 {
            switch byte {
            case 0x22: cell += [0x5C, 0x22]
            case 0x5C: cell += [0x5C, 0x5C]
            case 0x0A: cell += [0x5C, 0x6E]
            case 0x0D: cell += [0x5C, 0x72]
            case 0x09: cell += [0x5C, 0x74]
            case ..<0x20: cell += [0x5C, 0x75, 0x30, 0x30, hexDigits[Int(byte >> 4)], hexDigits[Int(byte & 0xF)]]
            default: cell.append(byte)
            }
        }
        cell.append(0x22)
        return cell
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// `text` as a cell of `format`.
    static func encoded(_ text: String, _ format: ExportFormat) -> [UInt8] {
        switch format {
        case .csv: csv(text)
        case .jsonl: json(text)
        }
    }
}

/// A list of texts (ids, categories) encoded once as cells of one format, so that a table
/// of millions of rows copies bytes instead of escaping the same few thousand strings again.
/// The cells lie end to end in one buffer: copying one takes no reference count.
struct EncodedTexts: Sendable {
    private let bytes: [UInt8]
    /// Cell `i` is `bytes[ends[i - 1]..<ends[i]]` (from 0 for the first).
    private let ends: [Int]

    init(_ texts: [String], format: ExportFormat) {
        var bytes: [UInt8] = []
        var ends: [Int] = []
        ends.reserveCapacity(texts.count)
        for text in texts {
            bytes += CellText.encoded(text, format)
            ends.append(bytes.count)
        }
        self.bytes = bytes
        self.ends = ends
    }

    var count: Int { ends.count }

    /// Appends cell `index` to `output`.
    @inline(__always)
    func append(_ index: Int, to output: inout [UInt8]) {
        let start = index == 0 ? 0 : ends[index - 1]
        bytes.withUnsafeBufferPointer { bytes in
            output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<ends[index]]))
        }
    }
}
