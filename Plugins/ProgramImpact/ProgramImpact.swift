import CoachLabPluginAPI
import CoachLabStatistics
import CoachLabKernels

/// Does a programme *move* attainment? When a programme reaches reps in staggered cohorts,
/// each cohort's change since the month before it started is compared with the change of
/// reps not (yet) reached — staggered difference-in-differences (Callaway & Sant'Anna 2021)
/// — with two-way fixed effects beside it for comparison.
public struct ProgramImpact: DecomposableMetric {
    public init() {}

    public let descriptor = PluginDescriptor(
        id: "program-impact",
        title: "Programme impact",
        summary: "Estimates how a coaching programme rolled out in stages changed attainment, against reps not yet reached.",
        description: """
            programs.csv names when each rep was first reached by a programme. Per cohort (reps \
            starting in the same month) and month, ATT(g, t) is the cohort's change in the \
            outcome since the month before it started minus that of reps not yet reached (or \
            never reached), over reps with every month in the data; before the start, the \
            change from the month before (placebos). Aggregated into one effect (cohorts \
            weighted by size), by months since the start (with a simultaneous band) and by \
            cohort; standard errors from influence functions clustered by manager. A joint \
            test of the placebos says whether reached and unreached reps moved together before; \
            when they did not, no effect is stated. With covariates (tenure at the first month, \
            region, segment, the manager's tier), each cohort's change is compared with what the controls' changes \
            predict for reps of its traits (outcome regression), for when those traits steer \
            both who is reached first and how attainment moves. Two-way fixed effects (rep and month effects \
            and a treated dummy) is shown beside it: it is biased when effects grow over time.
            """,
        requiredTables: [.managers, .reps, .performance, .programs],
        requiredTablesWhen: [PluginDescriptor.OptionTables(option: "treatment", value: "first-session", requiredTables: [.managers, .reps, .performance, .coachingSessions])],
        columns: [ColumnReference(.reps, "hire_date"), ColumnReference(.reps, "region"), ColumnReference(.reps, "segment")],
        options: [program.declaration, control.declaration, outcome.declaration, covariates.declaration, treatment.declaration,
                  OptionKey.minimumManagers.declaration])

    static let program = OptionKey.text("program", summary: "the programme to evaluate (default: the only one)", default: "")
    static let control = OptionKey.text("control", summary: "not-yet-treated or never-treated", default: "not-yet-treated")
    static let outcome = OptionKey.text(
        "outcome", summary: "attainment (bookings/quota) or attained (1 if bookings >= quota)", default: "attainment")
    static let treatment = OptionKey.text(
        "treatment", summary: "program (programs.csv) or first-session (a rep's first coaching session)", default: "program")
    static let covariates = OptionKey.text(
        "covariates", summary: "none, or traits to compare like with like: tenure, region, segment, tier (comma-separated)",
        default: "none")

    /// The simultaneous band's and the pre-trend test's level.
    static let level = 0.05

    /// The estimate needs every rep's panel row, from its rows of performance.csv and
    /// programs.csv or coaching_sessions.csv: a part is every row of some reps.
    public var parallelism: Partial.Parallelism { .wholeReps }

    public func partial(_ context: Partial.Context) throws(PluginError) -> PanelState {
        guard let source = Treatment.Source(rawValue: context.options[Self.treatment]) else {
            throw PluginError(pluginID: descriptor.id, message: "option treatment takes program or first-session")
        }
        let asked = context.options[Self.program]
        try Treatment.check(source, program: asked, dataset: context.dataset, pluginID: descriptor.id)
        // An option that does not parse is refused by finalize, in the order a run checks them.
        let traits = RepCovariates.traits(context.options[Self.covariates]) ?? []
        return PanelState(context, source: source, program: asked, traits: traits)
    }

    /// Partial, merge and finalize, as every decomposable metric's run; the merged state is
    /// this call's own, so its rows are released once the panel is built from them, before
    /// the estimates run beside the panel.
    public func compute(_ context: PluginContext) throws(PluginError) -> MetricResult {
        var state = try wholeState(context)
        return try finalize(taking: &state, options: context.options)
    }

    public func finalize(_ state: PanelState, options: PluginOptions) throws(PluginError) -> MetricResult {
        var state = state
        return try finalize(taking: &state, options: options)
    }

