import CoachLabPluginAPI
import CoachLabStatistics

/// The event study of feedback latency, as the result states it: the coefficients per band
/// and relative month, same-day against later feedback net of rep and calendar month, and
/// whether the months before the sessions already moved (the leads' joint test).
struct EventDesign {
    let study: EventStudy?
    let difference: EventStudy.Estimate?
    let pretrend: FixedEffectsRegression.WaldTest?
    let effects: [EventStudy.Estimate?]
    /// Whether the managers suffice for intervals (min-managers).
    let enoughManagers: Bool

    /// Leads whose joint test is below this say the comparison is not credible.
    static let pretrendLevel = 0.05

    init(_ study: EventStudy?, minimumManagers: Int, notes: inout [String]) {
        self.study = study
        let (a, b) = (LatencyBand.sameDay.rawValue, LatencyBand.later.rawValue)
        enoughManagers = (study?.managers ?? 0) >= max(minimumManagers, 2)
        effects = LatencyBand.allCases.map { study?.effect(of: $0.rawValue) }
        difference = enoughManagers ? study?.difference(a, b) : nil
        pretrend = enoughManagers ? study?.pretrendTest([a, b]) : nil
        if study == nil {
            notes.append("The event study needs rep-months with attainment, sessions with feedback and at least two managers, and a design that is not singular; its values are null.")
        } else if !enoughManagers {
            notes.append("The event study's reps span \(study!.managers) manager(s), fewer than \(max(minimumManagers, 2)): its intervals and tests are null.")
        } else if difference == nil {
            notes.append("The event study needs sessions with same-day and with later feedback; the difference is null.")
        }
        notes.append("Event study: attainment of each rep-month regressed on the number of sessions of each band in the three months before to three after, with rep and calendar-month fixed effects, clustered by manager (CRV1, t and F with managers − 1 degrees of freedom). A band's effect is the mean of its coefficients one to three months after the session's month; the leads (one to three months before) should be zero if sessions do not follow unusual months.")
    }

    /// Whether the leads show attainment already moving before the sessions.
    var leadsMove: Bool { (pretrend?.pValue ?? 1) < Self.pretrendLevel }

    var summaryFields: [ResultField] {
        [
            ResultField("event_effect_same_day", .number(effects[LatencyBand.sameDay.rawValue]?.value), .proportionDifference),
            ResultField("event_effect_later", .number(effects[LatencyBand.later.rawValue]?.value), .proportionDifference),
            ResultField("event_difference", .number(difference?.value), .proportionDifference),
            ResultField("event_difference_ci_low", .number(difference?.interval?.low), .proportionDifference),
            ResultField("event_difference_ci_high", .number(difference?.interval?.high), .proportionDifference),
            ResultField("event_difference_p_value", .number(difference?.pValue), .pValue),
            ResultField("pretrend_f", .number(pretrend?.f), .statistic),
            ResultField("pretrend_p_value", .number(pretrend?.pValue), .pValueOutsideFamily),
            ResultField("event_rep_months", .integer(study?.observations ?? 0), .count),
            ResultField("event_managers", .integer(study?.managers ?? 0), .count),
        ]
    }

    /// Every coefficient with its interval: a band's sessions `relative_month` months before
    /// the rep-month (negative: after it, the leads).
    var table: ResultTable {
        var table = ResultTable(name: "event_study", columns: [
            ResultColumn("term", label: "Sessions", .label),
            ResultColumn("band", label: "Feedback", .label),
            ResultColumn("relative_month", label: "Months after", .count),
            ResultColumn("coefficient", label: "Attainment", .proportionDifference),
            ResultColumn("ci_low", label: "95% CI low", .proportionDifference),
            ResultColumn("ci_high", label: "95% CI high", .proportionDifference),
        ])
        for coefficient in study?.coefficients ?? [] {
            let band = LatencyBand(rawValue: coefficient.group)!.id
            let interval = enoughManagers ? coefficient.interval : nil
            table.rows.append([
                .text("\(band) \(coefficient.relativeMonth >= 0 ? "+" : "")\(coefficient.relativeMonth)"), .text(band),
                .integer(coefficient.relativeMonth), .number(coefficient.estimate),
                .number(interval?.low), .number(interval?.high),
            ])
        }
        return table
    }

    /// Same-day against later feedback, or why it cannot be said.
    var finding: Finding? {
        guard let difference else { return nil }
        var values: [String: FindingValue] = ["difference": .signed(difference.value, .proportionDifference)]
        if let pretrend, leadsMove {
            values["p"] = .value(pretrend.pValue, .pValue)
            return Finding(
                "Attainment was already moving in the three months before sessions with same-day or later feedback (joint test of the leads {p}): sessions follow unusual months, so the comparison of what came after is not credible, and no effect of fast feedback is stated.",
                values)
        }
        guard let interval = difference.interval, let p = difference.pValue else {
            return Finding("Net of each rep's level and the calendar month, attainment after same-day feedback differs from after later feedback by {difference} (no interval).", values)
        }
        values["interval"] = .interval(interval.low, interval.high, .proportionDifference, signed: true)
        values["p"] = .value(p, .pValue)
        return Finding(
            "Net of each rep's level and the calendar month, attainment in the three months after same-day feedback differs from after feedback later than three days by {difference} (95% CI {interval}, robust to clustering by manager, {p}); attainment before the sessions did not move.",
            values)
    }
}
