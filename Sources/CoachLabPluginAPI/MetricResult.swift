/// What a plugin returns: typed values that renderers present (RESULTS.md).
public struct MetricResult: Sendable, Equatable {
    public var pluginID: String
    public var title: String
    /// Plain-language findings, the first one leading every human format.
    public var findings: [Finding]
    /// Ordered summary values (the `summary` object of the JSON contract).
    public var summary: [ResultField]
    /// Named tables (the `tables` object of the JSON contract), in order.
    public var tables: [ResultTable]
    /// Caveats and warnings a careful reader must know.
    public var notes: [String]
    /// How far the numbers may be read as effects: what a report's verdict weighs them as.
    public var evidence: Evidence

    public init(
        pluginID: String, title: String, findings: [Finding] = [], summary: [ResultField] = [],
        tables: [ResultTable] = [], notes: [String] = [], evidence: Evidence = .association
    ) {
        self.pluginID = pluginID
        self.title = title
        self.findings = findings
        self.summary = summary
        self.tables = tables
        self.notes = notes
        self.evidence = evidence
    }

    /// The summary value under `key`.
    public subscript(summary key: String) -> ResultValue? {
        summary.first { $0.key == key }?.value
    }

    /// The table named `name`.
    public func table(_ name: String) -> ResultTable? { tables.first { $0.name == name } }
}

/// How far a result's numbers may be read as the effect of coaching.
public enum Evidence: Sendable, Equatable {
    /// Groups compared as they are: who coaches well, or who gets coached, may differ in
    /// other ways, so a difference shows where coaching and attainment go together.
    case association
    /// A design that compares reps reached with comparable reps not (yet) reached, over the
    /// same months, and tests its own assumption: an effect where that assumption holds.
    case causalDesign
}

/// One value of a result: a count, a number, text, or null (could not be computed).
public enum ResultValue: Sendable, Equatable, Hashable {
    case integer(Int)
    /// A finite number; use ``null`` for anything that could not be computed.
    case number(Double)
    case text(String)
    case null

    /// A number, or ``null`` for nil or a non-finite value.
    public static func number(_ value: Double?) -> ResultValue {
        guard let value, value.isFinite else { return .null }
        return .number(value)
    }

    public var doubleValue: Double? {
        switch self {
        case .integer(let value): Double(value)
        case .number(let value): value
        case .text, .null: nil
        }
    }

    public var integerValue: Int? {
        if case .integer(let value) = self { return value }
        return nil
    }

    public var textValue: String? {
        if case .text(let value) = self { return value }
        return nil
    }
}

/// What a value means, so each renderer can choose how to show it.
public enum ValueRole: Sendable, Equatable, Hashable {
    /// A whole count of what ``Counted`` says: a report shared beyond the managers it
    /// describes withholds a small count of reps, or of what reps have or do, and shows a
    /// count of managers, of groups or a threshold as it is.
    case count(of: Counted)
    /// A share between 0 and 1 (shown as a percentage).
    case proportion
    /// A ratio to target such as bookings/quota (shown as a percentage of quota).
    case attainment
    /// A difference of proportions (shown in percentage points).
    case proportionDifference
    /// A change in attainment per month (shown in percentage points per month).
    case attainmentSlope
    /// A relative change such as late / early − 1 (shown as a signed percentage).
    case relativeChange
    /// A test statistic or other plain number.
    case statistic
    /// A measured amount or average: sessions or minutes per rep-month, months, calls.
    case quantity
    /// A duration in hours.
    case hours
    /// A correlation coefficient, from −1 to 1.
    case correlation
    /// A p-value of a test a result stands behind: in the run's family of tests, adjusted
    /// together (``MultipleTesting``).
    case pValue
    /// A p-value shown for comparison or diagnosis, not of a test a result stands behind,
    /// and so left out of the family a run adjusts together: a test that treats rep-months
    /// or reps as independent (chi-square, Welch's: too small wherever a manager's reps move
    /// together), a before/after comparison that does not net out selection, or a check of
    /// a design's assumptions (an event study's leads).
    case pValueOutsideFamily
    /// Degrees of freedom.
    case degreesOfFreedom
    /// Text such as a tier id.
    case label
}

