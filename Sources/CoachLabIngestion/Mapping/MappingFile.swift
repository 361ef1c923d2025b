import CoachLabData
import Yams
import CoachLabSystem

/// Reads a mapping file (YAML, docs/MAPPING.md) into a ``DatasetMapping``, checking every
/// key and value: a mistake is an error naming the file, the line and what was expected.
///
/// ```yaml
/// version: 1
/// missing_values: ["N/A", "#N/A"]
/// tables:
///   performance:
///     file: Quota Attainment.csv
///     columns:
///       rep_id: Account Owner
///       period: { header: Fiscal Period, period: "'FY'yy-'P'PP", fiscal_year_start: 2 }
///       quota: { header: Quota Amount, currency: "$", thousands: "," }
/// ```
public enum MappingFile {
    /// A mistake in a mapping file.
    public struct Problem: Error, Sendable, CustomStringConvertible {
        public var file: String
        public var line: Int?
        public var message: String
        /// One line, the mapping's own text in it escaped by ``DisplayText`` and cut when long.
        public var description: String {
            DisplayText.escaped(file) + (line.map { ":\($0)" } ?? "") + ": " + DisplayText.escaped(message, limit: 1000)
        }
    }

    static let columnKeys: Set<String> = [
        "header", "decimal", "thousands", "currency", "percent", "date", "period",
        "fiscal_year_start", "fiscal_year_named_by", "tiers", "labels",
    ]

    /// `footer:` values: a report footer after the data is skipped (`auto`, the default) or
    /// read as rows (`none`).
    static let footerValues = ["auto", "none"]

    /// Reads the mapping file at `path`.
    public static func load(path: String) throws(Problem) -> DatasetMapping {
        guard let text = TextFile.contents(of: path) else {
            throw Problem(file: path, line: nil, message: "cannot be read" + (RegularFile.refusal(path).map { ": " + $0 } ?? ""))
        }
        return try parse(text, file: path)
    }

    /// Parses mapping text; `file` names it in problems.
    public static func parse(_ text: String, file: String) throws(Problem) -> DatasetMapping {
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: text) else {
                throw Problem(file: file, line: nil, message: "is empty; a mapping has a `tables:` section")
            }
            root = node
        } catch let problem as Problem {
            throw problem
        } catch let error as YamlError {
            throw Problem(file: file, line: Self.line(of: error), message: "is not valid YAML: \(Self.summary(of: error))")
        } catch {
            throw Problem(file: file, line: nil, message: "is not valid YAML: \(error)")
        }
        if let todo = Self.leftoverTODO(text) {
            throw Problem(file: file, line: todo.line, message: "a TODO of the drafted mapping is left: '\(todo.text)'; settle it, then delete the comment")
        }
        var reader = NodeReader(file: file)
        var mapping = try reader.mapping(root)
        mapping.identity = text
        mapping.file = file
        return mapping
    }

    /// The first comment starting `TODO` (what `mapping init` writes where it could not
    /// decide) and its line: a draft run as it is would read the export wrongly or not at all.
    static func leftoverTODO(_ text: String) -> (line: Int, text: String)? {
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var quote: Character?
            var previous: Character = " "
            for (offset, character) in line.enumerated() {
                if let open = quote {
                    if character == open { quote = nil }
                } else if character == "\"" || character == "'" {
                    quote = character
                } else if character == "#" && (previous == " " || previous == "\t" || offset == 0) {
                    let comment = String(line.dropFirst(offset + 1)).trimmingSpaces()
                    if comment.hasPrefix("TODO") { return (index + 1, DisplayText.escaped(comment, limit: 200)) }
                    break
                }
                previous = character
            }
        }
        return nil
    }

    private static func line(of error: YamlError) -> Int? {
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _): mark.line
        default: nil
        }
    }

    private static func summary(of error: YamlError) -> String {
        switch error {
        case .scanner(_, let problem, _, _), .parser(_, let problem, _, _): problem
        default: String(describing: error)
        }
    }
}

/// Walks the YAML nodes of a mapping file.
private struct NodeReader {
    let file: String

    func fail(_ node: Node?, _ message: String) -> MappingFile.Problem {
        MappingFile.Problem(file: file, line: node?.mark?.line, message: message)
    }

