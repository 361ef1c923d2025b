import CoachLabPluginAPI
import CoachLabSystem

/// How values read for people: rounding, percentages, points, thousands separators.
public enum HumanFormat {
    /// The text for `value` in the meaning of `role`; an em dash for null.
    public static func format(_ value: MetricResult.Value, _ role: MetricResult.Role, signed: Bool = false) -> String {
        switch value {
        case .null: return "—"
        case .text(let text): return visible(text)
        case .integer(let count):
            return role == .degreesOfFreedom ? String(count) : grouped(count)
        case .number(let number):
            return format(number, role, signed: signed)
        }
    }

    /// `text` with its control characters written out (`\n`, `\t`, `\x1B`): a rep id or
    /// region from an export may hold a line break or a terminal's escape sequence, which
    /// would otherwise cut a table's row in two or clear the reader's screen.
    public static func visible(_ text: String) -> String { DisplayText.escaped(text) }

    /// - Parameter inSentence: spell units out ("points a month") rather than abbreviate.
    /// - Parameter extraDecimals: digits beyond the role's usual ones (for an interval
    ///   whose ends would otherwise read the same).
    public static func format(
        _ number: Double, _ role: MetricResult.Role, signed: Bool = false, inSentence: Bool = false, extraDecimals: Int = 0
    ) -> String {
        let sign = signed && number > 0 ? "+" : ""
        let extra = extraDecimals
        switch role {
        case .count: return sign + groupedWhole(number)
        case .proportion, .attainment: return sign + fixed(number * 100, 1 + extra) + "%"
        case .relativeChange: return (number > 0 ? "+" : "") + fixed(number * 100, 1 + extra) + "%"
        case .proportionDifference: return sign + fixed(number * 100, 1 + extra) + (inSentence ? " points" : " pts")
        case .attainmentSlope: return sign + fixed(number * 100, 2 + extra) + (inSentence ? " points a month" : " pts/mo")
        case .quantity:
            return sign + (abs(number) >= 1000 && extra == 0 ? groupedWhole(number) : fixed(number, (abs(number) >= 100 ? 0 : 2) + extra))
        case .hours: return sign + fixed(number, 1 + extra) + (inSentence ? " hours" : " h")
        case .correlation: return sign + fixed(number, 2 + extra)
        case .pValue, .pValueOutsideFamily: return pValue(number)
        case .degreesOfFreedom: return number == number.rounded() && number.magnitude < 9e15 ? String(Int(number)) : fixed(number, 1)
        case .statistic: return sign + (abs(number) >= 1e6 || (abs(number) < 1e-3 && number != 0) ? scientific(number) : fixed(number, 3 + extra))
        case .label: return String(number)
        }
    }

    /// "low to high", the unit said once, with as many more digits (up to three) as it takes
    /// for two different ends to read differently: a narrow interval from a large org is
    /// "+0.298 to +0.303 points a month", not "+0.30 to +0.30".
    public static func interval(_ low: Double, _ high: Double, _ role: MetricResult.Role, signed: Bool = false, inSentence: Bool = false) -> String {
        var extra = 0
        while true {
            let lowText = format(low, role, signed: signed, inSentence: inSentence, extraDecimals: extra)
            let highText = format(high, role, signed: signed, inSentence: inSentence, extraDecimals: extra)
            if lowText != highText || low == high || extra == 3 { return intervalText(lowText, highText, role) }
            extra += 1
        }
    }

    /// `p < 0.001`, `p = 0.023`.
    public static func pValue(_ p: Double) -> String {
        p < 0.001 ? "p < 0.001" : "p = " + fixed(p, 3)
    }

    /// A finding's sentence with its slots filled.
    public static func sentence(_ finding: Finding) -> String {
        sentence(finding, marks: .none)
    }

