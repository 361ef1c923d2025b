import CoachLabPluginAPI
import CoachLabStatistics

/// A programme's evaluation as the result states it: the effect, its event study and its
/// cohorts, the pre-trend test, two-way fixed effects beside it, and the finding.
struct ImpactReport {
    var summary: [ResultField] = []
    var tables: [ResultTable] = []
    var findings: [Finding] = []

    static let z = NormalDistribution.z95

    /// estimate ± `multiple` × se, as the two values of a row (the packages' normal interval
    /// by default, the band's critical value for the band).
    static func bounds(_ estimate: Double, _ standardError: Double, _ multiple: Double = z) -> [MetricResult.Value] {
        [.number(estimate - multiple * standardError), .number(estimate + multiple * standardError)]
    }

    init(
        estimate: StaggeredDifferenceInDifferences?, twfe: FixedEffectsRegression.Contrast?, panel: ProgramPanel,
        control: StaggeredDifferenceInDifferences.ControlGroup, outcome: String, treatment: Treatment,
        covariates: [RepCovariates.Trait], minimumManagers: Int, notes: inout [String]
    ) {
        // Attainment (a share of quota) and attained (a share of months) both differ in points.
        let role: MetricResult.Role = .proportionDifference
        let simple = estimate?.simple
        let interval = simple.map { ($0.estimate - Self.z * $0.standardError, $0.estimate + Self.z * $0.standardError) }
        let pValue = simple.flatMap { $0.standardError > 0 ? NormalDistribution.twoSidedPValue($0.estimate / $0.standardError) : nil }
        let pretrend = estimate?.pretrendTest()
        // The band covers the months since the start that two cohorts or more inform: a month
        // only one cohort reaches rests on its few managers, whose normal intervals are too
        // narrow, and a band over them covered all months in 3 of 4 generated orgs.
        let banded = Self.eventTimesWithCohorts(estimate, atLeast: 2)
        let critical = estimate?.uniformCriticalValue(eventTimes: banded)
        let twfeInterval = twfe?.interval()
        summary = [
            ResultField("program", .text(treatment.name), .label),
            ResultField("treatment", .text(treatment.source.rawValue), .label),
            ResultField("outcome", .text(outcome), .label),
            ResultField("control_group", .text(control.rawValue), .label),
            ResultField("covariates", .text(covariates.isEmpty ? "none" : covariates.map(\.rawValue).joined(separator: ",")), .label),
            ResultField("att", .number(simple?.estimate), role),
            ResultField("att_se", .number(simple?.standardError), role),
            ResultField("att_ci_low", .number(interval?.0), role),
            ResultField("att_ci_high", .number(interval?.1), role),
            ResultField("att_p_value", .number(pValue), (pretrend?.pValue ?? 1) < ProgramImpact.level ? .pValueOutsideFamily : .pValue),
            ResultField("pretrend_statistic", .number(pretrend?.statistic), .statistic),
            ResultField("pretrend_df", pretrend.map { .integer($0.numerator) } ?? .null, .degreesOfFreedom),
            ResultField("pretrend_df_denominator", pretrend.map { .integer($0.denominator) } ?? .null, .degreesOfFreedom),
            ResultField("pretrend_p_value", .number(pretrend?.pValue), .pValueOutsideFamily),
            ResultField("naive_difference", .number(panel.naiveDifference), role),
            ResultField("twfe_att", .number(twfe?.estimate), role),
            ResultField("twfe_ci_low", .number(twfeInterval?.low), role),
            ResultField("twfe_ci_high", .number(twfeInterval?.high), role),
            ResultField("cohorts", .integer(estimate?.byCohort.count ?? 0), .count(of: .groups)),
            ResultField("treated_reps", .integer(panel.reachedReps), .count(of: .reps)),
            ResultField("control_reps", .integer(panel.unreachedReps), .count(of: .reps)),
            ResultField("excluded_reps", .integer(panel.excludedReps), .count(of: .reps)),
            ResultField("units", .integer(estimate?.units ?? 0), .count(of: .reps)),
            ResultField("managers", .integer(estimate?.clusters ?? 0), .count(of: .managers)),
            ResultField("min_managers", .integer(minimumManagers), .count(of: .threshold)),
        ]
        tables = [attTable(estimate, panel: panel, role: role), eventTable(estimate, critical: critical, banded: banded, role: role),
                  cohortTable(estimate, panel: panel, role: role)]
        guard let simple, let interval, estimate != nil else {
            notes.append("The programme's effect needs reps reached after the first month and reps to compare them with over every month, each side across at least \(minimumManagers) managers (min-managers); it is null.")
            findings = [Finding("The programme's effect cannot be estimated: the data lack reps reached after the first month, or enough reps under enough managers to compare them with.")]
            return
        }
        notes.append("Standard errors come from influence functions clustered by manager (Callaway & Sant'Anna 2021), intervals from the normal quantile; the event study's band (band_low, band_high) holds for all the months since the start that two cohorts or more inform at once (multiplier bootstrap over managers, 999 draws, fixed seed); months only one cohort reaches have no band, their intervals resting on that cohort's managers alone.")
        notes.append("The comparison assumes that, without the programme, reached and unreached reps would have moved alike (parallel trends) and that reps did not change course in anticipation; the pre-trend test checks the first on the months before each start.")
        if let twfe, abs(twfe.estimate - simple.estimate) > 2 * max(simple.standardError, twfe.standardError) {
            notes.append("Two-way fixed effects gives a different answer (twfe_att): it also compares later cohorts with earlier ones already reached, which biases it when the effect grows or differs between cohorts; att does not.")
        }
        var values: [String: Finding.Value] = [
            "att": .signed(simple.estimate, role), "interval": .interval(interval.0, interval.1, role, signed: true),
        ]
        let words = treatment.words
        var comparison = "comparable " + (control == .notYetTreated ? words.notYet : words.never)
        if !covariates.isEmpty {
            let traits = covariates.map(\.rawValue)
            let listed = traits.count == 1 ? traits[0] : traits.dropLast().joined(separator: ", ") + " and " + traits.last!
            comparison = (control == .notYetTreated ? words.notYet : words.never) + " of like \(listed)"
        }
        if let pretrend {
            values["pretrend"] = .value(pretrend.pValue, .pValue)
            if pretrend.pValue < ProgramImpact.level {
                findings = [Finding(
                    "Before \(words.start), \(words.groups) did not move together (pre-trend test {pretrend}): the comparison after it is not credible, and no effect is stated."
                        + (covariates.isEmpty ? " If a trait steered both who was reached first and how attainment moves, compare like with like: --option covariates=tenure,region,segment,tier (any of them)." : ""),
                    values)]
                return
            }
        }
        let change = outcome == "attained"
            ? "\(words.reached) attain quota in {att} more of their months \(words.after) than \(comparison)"
            : "\(words.reached) attain {att} of quota more in the months \(words.after) than \(comparison)"
        findings = [Finding(
            change + " (95% CI {interval})"
                + (pretrend == nil ? "; there are no months before the starts to test whether the two groups moved together." : "; in the six months before the starts the pre-trend test found no difference between them ({pretrend}), which does not rule out slowly diverging trends."),
            values)]
    }