/// A summary value with its key and meaning.
///
/// A report shared beyond the managers it describes (`coachlab report --min-group-size N`)
/// takes a count below N as describing fewer than N reps, and withholds it, when its role
/// says so (``ValueRole/Counted/describesReps``): a count of reps or of what they have or
/// do, not of managers, groups or a threshold.
public struct ResultField: Sendable, Equatable {
    public var key: String
    public var value: ResultValue
    public var role: ValueRole
    /// A name for people where the key, made readable, would not say it; JSON keeps the key.
    public var label: String?

    /// Whether the field is a count that may describe a few reps (see above).
    public var mayCountReps: Bool {
        if case .count(let counted) = role { return counted.describesReps }
        return false
    }

    public init(_ key: String, _ value: ResultValue, _ role: ValueRole, label: String? = nil) {
        self.key = key
        self.value = value
        self.role = role
        self.label = label
    }

    /// The field with a p-value's role made ``ValueRole/pValueOutsideFamily``: for a test
    /// kept for comparison, such as a before/after window that does not net out selection.
    public var outsideFamily: ResultField {
        role == .pValue ? ResultField(key, value, .pValueOutsideFamily, label: label) : self
    }
}

/// A column of a result table.
public struct ResultColumn: Sendable, Equatable {
    public var key: String
    /// A short heading for people.
    public var label: String
    public var role: ValueRole
    /// Names for people of the column's text values (`needs_improvement` → "Needs
    /// improvement"): the human formats show them, JSON and CSV keep the values.
    public var valueLabels: [String: String]

    public init(_ key: String, label: String, _ role: ValueRole, valueLabels: [String: String] = [:]) {
        self.key = key
        self.label = label
        self.role = role
        self.valueLabels = valueLabels
    }

    /// The `tier` column of a table by coaching tier, its values named for people.
    public static let coachingTier = ResultColumn(
        "tier", label: "Coaching tier", .label,
        valueLabels: Dictionary(uniqueKeysWithValues: CoachingTier.allCases.map { ($0.id, $0.label) }))
}

/// A named table of results.
///
/// Two column keys tell a report shared beyond the managers it describes (`coachlab report
/// --min-group-size N`, HTML) what a row is about: a row whose `reps` (or `team_reps`) count
/// is below N has its other values replaced by a note, and a table with a `rep_id` column
/// (one rep a row) is left out. A table of groups of reps should count them in a `reps`
/// column, or its small groups are shared as they are.
public struct ResultTable: Sendable, Equatable {
    public var name: String
    /// Whether the result's findings and summary compare this table's rows (the coaching
    /// tiers, say): a shared report that hides one of its rows withholds them too, since a
    /// difference, or a sentence naming both groups, would reveal the hidden one.
    public var isComparison: Bool
    public var columns: [ResultColumn]
    public var rows: [[ResultValue]]

    public init(name: String, isComparison: Bool = false, columns: [ResultColumn], rows: [[ResultValue]] = []) {
        self.name = name
        self.isComparison = isComparison
        self.columns = columns
        self.rows = rows
    }

    /// The value in row `row` under column `key`.
    public func value(row: Int, _ key: String) -> ResultValue? {
        columns.firstIndex { $0.key == key }.map { rows[row][$0] }
    }
}

/// A plain-language finding: a sentence whose `{name}` slots renderers fill with the
/// formatted ``values``, so plugins never format numbers themselves.
public struct Finding: Sendable, Equatable {
    public var template: String
    public var values: [String: FindingValue]

    public init(_ template: String, _ values: [String: FindingValue] = [:]) {
        self.template = template
        self.values = values
    }
}

/// A value in a finding's sentence.
public enum FindingValue: Sendable, Equatable {
    /// A value shown by its role (`.proportion(0.946)` → "94.6%").
    case value(Double, ValueRole)
    /// A signed value shown by its role (`+9.7 points`).
    case signed(Double, ValueRole)
    /// An interval, both ends by role, signed when `signed`.
    case interval(Double, Double, ValueRole, signed: Bool)
    case count(Int)
    case text(String)
}
