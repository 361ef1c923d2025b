import CoachLabData

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CoachLabSystem

/// Drafts a mapping file for an export folder (`coachlab mapping init`): which file is
/// which table and which header is which column, guessed from header names; value formats
/// guessed from the first rows (currency, separators, percent, date and period patterns,
/// missing-value tokens). What it cannot tell is left as a commented TODO to fill in.
public struct MappingDraft {
    /// The first rows of one CSV file of the export.
    struct Sample {
        var file: String
        /// The byte between fields, guessed from the header line.
        var delimiter: UInt8
        /// The file's encoding, told from its first bytes.
        var encoding = TextEncoding.utf8
        var header: [String]
        /// Values by header, at most ``sampleRows`` each, trimmed, empty ones left out.
        var values: [String: [String]]
    }

    static let sampleRows = 200
    static let missingTokens = ["N/A", "#N/A", "NA", "n/a", "-", "null", "NULL", "(blank)", "--"]

    let folder: String
    let samples: [Sample]

    /// Reads the headers and first rows of every `.csv` (and tab-separated `.tsv`) file in `folder`.
    public init(folder: String) throws(DatasetError) {
        self.folder = folder
        guard let entries = DirectoryEntries.names(in: folder) else { throw .notAFolder(folder) }
        let names = entries.filter { name in
            let lower = name.lowercased()
            return (lower.hasSuffix(".csv") || lower.hasSuffix(".tsv")) && !name.hasPrefix(".")
        }
        var samples: [Sample] = []
        for name in names.sorted() {
            samples.append(try Self.sample(path: folder + "/" + name, file: name))
        }
        self.samples = samples
    }

    /// The draft, as YAML with comments.
    public func render() -> String {
        var out = """
        # CoachLab mapping drafted by `coachlab mapping init` from \(folder).
        # Check every guess and settle each TODO, deleting its comment (one left is an error),
        # then: coachlab validate \(folder) --mapping THIS_FILE
        # Format: docs/MAPPING.md
        version: 1

        """
        let missing = Self.missingTokens.filter { token in
            samples.contains { $0.values.values.contains { $0.contains(token) } }
        }
        out += missing.isEmpty
            ? "# missing_values: [\"N/A\"]      # values to read as empty, if the export writes any\n"
            : "missing_values: [\(missing.map(Self.quoted).joined(separator: ", "))]\n"
        let assignment = assignFiles()
        // The delimiter most of the export's files use (a comma on a tie), and one for each
        // file that differs.
        let counts = assignment.values.reduce(into: [UInt8: Int]()) { $0[$1.delimiter, default: 0] += 1 }
        let most = counts.values.max() ?? 0
        let shared = counts[UInt8(ascii: ","), default: 0] == most ? UInt8(ascii: ",")
            : counts.filter { $0.value == most }.keys.min()!
        if shared != UInt8(ascii: ",") { out += "delimiter: \(Self.quotedDelimiter(shared))\n" }
        let sharedEncoding = Self.sharedEncoding(Array(assignment.values))
        if sharedEncoding != .utf8 { out += "encoding: \(sharedEncoding.rawValue)\n" }
        out += "tables:\n"
        for table in DatasetTable.allCases {
            guard let sample = assignment[table] else {
                out += table.isRequired
                    ? "  # TODO: which file holds \(table.rawValue)? (files: \(samples.map(\.file).joined(separator: ", ")))\n  # \(table.rawValue):\n  #   file: \"\"\n"
                    : "  # \(table.rawValue): no file looks like it (optional table)\n"
                continue
            }
            out += "  \(table.rawValue):\n    file: \(Self.quoted(sample.file))\n"
            if sample.delimiter != shared { out += "    delimiter: \(Self.quotedDelimiter(sample.delimiter))\n" }
            if sample.encoding != sharedEncoding { out += "    encoding: \(sample.encoding.rawValue)\n" }
            out += "    columns:\n"
            var used: Set<String> = []
            for request in DatasetSchema.columns(of: table) {
                if let attainment = attainmentInstead(of: request, in: table, sample: sample, used: &used) {
                    out += attainment
                    continue
                }
                out += column(request, of: table, in: sample, used: &used, missing: missing)
            }
            let unused = sample.header.filter { !used.contains($0) }
            if !unused.isEmpty { out += "    # not used: \(unused.joined(separator: ", "))\n" }
        }
        return out
    }

    // MARK: Files and headers

