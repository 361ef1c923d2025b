/// What a plugin returns: typed values that renderers present (RESULTS.md).
public struct MetricResult: Sendable, Equatable {
    /// The ``PluginDescriptor/id`` of the plugin that computed it.
    public var pluginID: String
    /// A heading for the result, usually the descriptor's title.
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

    /// A result; everything but the plugin and title may start empty and be filled in.
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
    public subscript(summary key: String) -> MetricResult.Value? {
        summary.first { $0.key == key }?.value
    }

    /// The table named `name`.
    public func table(_ name: String) -> ResultTable? { tables.first { $0.name == name } }
}

extension MetricResult {
    /// How far a result's numbers may be read as the effect of coaching.
    public enum Evidence: Sendable, Equatable {
        /// Groups compared as they are: who coaches well, or who gets coached, may differ in
        /// other ways, so a difference shows where coaching and attainment go together.
        case association
        /// A design that compares reps reached with comparable reps not (yet) reached, over the
        /// same months, and tests its own assumption: an effect where that assumption holds.
        case causalDesign
    }
}

extension MetricResult {
    /// One value of a result: a count, a number, text, or null (could not be computed).
    public enum Value: Sendable, Equatable, Hashable {
        /// A whole number, such as a count.
        case integer(Int)
        /// A finite number; use ``null`` for anything that could not be computed.
        case number(Double)
        /// Text, such as a tier's id.
        case text(String)
        /// A value that could not be computed; a note says why.
        case null

        /// A number, or ``null`` for nil or a non-finite value.
        public static func number(_ value: Double?) -> MetricResult.Value {
            guard let value, value.isFinite else { return .null }
            return .number(value)
        }

        /// The value as a number: a count or number; nil for text and null.
        public var doubleValue: Double? {
            switch self {
            case .integer(let value): Double(value)
            case .number(let value): value
            case .text, .null: nil
            }
        }

        /// The value of an ``integer(_:)``; nil otherwise.
        public var integerValue: Int? {
            if case .integer(let value) = self { return value }
            return nil
        }

        /// The text of a ``text(_:)``; nil otherwise.
        public var textValue: String? {
            if case .text(let value) = self { return value }
            return nil
        }
    }
}

extension MetricResult {
    /// What a value means, so each renderer can choose how to show it.
    public enum Role: Sendable, Equatable, Hashable {
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
}

/// A summary value with its key and meaning.
///
/// A report shared beyond the managers it describes (`coachlab report --min-group-size N`)
/// takes a count below N as describing fewer than N reps, and withholds it, when its role
/// says so (``MetricResult/Role/Counted/describesReps``): a count of reps or of what they have or
/// do, not of managers, groups or a threshold.
public struct ResultField: Sendable, Equatable {
    /// The snake_case key in the `summary` object of the JSON contract.
    public var key: String
    /// The value.
    public var value: MetricResult.Value
    /// What the value means, which decides how renderers show it.
    public var role: MetricResult.Role
    /// A name for people where the key, made readable, would not say it; JSON keeps the key.
    public var label: String?

    /// Whether the field is a count that may describe a few reps (see above).
    public var mayCountReps: Bool {
        if case .count(let counted) = role { return counted.describesReps }
        return false
    }

    /// A summary value under `key`, named `label` for people when its key would not say it.
    public init(_ key: String, _ value: MetricResult.Value, _ role: MetricResult.Role, label: String? = nil) {
        self.key = key
        self.value = value
        self.role = role
        self.label = label
    }

    /// The field with a p-value's role made ``MetricResult/Role/pValueOutsideFamily``: for a test
    /// kept for comparison, such as a before/after window that does not net out selection.
    public var outsideFamily: ResultField {
        role == .pValue ? ResultField(key, value, .pValueOutsideFamily, label: label) : self
    }
}

/// A column of a result table.
public struct ResultColumn: Sendable, Equatable {
    /// The snake_case key of the column's values in JSON and CSV.
    public var key: String
    /// A short heading for people.
    public var label: String
    /// What the column's values mean, which decides how renderers show them.
    public var role: MetricResult.Role
    /// Names for people of the column's text values (`needs_improvement` → "Needs
    /// improvement"): the human formats show them, JSON and CSV keep the values.
    public var valueLabels: [String: String]

    /// A column under `key`, headed `label` for people, its text values named by `valueLabels`.
    public init(_ key: String, label: String, _ role: MetricResult.Role, valueLabels: [String: String] = [:]) {
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
    /// The snake_case name in the `tables` object of the JSON contract.
    public var name: String
    /// Whether the result's findings and summary compare this table's rows (the coaching
    /// tiers, say): a shared report that hides one of its rows withholds them too, since a
    /// difference, or a sentence naming both groups, would reveal the hidden one.
    public var isComparison: Bool
    /// The columns, in order.
    public var columns: [ResultColumn]
    /// The rows, each a value per column in the columns' order.
    public var rows: [[MetricResult.Value]]
    /// What one row describes: a group, or a single rep.
    public var grain: Grain

    /// What a table's rows describe, and so how their number grows with the org.
    public enum Grain: Sendable, Equatable {
        /// A group of reps: a tier, a band, a manager, a month. A report reads these.
        case group
        /// One rep a row: as many rows as the org has reps. JSON and CSV leave these tables
        /// out unless asked (`--detail reps`), and a shared report withholds their rows.
        case rep
    }

    /// A table named `name`, its rows possibly added later.
    public init(
        name: String, isComparison: Bool = false, grain: Grain = .group, columns: [ResultColumn], rows: [[MetricResult.Value]] = []
    ) {
        self.name = name
        self.isComparison = isComparison
        self.grain = grain
        self.columns = columns
        self.rows = rows
    }

    /// The value in row `row` under column `key`.
    public func value(row: Int, _ key: String) -> MetricResult.Value? {
        columns.firstIndex { $0.key == key }.map { rows[row][$0] }
    }
}

/// A plain-language finding: a sentence whose `{name}` slots renderers fill with the
/// formatted ``values``, so plugins never format numbers themselves.
public struct Finding: Sendable, Equatable {
    /// The sentence, with a `{name}` slot for each of ``values``.
    public var template: String
    /// The values of the slots, by name.
    public var values: [String: Finding.Value]

    /// A finding whose `{name}` slots `values` fill.
    public init(_ template: String, _ values: [String: Finding.Value] = [:]) {
        self.template = template
        self.values = values
    }
}

extension Finding {
    /// A value in a finding's sentence.
    public enum Value: Sendable, Equatable {
        /// A value shown by its role (`.proportion(0.946)` → "94.6%").
        case value(Double, MetricResult.Role)
        /// A signed value shown by its role (`+9.7 points`).
        case signed(Double, MetricResult.Role)
        /// An interval, both ends by role, signed when `signed`.
        case interval(Double, Double, MetricResult.Role, signed: Bool)
        /// A whole count, shown as it is.
        case count(Int)
        /// Text, shown as it is (escaped when it is input text).
        case text(String)
    }
}