    /// A finding's sentence with its slots filled, a p-value in it followed by its mark
    /// when it does not survive the run's adjustment.
    static func sentence(_ finding: Finding, marks: PValueMarks) -> String {
        var text = ""
        var rest = Substring(finding.template)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            text += rest[..<open]
            let name = String(rest[rest.index(after: open)..<close])
            text += finding.values[name].map { value in
                if case .value(let p, .pValue) = value { return marks.text(p) }
                return format(value)
            } ?? "{\(name)}"
            rest = rest[rest.index(after: close)...]
        }
        return text + rest
    }

    static func format(_ value: Finding.Value) -> String {
        switch value {
        case .value(let number, let role): format(number, role, inSentence: true)
        case .signed(let number, let role): format(number, role, signed: true, inSentence: true)
        case .interval(let low, let high, let role, let signed):
            interval(low, high, role, signed: signed, inSentence: true)
        case .count(let count): grouped(count)
        case .text(let text): visible(text)
        }
    }

    /// "+8.1 to +11.2 pts": the unit said once.
    static func intervalText(_ low: String, _ high: String, _ role: MetricResult.Role) -> String {
        for unit in [" pts/mo", " pts", " points a month", " points"] where low.hasSuffix(unit) && high.hasSuffix(unit) {
            return String(low.dropLast(unit.count)) + " to " + high
        }
        return low + " to " + high
    }

    /// `value` with `decimals` digits after the point, rounded half away from zero.
    public static func fixed(_ value: Double, _ decimals: Int) -> String {
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let scaled = (abs(value) * scale).rounded()
        guard scaled < 9e15 else { return "\(value)" }
        let units = Int64(scaled)
        let whole = String(units / Int64(scale))
        var fraction = String(units % Int64(scale))
        fraction = String(repeating: "0", count: max(0, decimals - fraction.count)) + fraction
        let sign = value < 0 && units != 0 ? "-" : ""
        return sign + whole + (decimals > 0 ? "." + fraction : "")
    }

    /// Three significant digits in scientific notation: 1.23e-05.
    static func scientific(_ value: Double) -> String {
        guard value != 0 else { return "0" }
        guard value.isFinite else { return "\(value)" }
        var exponent = 0
        var mantissa = abs(value)
        while mantissa >= 10 { mantissa /= 10; exponent += 1 }
        while mantissa < 1 { mantissa *= 10; exponent -= 1 }
        var digits = fixed(mantissa, 2)
        if digits == "10.00" { digits = "1.00"; exponent += 1 }
        return (value < 0 ? "-" : "") + digits + "e" + (exponent < 0 ? "-" : "+") + String(abs(exponent))
    }

    /// `number` rounded to a whole number and grouped; one too large for that (or not
    /// finite: a sum from a damaged state, a ratio of a near-zero quota) as ``fixed`` writes
    /// it, rather than trapping on the conversion.
    static func groupedWhole(_ number: Double) -> String {
        let rounded = number.rounded()
        return rounded.magnitude < 9e15 ? grouped(Int(rounded)) : fixed(number, 0)
    }

    /// 12,345,678.
    public static func grouped(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var result = ""
        for (index, character) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { result.append(",") }
            result.append(character)
        }
        return (value < 0 ? "-" : "") + result
    }

    /// Tables longer than this are left to the machine formats in the human ones.
    static let longTableRows = 25

    /// The line said in place of a long table.
    static func longTableNotice(_ table: ResultTable) -> String {
        "(\(table.name): \(grouped(table.rows.count)) rows, in the JSON and CSV output)"
    }

    /// The table's columns for people: a `K_low`/`K_high` pair of adjacent columns (`ci_`,
    /// `wilson_`, `t_ci_`) becomes one interval column: "95% CI" for `ci_`, else labelled as
    /// the low one without its " low". A p-value is marked when it does not survive the
    /// run's adjustment.
    static func displayColumns(_ table: ResultTable, marks: PValueMarks = .none) -> [(label: String, cell: (Int) -> String)] {
        var columns: [(label: String, cell: (Int) -> String)] = []
        var index = 0
        while index < table.columns.count {
            let column = table.columns[index]
            let current = index
            if column.key.hasSuffix("_low"), index + 1 < table.columns.count,
               table.columns[index + 1].key == column.key.dropLast(4) + "_high" {
                let label = column.key == "ci_low" ? "95% CI"
                    : column.label.hasSuffix(" low") ? String(column.label.dropLast(4)) : column.label
                columns.append((label, { row in
                    let low = table.rows[row][current]
                    let high = table.rows[row][current + 1]
                    if low == .null || high == .null { return "—" }
                    if case .number(let low) = low, case .number(let high) = high { return interval(low, high, column.role) }
                    return intervalText(format(low, column.role), format(high, column.role), column.role)
                }))
                index += 2
                continue
            }
            columns.append((column.label, { row in marks.text(table.rows[row][current], column.role) }))
            index += 1
        }
        return columns
    }
}

extension String {
    /// The string padded with spaces on the right to `width` characters.
    func padded(to width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}