    /// The best file for each table: most headers recognised, each file used once.
    func assignFiles() -> [DatasetTable: Sample] {
        var pairs: [(score: Int, table: DatasetTable, index: Int)] = []
        for table in DatasetTable.allCases {
            for (index, sample) in samples.enumerated() {
                var score = DatasetSchema.columns(of: table).reduce(0) { total, request in
                    total + (Self.header(for: request.name, of: table, in: sample.header, excluding: []) == nil ? 0 : (request.isRequired ? 3 : 1))
                }
                let name = ColumnSynonyms.normalized(sample.file)
                if name.contains(ColumnSynonyms.normalized(table.rawValue)) { score += 2 }
                if score >= 3 { pairs.append((score, table, index)) }
            }
        }
        var result: [DatasetTable: Sample] = [:]
        var taken: Set<Int> = []
        for pair in pairs.sorted(by: { $0.score > $1.score }) where result[pair.table] == nil && !taken.contains(pair.index) {
            result[pair.table] = samples[pair.index]
            taken.insert(pair.index)
        }
        return result
    }

    static func header(for column: String, of table: DatasetTable, in headers: [String], excluding: Set<String>) -> String? {
        let normalized = headers.map(ColumnSynonyms.normalized)
        for candidate in ColumnSynonyms.candidates(column, in: table) {
            if let index = normalized.firstIndex(of: candidate), !excluding.contains(headers[index]) { return headers[index] }
        }
        return nil
    }

    // MARK: Columns

    private func column(_ request: CSVColumnRequest, of table: DatasetTable, in sample: Sample,
                        used: inout Set<String>, missing: [String]) -> String {
        let name = request.name
        guard let header = Self.header(for: name, of: table, in: sample.header, excluding: used) else {
            let note = request.isRequired ? "TODO: which header holds \(name)? (required)" : "\(name): not found (optional)"
            return "      # \(note)\n      # \(name): \"\"\n"
        }
        used.insert(header)
        let values = (sample.values[header] ?? []).filter { !missing.contains($0) }
        var keys: [String] = []
        var comment: String?
        switch request.kind {
        case .number, .integer:
            switch Self.numberFormat(values) {
            case .canonical: break
            case .format(let text): keys.append(text)
            case .unknown(let example): comment = "TODO: values like \(Self.quoted(example)) did not read as numbers; set currency, thousands, decimal or percent"
            }
        case .date, .month:
            switch Self.datePattern(values, kind: request.kind) {
            case .canonical: break
            case .pattern(let pattern, let note):
                keys.append((request.kind == .date ? "date: " : "period: ") + Self.quoted(pattern))
                if pattern.contains("P") { keys.append("fiscal_year_start: 1"); comment = "TODO: set fiscal_year_start to the month the fiscal year starts (1-12)" }
                if let note { comment = note }
            case .patterns(let list, let note):
                keys.append((request.kind == .date ? "date: [" : "period: [") + list.map(Self.quoted).joined(separator: ", ") + "]")
                comment = note ?? "the values are written \(list.count) ways: each pattern is tried in turn"
            case .unknown(let example):
                comment = "TODO: values like \(Self.quoted(example)) are not a known \(request.kind == .date ? "date" : "period") pattern; set \(request.kind == .date ? "date" : "period"): \"...\""
            }
        case .text:
            if name == "coaching_quality" {
                let distinct = Array(Set(values)).sorted()
                if distinct.allSatisfy({ CoachingTier(label: $0) != nil }) { break }
                if distinct.allSatisfy({ FieldParsers.numberOf($0) != nil }) {
                    comment = "TODO: a rating (\(distinct.prefix(10).joined(separator: ", "))): set the lowest rating that is each tier, e.g. tiers: { exceeds: 4, meets: 3 }"
                } else {
                    comment = "TODO: map the export's labels to tiers, e.g. labels: { \(Self.ownLabels(values).prefix(5).map { "\(Self.quoted($0)): meets" }.joined(separator: ", ")) }"
                }
            }
        }
        var out = comment.map { "      # \($0)\n" } ?? ""
        out += keys.isEmpty
            ? "      \(name): \(Self.quoted(header))\n"
            : "      \(name): { header: \(Self.quoted(header)), \(keys.joined(separator: ", ")) }\n"
        return out
    }

    enum NumberGuess {
        case canonical
        case format(String)
        case unknown(String)
    }

