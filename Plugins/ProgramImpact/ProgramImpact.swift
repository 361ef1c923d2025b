import CoachLabPluginAPI
import CoachLabStatistics

/// Does a programme *move* attainment? When a programme reaches reps in staggered cohorts,
/// each cohort's change since the month before it started is compared with the change of
/// reps not (yet) reached — staggered difference-in-differences (Callaway & Sant'Anna 2021)
/// — with two-way fixed effects beside it for comparison.
public struct ProgramImpact: MetricPlugin {
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
            when they did not, no effect is stated. Two-way fixed effects (rep and month effects \
            and a treated dummy) is shown beside it: it is biased when effects grow over time.
            """,
        requiredTables: [.managers, .reps, .performance, .programs],
        options: [program.declaration, control.declaration, outcome.declaration])

    static let program = OptionKey.text("program", summary: "the programme to evaluate (default: the only one)", default: "")
    static let control = OptionKey.text("control", summary: "not-yet-treated or never-treated", default: "not-yet-treated")
    static let outcome = OptionKey.text(
        "outcome", summary: "attainment (bookings/quota) or attained (1 if bookings >= quota)", default: "attainment")

    /// The programme with the most enrolments, the first by name on a tie.
    static func largest(_ names: [String], in programs: Programs) -> String {
        var counts: [String: Int] = [:]
        for row in 0..<programs.count { if let name = programs.names[row] { counts[name, default: 0] += 1 } }
        return names.max { (counts[$0] ?? 0, $1) < (counts[$1] ?? 0, $0) }!
    }

    /// The simultaneous band's and the pre-trend test's level.
    static let level = 0.05

    public func compute(_ context: PluginContext) throws(PluginError) -> MetricResult {
        let dataset = context.dataset
        guard let programs = dataset.programs else { throw PluginError(pluginID: descriptor.id, message: "needs programs.csv") }
        let names = programs.names()
        let asked = context.options[Self.program]
        guard !names.isEmpty else { throw PluginError(pluginID: descriptor.id, message: "programs.csv names no programme") }
        guard asked.isEmpty || names.contains(asked) else {
            throw PluginError(pluginID: descriptor.id, message: "programs.csv has no programme '\(asked)'; it has \(names.joined(separator: ", "))")
        }
        // Without a choice, the programme with the most reps (the first by name on a tie).
        let program = asked.isEmpty ? Self.largest(names, in: programs) : asked
        guard let control = StaggeredDifferenceInDifferences.ControlGroup(rawValue: context.options[Self.control]) else {
            throw PluginError(pluginID: descriptor.id, message: "option control takes not-yet-treated or never-treated")
        }
        let outcomeName = context.options[Self.outcome]
        guard outcomeName == "attainment" || outcomeName == "attained" else {
            throw PluginError(pluginID: descriptor.id, message: "option outcome takes attainment or attained")
        }
        let panel = ProgramPanel(dataset: dataset, programs: programs, program: program, attained: outcomeName == "attained")
        var notes = panel.notes
        if asked.isEmpty && names.count > 1 {
            notes.append("programs.csv names \(names.count) programmes (\(names.joined(separator: ", "))); this evaluates '\(program)', the one with the most reps: choose another with --option program=NAME.")
        }
        let estimate = StaggeredDifferenceInDifferences(
            outcomes: panel.outcomes, periods: panel.months, cohorts: panel.cohorts, clusters: dataset.reps.managers,
            control: control)
        let twfe = panel.twoWayFixedEffects(repManagers: dataset.reps.managers)
        let report = ImpactReport(estimate: estimate, twfe: twfe, panel: panel, control: control, outcome: outcomeName,
                                  program: program, notes: &notes)
        return MetricResult(pluginID: descriptor.id, title: descriptor.title, findings: report.findings,
                            summary: report.summary, tables: report.tables, notes: notes)
    }
}