    /// The result of `state`, whose rows are emptied once the panel holds what it needs of them.
    private func finalize(taking state: inout PanelState, options: PluginOptions) throws(PluginError) -> MetricResult {
        guard let source = Treatment.Source(rawValue: options[Self.treatment]) else {
            throw PluginError(pluginID: descriptor.id, message: "option treatment takes program or first-session")
        }
        let treatment = try Treatment.make(source, program: options[Self.program], state: state, pluginID: descriptor.id)
        guard let control = StaggeredDifferenceInDifferences.ControlGroup(rawValue: options[Self.control]) else {
            throw PluginError(pluginID: descriptor.id, message: "option control takes not-yet-treated or never-treated")
        }
        let outcomeName = options[Self.outcome]
        guard outcomeName == "attainment" || outcomeName == "attained" else {
            throw PluginError(pluginID: descriptor.id, message: "option outcome takes attainment or attained")
        }
        guard let traits = RepCovariates.traits(options[Self.covariates]) else {
            throw PluginError(pluginID: descriptor.id, message: "option covariates takes none or a comma-separated list of tenure, region, segment, tier")
        }
        let covariates: RepCovariates
        switch RepCovariates.make(traits, columns: state.traits, repManagers: state.repManagers, managerTiers: state.managerTiers,
                                  firstMonth: state.span?.lowerBound ?? 0) {
        case .success(let made): covariates = made
        case .failure(let lack):
            throw PluginError(pluginID: descriptor.id, message: "option covariates=\(lack.trait.rawValue) needs the \(lack.column) column of reps.csv, which this dataset lacks")
        }
        let panel = ProgramPanel(state: state, starts: treatment.starts, attained: outcomeName == "attained",
                                 leftOut: traits.isEmpty ? nil : covariates.lacking)
        state.rows = []
        var notes = treatment.notes + panel.notes
        notes += Self.covariateNotes(covariates)
        let estimate = StaggeredDifferenceInDifferences(
            outcomes: panel.outcomes, periods: panel.months, cohorts: panel.cohorts, clusters: panel.units.map { state.repManagers[$0] },
            control: control, covariates: covariates.columns.map { column in panel.units.map { column[$0] } },
            minimumClusters: options.minimumManagers)
        if let estimate, estimate.cellsWithFewClusters > 0 {
            notes.append("\(estimate.cellsWithFewClusters) cohort-month comparison(s) are left out: their reached reps or their comparison reps report to fewer than \(options.minimumManagers) managers (min-managers), too few to show how much a month's change varies between teams — with a single comparison rep the standard error would ignore that rep's own noise.")
        }
        if let estimate, estimate.cellsWithoutOverlap > 0 {
            notes.append("\(estimate.cellsWithoutOverlap) cohort-month comparison(s) are left out: their cohort has reps whose traits no comparison rep shares (a region or segment only reached reps are in), so nothing predicts how they would have moved.")
        }
        if let estimate, estimate.cellsWithThinSupport > 0 {
            notes.append("\(estimate.cellsWithThinSupport) cohort-month comparison(s) are left out: comparison reps sharing a trait reached reps have (a region, segment or tier) report to fewer than \(options.minimumManagers) managers (min-managers), so what reached reps would have done would rest on those few, with intervals too narrow.")
        }
        if let estimate, estimate.cellsDroppingCovariates > 0 {
            notes.append("In \(estimate.cellsDroppingCovariates) of \(estimate.cells.count) comparisons a trait did not vary among the comparison reps (or repeated others) and was left out of their regression.")
        }
        let twfe = panel.twoWayFixedEffects(repManagers: state.repManagers)
        let report = ImpactReport(estimate: estimate, twfe: twfe, panel: panel, control: control, outcome: outcomeName,
                                  treatment: treatment, covariates: traits,
                                  minimumManagers: options.minimumManagers, notes: &notes)
        return MetricResult(pluginID: descriptor.id, title: descriptor.title, findings: report.findings,
                            summary: report.summary, tables: report.tables, notes: notes, evidence: .causalDesign)
    }

    static func covariateNotes(_ covariates: RepCovariates) -> [String] {
        guard !covariates.traits.isEmpty else { return [] }
        var notes = ["Adjusted for \(covariates.traits.map(\.rawValue).joined(separator: ", ")) (outcome regression, Sant'Anna & Zhao 2020): each cohort's change is compared with what a regression of the comparison reps' changes on these traits predicts for reps like the cohort's; tenure is years from hire_date to the first month of the data; region, segment and tier (the manager's coaching tier) enter as indicators against the most common value."]
        let lacking = covariates.lacking.filter { $0 }.count
        if lacking > 0 {
            let which = RepCovariates.Trait.allCases.compactMap { trait in covariates.missing[trait].map { "\($0) lack \(trait == .tenure ? "hire_date" : trait.rawValue)" } }
            notes.append("\(lacking) rep(s) lack a trait the comparison holds fixed (\(which.joined(separator: ", "))) and are left out of every estimate.")
        }
        return notes
    }
}