    static func numberFormat(_ values: [String]) -> NumberGuess {
        guard !values.isEmpty, !values.allSatisfy({ FieldParsers.numberOf($0) != nil }) else { return .canonical }
        let joined = values.joined()
        let currency = ["$", "€", "£", "¥", "USD", "EUR", "GBP", "CHF"].first { joined.contains($0) }
        let percent = values.contains { $0.hasSuffix("%") }
        // The decimal separator is the last of '.' and ',' in a value holding both, else
        // ',' followed by other than three digits.
        var decimal: Character = "."
        var thousands: String?
        if let both = values.first(where: { $0.contains(".") && $0.contains(",") }) {
            decimal = both.lastIndex(of: ",")! > both.lastIndex(of: ".")! ? "," : "."
            thousands = decimal == "," ? "." : ","
        } else if values.contains(where: { $0.contains(",") }) {
            let groups = values.allSatisfy { (value: String) -> Bool in
                let parts: [Substring] = value.split(separator: ",", omittingEmptySubsequences: false)
                return parts.dropFirst().allSatisfy { part in part.prefix(while: { $0.isNumber }).count == 3 }
            }
            if groups { thousands = "," } else { decimal = "," }
        } else if values.contains(where: { $0.filter { $0 == "." }.count > 1 }) {
            thousands = "."
            decimal = ","
        } else if values.contains(where: { $0.contains(" ") || $0.contains("\u{00A0}") }) {
            thousands = values.contains { $0.contains("\u{00A0}") } ? "\u{00A0}" : " "
        }
        let format = NumberFormat(decimalSeparator: decimal == "," ? UInt8(ascii: ",") : UInt8(ascii: "."),
                                  groupingSeparator: thousands, currencySymbol: currency, isPercent: percent)
        if let bad = values.first(where: { value in Array(value.utf8).withUnsafeBytes { format.parse($0) } == nil }) {
            return .unknown(bad)
        }
        var keys: [String] = []
        if let currency { keys.append("currency: \(quoted(currency))") }
        if let thousands { keys.append("thousands: \(quoted(thousands))") }
        if decimal == "," { keys.append("decimal: \",\"") }
        if percent { keys.append("percent: true") }
        return .format(keys.joined(separator: ", "))
    }

    enum PatternGuess {
        case canonical
        case pattern(String, note: String?)
        /// Patterns that together read every value, tried in this order.
        case patterns([String], note: String?)
        case unknown(String)

        /// The mapping key for the guess (`date: "dd.MM.yyyy"`, `period: ["yyyy-MM", "MMM yyyy"]`).
        func key(_ kind: CSVColumnKind) -> String? {
            let name = kind == .date ? "date: " : "period: "
            switch self {
            case .pattern(let pattern, _): return name + MappingDraft.quoted(pattern)
            case .patterns(let list, _): return name + "[" + list.map(MappingDraft.quoted).joined(separator: ", ") + "]"
            case .canonical, .unknown: return nil
            }
        }
    }

    static let datePatterns = ["yyyy-MM-dd", "MM/dd/yyyy", "dd/MM/yyyy", "dd.MM.yyyy", "yyyy/MM/dd", "dd-MM-yyyy",
                               "MM-dd-yyyy", "MM/dd/yy", "dd/MM/yy", "d MMM yyyy", "MMM d, yyyy", "yyyyMMdd"]
    static let periodPatterns = ["yyyy-MM", "MMM yyyy", "MMMM yyyy", "MMM-yy", "MM/yyyy", "yyyy/MM", "yyyyMM",
                                 "'FY'yy-'P'PP", "'FY'yyyy-'P'PP", "'FY'yy 'P'PP", "'FY'yyyy 'P'PP", "'FY'yy'P'PP"]
        + datePatterns

    static func datePattern(_ values: [String], kind: CSVColumnKind) -> PatternGuess {
        guard let example = values.first else { return .canonical }
        let candidates = kind == .date ? datePatterns : periodPatterns
        let fitting = candidates.filter { text in
            guard let pattern = try? DatePattern(text) else { return false }
            return values.allSatisfy { value in
                Array(value.utf8).withUnsafeBytes { kind == .date ? pattern.date($0) != nil : pattern.month($0) != nil }
            }
        }
        guard let best = fitting.first else {
            return patternCover(values, kind: kind, candidates: candidates.filter { !$0.contains("P") }) ?? .unknown(example)
        }
        if best == "yyyy-MM-dd" && kind == .date || best == "yyyy-MM" && kind == .month { return .canonical }
        let alternatives = fitting.dropFirst().filter { !$0.contains("P") }
        let note = alternatives.isEmpty ? nil : "CHECK: \(alternatives.joined(separator: " and ")) also fit(s) these values"
        return .pattern(best, note: note)
    }