    func entries(_ node: Node, _ what: String, allowed: Set<String>) throws(MappingFile.Problem) -> [(key: String, keyNode: Node, value: Node)] {
        guard let mapping = node.mapping else { throw fail(node, "\(what) must be a mapping of keys to values") }
        var result: [(String, Node, Node)] = []
        var seen: Set<String> = []
        for (key, value) in mapping {
            guard let name = key.string else { throw fail(key, "\(what): a key must be text") }
            guard allowed.isEmpty || allowed.contains(name) else {
                throw fail(key, "\(what): unknown key '\(name)' (expected one of \(allowed.sorted().joined(separator: ", ")))")
            }
            guard seen.insert(name).inserted else { throw fail(key, "\(what): '\(name)' is given twice") }
            result.append((name, key, value))
        }
        return result
    }

    func text(_ node: Node, _ what: String) throws(MappingFile.Problem) -> String {
        guard case .scalar(let scalar) = node else { throw fail(node, "\(what) must be text") }
        return scalar.string
    }

    /// One character between fields: `","`, `";"`, `"\t"`, `"|"`…, never one that can be
    /// part of a field's syntax or of a number.
    func delimiter(_ node: Node, _ what: String) throws(MappingFile.Problem) -> UInt8 {
        let value = try text(node, what)
        let byte = value.utf8.first ?? 0
        let letterOrDigit = (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
        let partOfValues: Set<UInt8> = [UInt8(ascii: "\""), UInt8(ascii: "."), UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: " ")]
        guard value.utf8.count == 1, byte < 0x80, byte >= 0x20 || byte == UInt8(ascii: "\t"), !letterOrDigit, !partOfValues.contains(byte) else {
            throw fail(node, "\(what) must be one character between fields, such as \",\", \";\", \"\\t\" (a tab) or \"|\"")
        }
        return byte
    }

    func encoding(_ node: Node, _ what: String) throws(MappingFile.Problem) -> TextEncoding {
        let name = try text(node, what)
        guard let encoding = TextEncoding(name: name) else {
            throw fail(node, "\(what) must be one of \(TextEncoding.allCases.map(\.rawValue).joined(separator: ", ")), not '\(name)'")
        }
        return encoding
    }

    func skipsFooter(_ node: Node, _ what: String) throws(MappingFile.Problem) -> Bool {
        let value = try text(node, what)
        guard MappingFile.footerValues.contains(value) else {
            throw fail(node, "\(what) must be auto (a report footer after the data is skipped) or none (read as rows), not '\(value)'")
        }
        return value == "auto"
    }

    func number(_ node: Node, _ what: String) throws(MappingFile.Problem) -> Double {
        guard let value = node.float ?? node.int.map(Double.init), value.isFinite else { throw fail(node, "\(what) must be a number") }
        return value
    }

    mutating func mapping(_ root: Node) throws(MappingFile.Problem) -> DatasetMapping {
        var mapping = DatasetMapping()
        var sawTables = false
        var sawVersion = false
        for entry in try entries(root, "the mapping", allowed: ["version", "missing_values", "delimiter", "encoding", "footer", "tables"]) {
            switch entry.key {
            case "delimiter":
                mapping.delimiter = try delimiter(entry.value, "delimiter")
            case "encoding":
                mapping.encoding = try encoding(entry.value, "encoding")
            case "footer":
                mapping.skipsFooter = try skipsFooter(entry.value, "footer")
            case "version":
                guard entry.value.int == 1 else { throw fail(entry.value, "version must be 1 (the only version so far)") }
                sawVersion = true
            case "missing_values":
                guard let items = entry.value.sequence else { throw fail(entry.value, "missing_values must be a list, e.g. [\"N/A\", \"#N/A\"]") }
                for item in items { mapping.missingValues.append(try text(item, "a missing value")) }
            default:
                sawTables = true
                let tableNames = Set(DatasetTable.allCases.map(\.rawValue))
                for table in try entries(entry.value, "tables", allowed: tableNames) {
                    let id = DatasetTable(rawValue: table.key)!
                    var mapped = try tableMapping(table.value, id)
                    mapped.line = table.keyNode.mark?.line
                    mapping.tables[id] = mapped
                }
            }
        }
        guard sawTables else { throw fail(root, "has no `tables:` section") }
        // Required, so that a later version of the format is never read as this one.
        guard sawVersion else { throw fail(root, "has no `version: 1` line (docs/MAPPING.md: a mapping names the version of its format)") }
        return mapping
    }

