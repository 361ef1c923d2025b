import CoachLabPluginAPI
import CoachLabSystem

/// Makes a report fit to share beyond the managers it describes: rep and manager ids become
/// stable pseudonyms, and any row describing fewer than `minimumGroupSize` reps is
/// suppressed, saying so in place.
public struct Privacy: Sendable {
    /// Rows with fewer reps than this are suppressed.
    public var minimumGroupSize: Int
    /// The key of the pseudonyms; nil to keep ids as they are.
    public var salt: String?
    /// The ids to replace wherever they appear, including inside notes and sentences.
    public var identifiers: [String: IdentifierKind]

    public enum IdentifierKind: String, Sendable {
        case rep = "R"
        case manager = "M"
    }

    public init(minimumGroupSize: Int = 5, salt: String? = nil, identifiers: [String: IdentifierKind] = [:]) {
        self.minimumGroupSize = minimumGroupSize
        self.salt = salt
        self.identifiers = identifiers
    }

    /// The pseudonym of `id`: the same for the same salt, unrelated across salts.
    public func pseudonym(_ id: String, kind: IdentifierKind) -> String {
        guard let salt else { return id }
        let key = Array("coachlab-pseudonym:".utf8) + Array(salt.utf8)
        let derived = (SipHash.hash(key + [0]), SipHash.hash(key + [1]))
        return kind.rawValue + "-" + SipHash.hash(Array(id.utf8), key: derived).hexDigits
    }

    /// `report` with the rules applied.
    public func apply(to report: RunReport) -> RunReport {
        var report = report
        report.results = report.results.map(apply)
        if salt != nil, var slice = report.slice {
            // A slice on rep or manager ids names them: they become pseudonyms there too.
            for index in slice.conditions.indices {
                let condition = slice.conditions[index]
                let kind: IdentifierKind? = condition.column == "rep_id" ? .rep : condition.column == "manager_id" ? .manager : nil
                guard let kind else { continue }
                slice.conditions[index].text = condition.values.map { pseudonym($0, kind: kind) }.joined(separator: ",")
            }
            report.slice = slice
        }
        return report
    }

    private func apply(to result: MetricResult) -> MetricResult {
        var result = result
        var suppressedComparisons: [String] = []
        var suppressedRepTables: [String] = []
        result.tables = result.tables.map { table in
            var table = table
            // A table of individual reps describes one rep a row; a researcher's plugin that
            // lists reps without declaring the grain is withheld all the same.
            if minimumGroupSize > 1 && (table.grain == .rep || table.columns.contains(where: { $0.key == "rep_id" })) {
                if !table.rows.isEmpty { suppressedRepTables.append(table.name) }
                table.rows = []
                return table
            }
            guard let repsColumn = table.columns.firstIndex(where: { $0.key == "reps" || $0.key == "team_reps" }) else { return table }
            let marker = MetricResult.Value.text("suppressed: fewer than \(minimumGroupSize) reps")
            var hidRow = false
            for row in table.rows.indices {
                guard let reps = table.rows[row][repsColumn].integerValue, reps > 0, reps < minimumGroupSize else { continue }
                for column in table.columns.indices where table.columns[column].role != .label && column != repsColumn {
                    table.rows[row][column] = marker
                }
                table.rows[row][repsColumn] = .text("fewer than \(minimumGroupSize)")
                hidRow = true
            }
            if hidRow && table.isComparison { suppressedComparisons.append(table.name) }
            return table
        }
        // A small count elsewhere (a quadrant of two reps, three sessions) may describe fewer
        // reps than the threshold: the summary shows it as suppressed, a finding is withheld.
        if minimumGroupSize > 1 {
            result.summary = result.summary.map { field in
                guard field.mayCountReps, let count = field.value.integerValue, count > 0, count < minimumGroupSize else { return field }
                return ResultField(field.key, .text("fewer than \(minimumGroupSize)"), .label)
            }
            result.findings = result.findings.map { finding in
                let small = finding.values.values.contains { value in
                    if case .count(let count) = value { return count > 0 && count < minimumGroupSize }
                    return false
                }
                return small ? Finding("Not shown: this finding counts a group of fewer than {n} reps.", ["n": .count(minimumGroupSize)]) : finding
            }
        }
        if !suppressedRepTables.isEmpty {
            result.notes.append("Rep-level detail (\(suppressedRepTables.joined(separator: ", "))) is left out: each row describes one rep (--min-group-size \(minimumGroupSize); a report kept with the managers concerned can use 1).")
        }
        if !suppressedComparisons.isEmpty {
            // Comparisons between the groups would reveal the suppressed group's numbers.
            let tiers = suppressedComparisons == ["by_tier"]
            result.findings = [Finding(
                tiers ? "Not shown: a coaching tier here describes fewer than {n} reps." : "Not shown: a group compared here describes fewer than {n} reps.",
                ["n": .count(minimumGroupSize)])]
            // Counts of reps, and counts that describe no reps, stay; every statistic goes.
            result.summary = result.summary.map { field in
                guard case .count(let counted) = field.role, counted == .reps || !counted.describesReps else {
                    return ResultField(field.key, .text("suppressed"), .label)
                }
                return field
            }
            result.notes.append(tiers
                ? "Statistics that compare coaching tiers are suppressed because a tier describes fewer than \(minimumGroupSize) reps (--min-group-size)."
                : "Statistics that compare the rows of \(suppressedComparisons.joined(separator: ", ")) are suppressed because a row describes fewer than \(minimumGroupSize) reps (--min-group-size).")
        }
        guard salt != nil, !identifiers.isEmpty else { return result }
        result.notes = result.notes.map(pseudonymizeText)
        result.findings = result.findings.map { finding in
            var finding = finding
            finding.template = pseudonymizeText(finding.template)
            for (key, value) in finding.values {
                if case .text(let text) = value { finding.values[key] = .text(pseudonymizeText(text)) }
            }
            return finding
        }
        result.tables = result.tables.map { table in
            var table = table
            for row in table.rows.indices {
                for column in table.columns.indices {
                    if case .text(let text) = table.rows[row][column] { table.rows[row][column] = .text(pseudonymizeText(text)) }
                }
            }
            return table
        }
        return result
    }

    /// `text` with every known id, as a whole word, replaced by its pseudonym.
    func pseudonymizeText(_ text: String) -> String {
        if let kind = identifiers[text] { return pseudonym(text, kind: kind) }
        var out = ""
        var word = ""
        func flush() {
            if let kind = identifiers[word] { out += pseudonym(word, kind: kind) } else { out += word }
            word = ""
        }
        for character in text {
            if character.isLetter || character.isNumber || character == "_" || character == "-" {
                word.append(character)
            } else {
                flush()
                out.append(character)
            }
        }
        flush()
        return out
    }
}