    // MARK: Reading

    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\u{00A0}": out += "\\u00A0"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    /// A delimiter as YAML: `";"`, `"\t"`.
    static func quotedDelimiter(_ byte: UInt8) -> String {
        byte == UInt8(ascii: "\t") ? "\"\\t\"" : quoted(String(Character(Unicode.Scalar(byte))))
    }

    /// The header and first rows of a file: read from a copy of its first 256 KiB, cut at
    /// the last line break outside quotes.
    static func sample(path: String, file: String) throws(DatasetError) -> Sample {
        let descriptor: Int32
        switch RegularFile.open(path) {
        case .success(let opened): descriptor = opened
        case .failure(let failure): throw .unreadable(file: file, reason: failure.reason)
        }
        var bytes = [UInt8](repeating: 0, count: 256 * 1024)
        let count = bytes.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, 0) }
        close(descriptor)
        guard count >= 0 else { throw .unreadable(file: file, reason: String(cString: strerror(errno))) }
        bytes.removeSubrange(max(0, count)...)
        let encoding = Self.encoding(of: &bytes, cutShort: count == 256 * 1024)
        if count == 256 * 1024 {
            var quotes = 0
            var cut = bytes.count
            for (index, byte) in bytes.enumerated() {
                if byte == 0x22 { quotes += 1 }
                if byte == 0x0A && quotes % 2 == 0 { cut = index + 1 }
            }
            bytes.removeSubrange(cut...)
        }
        let directory = getenv("TMPDIR").map { String(cString: $0) } ?? "/tmp"
        var template = Array((directory + "/coachlab-sample-XXXXXX").utf8CString)
        let temporary = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard temporary >= 0 else { throw .unreadable(file: file, reason: "cannot write a temporary copy") }
        let temporaryPath = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
        defer { unlink(temporaryPath) }
        let written = bytes.withUnsafeBytes { write(temporary, $0.baseAddress, $0.count) }
        let closed = close(temporary)
        // A sample cut short by a full temporary folder would be drafted as if it were whole.
        guard written == bytes.count, closed == 0 else {
            throw .unreadable(file: file, reason: "cannot write a temporary copy of its first rows in \(directory)")
        }
        var reader = CSVReader()
        reader.threads = 1
        let delimiter = Self.delimiter(ofHeaderIn: bytes)
        reader.delimiter = delimiter
        reader.skipsReportFooter = true
        let header = try reader.read(path: temporaryPath, displayName: file, columns: []).header
        let table = try reader.read(path: temporaryPath, displayName: file, columns: header.map { CSVColumnRequest($0, .text) })
        if let problem = table.problems.first(where: { $0.reason == nil }) {
            throw .invalid(problems: [problem], total: 1)
        }
        var values: [String: [String]] = [:]
        for name in header {
            guard let column = table.text(name) else { continue }
            values[name] = (0..<min(column.count, sampleRows)).compactMap { column[$0] }
        }
        return Sample(file: file, delimiter: delimiter, encoding: encoding, header: header, values: values)
    }

    /// The byte that separates the header line's fields: of a comma, a semicolon, a tab
    /// and a bar, the one it holds most of outside quotes (a comma when none or a tie).
    static func delimiter(ofHeaderIn bytes: [UInt8]) -> UInt8 {
        let candidates: [UInt8] = [UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: "\t"), UInt8(ascii: "|")]
        var counts = [Int](repeating: 0, count: candidates.count)
        var quoted = false
        for byte in bytes {
            if byte == 0x22 { quoted.toggle() }
            if !quoted && (byte == 0x0A || byte == 0x0D) { break }
            if !quoted, let index = candidates.firstIndex(of: byte) { counts[index] += 1 }
        }
        let best = counts.indices.max { counts[$0] < counts[$1] || (counts[$0] == counts[$1] && $0 > $1) }!
        return counts[best] > 0 ? candidates[best] : candidates[0]
    }
}

extension FieldParsers {
    /// The canonical number in `text`, or nil.
    static func numberOf(_ text: String) -> Double? {
        Array(text.utf8).withUnsafeBytes { number($0) }
    }
}