    func tableMapping(_ node: Node, _ table: DatasetTable) throws(MappingFile.Problem) -> DatasetMapping.TableMapping {
        var result = DatasetMapping.TableMapping()
        let what = "tables.\(table.rawValue)"
        for entry in try entries(node, what, allowed: ["file", "delimiter", "encoding", "footer", "columns"]) {
            switch entry.key {
            case "delimiter":
                result.delimiter = try delimiter(entry.value, "\(what).delimiter")
                continue
            case "encoding":
                result.encoding = try encoding(entry.value, "\(what).encoding")
                continue
            case "footer":
                result.skipsFooter = try skipsFooter(entry.value, "\(what).footer")
                continue
            default:
                break
            }
            if entry.key == "file" {
                let name = try text(entry.value, "\(what).file")
                guard !name.isEmpty, !name.contains("/") else { throw fail(entry.value, "\(what).file must be a file name in the export folder") }
                result.file = name
                continue
            }
            result.columnsLine = entry.keyNode.mark?.line
            let schema = DatasetSchema.columns(of: table) + DatasetSchema.mappedOnlyColumns(of: table)
            let known = Set(schema.map(\.name))
            var headers: [String: String] = [:]
            for column in try entries(entry.value, "\(what).columns", allowed: known) {
                let kind = schema.first { $0.name == column.key }!.kind
                var mapped = try columnMapping(column.value, "\(what).columns.\(column.key)", kind: kind, name: column.key)
                mapped.line = column.keyNode.mark?.line
                if let other = headers[mapped.header.lowercased()] {
                    throw fail(column.value, "\(what).columns: '\(mapped.header)' is the header of both \(other) and \(column.key)")
                }
                headers[mapped.header.lowercased()] = column.key
                result.columns[column.key] = mapped
            }
        }
        return result
    }

