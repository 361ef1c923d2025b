import CoachLabSystem
import CoachLabData

/// Problems of one cause: values of one column of one file failing the same way (or rows of
/// a file, for problems of no column), all counted, the first few kept as examples. Shown as
/// one message with the likely fix once there are more than ``exampleLimit`` of them, so that
/// 13,000 amounts in the wrong format make one message, not 13,000 lines.
public struct ProblemGroup: Sendable, Hashable {
    /// Problems listed one by one up to this many; a group of more is shown as one message.
    public static let exampleLimit = 3
    /// Values kept for guessing a fix.
    static let valueLimit = 20

    public var file: String
    /// The column's header; nil for problems of whole rows.
    public var column: String?
    public var reason: RejectReason
    public var count: Int
    /// The first problems of the group, in file order.
    public var examples: [InputProblem]
    /// The first values, for guessing what would read them.
    public var values: [String]
    /// What would likely fix them all, as a mapping line and where it goes.
    public var fix: String?

    public init(file: String, column: String?, reason: RejectReason, count: Int = 0, examples: [InputProblem] = [],
                values: [String] = [], fix: String? = nil) {
        self.file = file
        self.column = column
        self.reason = reason
        self.count = count
        self.examples = examples
        self.values = values
        self.fix = fix
    }

    /// Counts one more problem of the group.
    mutating func add(_ problem: InputProblem) {
        count += 1
        if examples.count < Self.exampleLimit { examples.append(problem) }
        if values.count < Self.valueLimit, let value = problem.value { values.append(value) }
    }

    /// Adds the counts and examples of the same group from elsewhere (a later file read).
    mutating func merge(_ other: ProblemGroup) {
        count += other.count
        examples += other.examples.prefix(Self.exampleLimit - examples.count)
        values += other.values.prefix(Self.valueLimit - values.count)
    }

    /// The group's message, without its examples: `12,000 values in column 'Quota'
    /// (Quota Attainment.csv) are not numbers, like '49.500,00 €': FIX`.
    public var headline: String {
        let name = DisplayText.escaped(file)
        var text: String
        if let column {
            text = "\(Self.grouped(count)) values in column '\(DisplayText.escaped(column, limit: 80))' (\(name)) \(phrase)"
            if let value = values.first { text += ", like '\(DisplayText.escaped(value, limit: 80))'" }
        } else {
            text = "\(Self.grouped(count)) rows of \(name) \(phrase)"
        }
        if let fix { text += ": " + fix }
        return text + "; the first \(examples.count):"
    }

    /// What the values do, after their count.
    private var phrase: String {
        switch reason {
        case .notANumber: "are not numbers"
        case .notAWholeNumber: "are not whole numbers"
        case .notADate: "are not dates"
        case .notAPeriod: "are not periods"
        case .ambiguousDate: "are read differently by two of the column's patterns"
        case .invalidText: "are not UTF-8 text"
        case .wrongFieldCount: "have the wrong number of fields"
        case .missingValue: "are empty"
        case .unknownReference: "are ids the table they refer to does not hold"
        case .duplicateID: "are duplicate ids"
        case .duplicateRepPeriod: "repeat a rep-period"
        case .outOfRange: "are out of range"
        case .unknownCategory: "are not a category CoachLab knows"
        case .inconsistentDates: "are dates before the dates they follow"
        case .inconsistentAmounts: "disagree with attainment × quota"
        }
    }

    /// `12,000`.
    static func grouped(_ count: Int) -> String {
        let digits = String(count)
        var out = ""
        for (index, digit) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { out += "," }
            out.append(digit)
        }
        return out
    }
}