    private func attTable(_ estimate: StaggeredDifferenceInDifferences?, panel: ProgramPanel, role: MetricResult.Role) -> ResultTable {
        var table = ResultTable(name: "att_gt", columns: [
            ResultColumn("cohort", label: "Cohort", .label),
            ResultColumn("period", label: "Month", .label),
            ResultColumn("att", label: "ATT", role),
            ResultColumn("se", label: "SE", role),
            ResultColumn("ci_low", label: "95% CI low", role),
            ResultColumn("ci_high", label: "95% CI high", role),
            ResultColumn("treated", label: "Reached reps", .count(of: .reps)),
            ResultColumn("controls", label: "Comparison reps", .count(of: .reps)),
        ])
        for cell in estimate?.cells ?? [] {
            table.rows.append([
                .text(panel.period(cell.cohort)), .text(panel.period(cell.period)), .number(cell.att), .number(cell.standardError),
            ] + Self.bounds(cell.att, cell.standardError) + [
                .integer(cell.treated), .integer(cell.controls),
            ])
        }
        return table
    }

    /// The event times (months since the start) that at least `count` cohorts have a cell at.
    static func eventTimesWithCohorts(_ estimate: StaggeredDifferenceInDifferences?, atLeast count: Int) -> Set<Int> {
        var cohorts: [Int: Set<Int>] = [:]
        for cell in estimate?.cells ?? [] { cohorts[cell.period - cell.cohort, default: []].insert(cell.cohort) }
        return Set(cohorts.filter { $0.value.count >= count }.keys)
    }

    private func eventTable(
        _ estimate: StaggeredDifferenceInDifferences?, critical: Double?, banded: Set<Int>, role: MetricResult.Role
    ) -> ResultTable {
        var table = ResultTable(name: "event_study", columns: [
            ResultColumn("relative_period", label: "Months since start", .count(of: .months)),
            ResultColumn("att", label: "ATT", role),
            ResultColumn("ci_low", label: "95% CI low", role),
            ResultColumn("ci_high", label: "95% CI high", role),
            ResultColumn("se", label: "SE", role),
            ResultColumn("band_low", label: "Band low", role),
            ResultColumn("band_high", label: "Band high", role),
        ])
        for (e, aggregate) in estimate?.dynamic ?? [] {
            let band = banded.contains(e) ? critical.map { Self.bounds(aggregate.estimate, aggregate.standardError, $0) } : nil
            table.rows.append([.integer(e), .number(aggregate.estimate)]
                + Self.bounds(aggregate.estimate, aggregate.standardError)
                + [.number(aggregate.standardError)] + (band ?? [.null, .null]))
        }
        return table
    }

    private func cohortTable(_ estimate: StaggeredDifferenceInDifferences?, panel: ProgramPanel, role: MetricResult.Role) -> ResultTable {
        var table = ResultTable(name: "by_cohort", columns: [
            ResultColumn("cohort", label: "Cohort", .label),
            ResultColumn("reps", label: "Reps", .count(of: .reps)),
            ResultColumn("att", label: "ATT", role),
            ResultColumn("ci_low", label: "95% CI low", role),
            ResultColumn("ci_high", label: "95% CI high", role),
            ResultColumn("se", label: "SE", role),
        ])
        for (cohort, aggregate) in estimate?.byCohort ?? [] {
            let reps = estimate?.cells.first { $0.cohort == cohort }?.treated ?? 0
            table.rows.append([
                .text(panel.period(cohort)), .integer(reps), .number(aggregate.estimate),
            ] + Self.bounds(aggregate.estimate, aggregate.standardError) + [
                .number(aggregate.standardError),
            ])
        }
        return table
    }
}