    func columnMapping(_ node: Node, _ what: String, kind: CSVColumnKind, name: String) throws(MappingFile.Problem) -> DatasetMapping.ColumnMapping {
        if case .scalar = node {
            if name == "attainment" {
                throw fail(node, "\(what): attainment is read as a percentage: write { header: \(try text(node, what)), percent: true }")
            }
            return DatasetMapping.ColumnMapping(header: try text(node, what))
        }
        var header: String?
        var decimal = UInt8(ascii: ".")
        var thousands: String?
        var currency: String?
        var percent = false
        var patterns: [(String, Node)] = []
        var fiscalStart = 1
        var namedByStart = false
        var tiers: TierRule?
        var numericKeys: [Node] = []
        for entry in try entries(node, what, allowed: MappingFile.columnKeys) {
            let value = entry.value
            switch entry.key {
            case "header":
                header = try text(value, "\(what).header")
            case "decimal":
                let separator = try text(value, "\(what).decimal")
                guard separator == "." || separator == "," else { throw fail(value, "\(what).decimal must be \".\" or \",\"") }
                decimal = Array(separator.utf8)[0]
                numericKeys.append(entry.keyNode)
            case "thousands":
                let separator = try text(value, "\(what).thousands")
                guard !separator.isEmpty, !separator.contains(where: \.isNumber) else { throw fail(value, "\(what).thousands must be a separator such as \",\" \".\" \" \" or \"'\"") }
                thousands = separator
                numericKeys.append(entry.keyNode)
            case "currency":
                let symbol = try text(value, "\(what).currency")
                guard !symbol.isEmpty, !symbol.contains(where: { $0.isNumber || $0 == "-" || $0 == "+" }) else {
                    throw fail(value, "\(what).currency must be a symbol or code such as \"$\" or \"EUR\"")
                }
                currency = symbol
                numericKeys.append(entry.keyNode)
            case "percent":
                guard let flag = value.bool else { throw fail(value, "\(what).percent must be true or false") }
                percent = flag
                numericKeys.append(entry.keyNode)
            case "date", "period":
                // One pattern, or a list tried in order.
                if let items = value.sequence {
                    guard !items.isEmpty else { throw fail(value, "\(what).\(entry.key) must name at least one pattern") }
                    for item in items { patterns.append((try text(item, "\(what).\(entry.key)"), item)) }
                } else {
                    patterns = [(try text(value, "\(what).\(entry.key)"), value)]
                }
            case "fiscal_year_start":
                guard let month = value.int, (1...12).contains(month) else { throw fail(value, "\(what).fiscal_year_start must be a month number from 1 to 12") }
                fiscalStart = month
            case "fiscal_year_named_by":
                let convention = try text(value, "\(what).fiscal_year_named_by")
                guard convention == "start" || convention == "end" else { throw fail(value, "\(what).fiscal_year_named_by must be start or end") }
                namedByStart = convention == "start"
            case "tiers":
                guard name == "coaching_quality" else { throw fail(entry.keyNode, "\(what): tiers apply only to managers' coaching_quality") }
                let cuts = try entries(value, "\(what).tiers", allowed: ["exceeds", "meets"])
                guard cuts.count == 2 else { throw fail(value, "\(what).tiers needs both exceeds and meets (the lowest ratings that reach them)") }
                let exceeds = try number(cuts.first { $0.key == "exceeds" }!.value, "\(what).tiers.exceeds")
                let meets = try number(cuts.first { $0.key == "meets" }!.value, "\(what).tiers.meets")
                guard exceeds > meets else { throw fail(value, "\(what).tiers: exceeds must be above meets") }
                tiers = .thresholds(exceeds: exceeds, meets: meets, number: NumberFormat(decimalSeparator: decimal))
            default:  // labels
                guard name == "coaching_quality" else { throw fail(entry.keyNode, "\(what): labels apply only to managers' coaching_quality") }
                var labels: [String: CoachingTier] = [:]
                for label in try entries(value, "\(what).labels", allowed: []) {
                    let tierName = try text(label.value, "\(what).labels.\(label.key)")
                    guard let tier = CoachingTier(label: tierName) else {
                        throw fail(label.value, "\(what).labels: '\(tierName)' is not a tier (exceeds, meets or needs_improvement)")
                    }
                    labels[CoachingTier.normalized(label.key)] = tier
                }
                tiers = .labels(labels)
            }
        }
        guard let header, !header.isEmpty else { throw fail(node, "\(what) needs a header (the export's column name)") }
        var format = ValueFormat()
        if !numericKeys.isEmpty {
            guard kind == .number || kind == .integer else {
                throw fail(numericKeys[0], "\(what): \(name) is not a number column; decimal, thousands, currency and percent do not apply")
            }
            guard thousands.map({ Array($0.utf8) != [decimal] }) ?? true else {
                throw fail(node, "\(what): the thousands and decimal separators must differ")
            }
            format.number = NumberFormat(decimalSeparator: decimal, groupingSeparator: thousands, currencySymbol: currency, isPercent: percent)
        }
        // Attainment is a share of quota written as a percentage: read as a plain number,
        // `124.3` would make bookings a hundred times quota.
        if name == "attainment" && !percent {
            throw fail(node, "\(what): attainment is read as a percentage (124.3% or 124.3 as 1.243): add `percent: true`")
        }
        for (text, patternNode) in patterns {
            guard kind == .date || kind == .month else {
                throw fail(patternNode, "\(what): \(name) is not a date or period column; a date pattern does not apply")
            }
            do {
                let parsed = try DatePattern(text, fiscalCalendar: .init(startMonth: fiscalStart, namedByStartYear: namedByStart))
                if kind == .date && !parsed.hasDay { throw fail(patternNode, "\(what): '\(text)' has no day (d or dd); \(name) is a date") }
                format.datePatterns.append(parsed)
            } catch let error as DatePattern.PatternError {
                throw fail(patternNode, "\(what): \(error.description)")
            } catch let problem as MappingFile.Problem {
                throw problem
            } catch {
                throw fail(patternNode, "\(what): \(error)")
            }
        }
        format.tiers = tiers
        return DatasetMapping.ColumnMapping(header: header, format: format.isCanonical ? nil : format)
    }
}
