import CoachLabStatistics
import CoachLabPluginAPI

/// Two groups of coaching events compared by an ``EventStudy``, as a result states it: the
/// coefficients per group and relative month, group `a`'s effect against group `b`'s net of
/// rep and calendar month, and whether attainment already moved in the months before them
/// (the leads' joint test). What every event plugin reports the same way.
public struct EventComparison: Sendable {
    /// One group of events: its group index in the study, the id its keys and rows use
    /// (`same_day`), and how a sentence names its events ("same-day feedback").
    public struct Group: Sendable {
        public var index: Int
        public var id: String
        public var name: String

        public init(index: Int, id: String, name: String) {
            self.index = index
            self.id = id
            self.name = name
        }
    }

    public let study: EventStudy?
    public let a: Group
    public let b: Group
    /// The ids of every group of the study, by index, for the table.
    public let groupIDs: [String]
    /// The names for people of every group, by index ("Same day (under 24 h)").
    public let groupLabels: [String]
    public let difference: EventStudy.Estimate?
    public let pretrend: FixedEffectsRegression.WaldTest?
    /// Whether the managers suffice for intervals and tests (min-managers).
    public let enoughManagers: Bool
    /// Why something is null, and how the study was made.
    public let notes: [String]

    /// Leads whose joint test is below this make the comparison not credible.
    public static let pretrendLevel = 0.05

    /// - Parameters:
    ///   - groupLabels: the groups' names for people, by index; their ids when nil.
    ///   - events: how the note describing the design names the events ("sessions of each band").
    public init(
        _ study: EventStudy?, a: Group, b: Group, groupIDs: [String], groupLabels: [String]? = nil, events: String,
        minimumManagers: Int
    ) {
        self.study = study
        self.a = a
        self.b = b
        self.groupIDs = groupIDs
        self.groupLabels = groupLabels ?? groupIDs
        let minimum = max(minimumManagers, 2)
        enoughManagers = (study?.managers ?? 0) >= minimum
        difference = enoughManagers ? study?.difference(a.index, b.index) : nil
        pretrend = enoughManagers ? study?.pretrendTest([a.index, b.index]) : nil
        var notes: [String] = []
        if study == nil {
            notes.append("The event study needs rep-months with attainment, events and at least two managers, and a design that is not singular; its values are null.")
        } else if !enoughManagers {
            notes.append("The event study's reps span \(study!.managers) manager(s), fewer than \(minimum): its intervals and tests are null.")
        } else if difference == nil {
            notes.append("The event study needs both \(a.name) and \(b.name); the difference is null.")
        }
        notes.append("Event study: attainment of each rep-month regressed on the number of \(events) in the three months before to three after, with rep and calendar-month fixed effects and each rep's own linear trend, clustered by manager (CRV1, t with managers − 1 degrees of freedom; the leads' joint test in its Hotelling form). A group's effect is the mean of its coefficients one to three months after the event's month; the leads (one to three months before) are zero if events do not follow unusual months.")
        self.notes = notes
    }

    /// Whether the leads show attainment already moving before the events.
    public var leadsMove: Bool { (pretrend?.pValue ?? 1) < Self.pretrendLevel }

    /// `event_effect_<a>`, `event_effect_<b>`, `event_difference` with its interval and p (in
    /// the run's family, unless the leads moved and the comparison is withheld), `pretrend_f`
    /// and `pretrend_p_value` (a check of the design: outside it), `event_rep_months`,
    /// `event_managers`.
    public var summaryFields: [ResultField] {
        [
            ResultField("event_effect_" + a.id, .number(study?.effect(of: a.index)?.value), .proportionDifference),
            ResultField("event_effect_" + b.id, .number(study?.effect(of: b.index)?.value), .proportionDifference),
            ResultField("event_difference", .number(difference?.value), .proportionDifference),
            ResultField("event_difference_ci_low", .number(difference?.interval?.low), .proportionDifference),
            ResultField("event_difference_ci_high", .number(difference?.interval?.high), .proportionDifference),
            ResultField("event_difference_p_value", .number(difference?.pValue), leadsMove ? .pValueOutsideFamily : .pValue),
            ResultField("pretrend_f", .number(pretrend?.f), .statistic),
            ResultField("pretrend_p_value", .number(pretrend?.pValue), .pValueOutsideFamily),
            ResultField("event_rep_months", .integer(study?.observations ?? 0), .count(of: .repMonths)),
            ResultField("event_managers", .integer(study?.managers ?? 0), .count(of: .managers)),
        ]
    }

    /// Every coefficient with its interval: `term` ("same_day +1"), `group`, `relative_month`
    /// (months after the event's month; negative: the leads), `coefficient`, `ci_low`, `ci_high`.
    public var table: ResultTable {
        var terms: [String: String] = [:]
        for coefficient in study?.coefficients ?? [] {
            let k = coefficient.relativeMonth
            let when = k == 0 ? "the month of the event" : "\(abs(k)) month\(abs(k) == 1 ? "" : "s") \(k < 0 ? "before" : "after")"
            terms[Self.term(groupIDs[coefficient.group], k)] = groupLabels[coefficient.group] + ", " + when
        }
        var table = ResultTable(name: "event_study", columns: [
            ResultColumn("term", label: "Events", .label, valueLabels: terms),
            ResultColumn("group", label: "Group", .label,
                         valueLabels: Dictionary(zip(groupIDs, groupLabels), uniquingKeysWith: { first, _ in first })),
            ResultColumn("relative_month", label: "Months after", .count(of: .months)),
            ResultColumn("coefficient", label: "Attainment", .proportionDifference),
            ResultColumn("ci_low", label: "95% CI low", .proportionDifference),
            ResultColumn("ci_high", label: "95% CI high", .proportionDifference),
        ])
        for coefficient in study?.coefficients ?? [] {
            let id = groupIDs[coefficient.group]
            let interval = enoughManagers ? coefficient.interval : nil
            table.rows.append([
                .text(Self.term(id, coefficient.relativeMonth)), .text(id),
                .integer(coefficient.relativeMonth), .number(coefficient.estimate),
                .number(interval?.low), .number(interval?.high),
            ])
        }
        return table
    }

    /// A coefficient's key in the table: `same_day +1`, `same_day -3`.
    static func term(_ id: String, _ relativeMonth: Int) -> String {
        "\(id) \(relativeMonth >= 0 ? "+" : "")\(relativeMonth)"
    }

    /// `a` against `b`, or why it cannot be said.
    public var finding: Finding? {
        guard let difference else { return nil }
        var values: [String: Finding.Value] = ["difference": .signed(difference.value, .proportionDifference)]
        if let pretrend, leadsMove {
            values["p"] = .value(pretrend.pValue, .pValue)
            return Finding(
                "Attainment in the three months before \(a.name) or \(b.name) differed from other months (joint test of the leads {p}): the events may follow unusual months, so what came after them is not compared, and no effect is stated.",
                values)
        }
        let leads = pretrend == nil ? "the leads could not be tested" : "attainment before them did not move"
        guard let interval = difference.interval, let p = difference.pValue else {
            return Finding("Net of each rep's level and trend and the calendar month, attainment in the three months after \(a.name) differs from after \(b.name) by {difference} (no interval).", values)
        }
        values["interval"] = .interval(interval.low, interval.high, .proportionDifference, signed: true)
        values["p"] = .value(p, .pValue)
        return Finding(
            "Net of each rep's level and trend and the calendar month, attainment in the three months after \(a.name) differs from after \(b.name) by {difference} (95% CI {interval}, robust to clustering by manager, {p}); \(leads).",
            values)
    }
}
