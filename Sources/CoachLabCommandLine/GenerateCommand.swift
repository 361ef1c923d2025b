import ArgumentParser
import CoachLabGenerator


struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Write a synthetic sales org with planted, known coaching effects.",
        discussion: """
            The same options and seed always give the same files. Planted by default: rep-months \
            attain quota 94.8% of the time under managers who exceed expectations, 90.0% under \
            meets and 84.5% under needs_improvement; attainment improves by 0.40, 0.25 and 0.10 \
            points of quota per month. See Datasets/README.md for the whole model.
            """)

    @Option(help: "Number of reps (about ten per manager).")
    var reps: Int = 1_000

    @Option(help: "Number of months of history.")
    var months: Int = 24

    @Option(help: "Random seed.")
    var seed: UInt64 = 20_240_611

    @Option(help: "First period, YYYY-MM.")
    var start: String = "2023-01"

    @Option(help: "The folder to write into (created if missing).")
    var out: String

    @Flag(help: "Leave out coaching_sessions.csv and assignments.csv.")
    var noCoachingTables = false

    @Option(help: "Plant: attainment added for 3 months after a ride-along or review with feedback within 24 hours.")
    var fastFeedbackLift = 0.0

    @Option(help: "Plant: attainment added for 3 months after an assignment completed on time.")
    var followThroughLift = 0.0

    @Option(help: "Plant: attainment added for 3 months after a developmental session on 1-2 focus areas.")
    var focusedSessionLift = 0.0

    @Option(help: "Plant: share more calls for 3 months after a completed assignment that commits to a calls target.")
    var commitmentCallIncrease = 0.0

    @Option(help: "Plant: the SD of a trend in attainment per month that all of a manager's reps share (their outcomes move together).")
    var managerTrendSd = 0.0

    @Option(help: "Plant selection without effect: attainment lowered by this much in the month before each ride-along or review with feedback within 24 hours (fast feedback follows a missed month), nothing after.")
    var feedbackAfterMiss = 0.0

    @Option(help: "Plant a programme rolled out to teams in this many staggered cohorts (programs.csv; a further share of teams is never reached).")
    var programCohorts = 0

    @Option(help: "Plant: attainment the programme adds once its effect is whole.")
    var programEffect = 0.0

    @Option(help: "How the programme's effect unfolds: constant, or grow (over six months).")
    var programDynamics: ProgramRollout.Dynamics = .constant

    @Option(help: "Which teams the programme reaches first: random, after-miss (the weakest), strong-managers (the best coaches); or segment: reps one by one, Enterprise likelier first, SMB last.")
    var programSelection: ProgramRollout.Selection = .random

    @Option(help: "Plant: attainment per month added to Enterprise reps' trend and taken from SMB reps' (with --program-selection segment, a trait that steers both who is reached first and how attainment moves).")
    var segmentTrend = 0.0

    @Flag(help: "Plant no effect of coaching quality: every tier attains 90.0% of months and improves 0.25 points a month (the meets values); practice still differs by tier.")
    var noTierEffects = false

    func validate() throws {
        guard reps >= 1 else { throw ValidationError("--reps must be at least 1") }
        guard (1...1200).contains(months) else { throw ValidationError("--months must be 1 to 1200") }
        guard parsedStart != nil else { throw ValidationError("--start must be YYYY-MM, not '\(shown(start))'") }
        for (name, value) in [("fast-feedback-lift", fastFeedbackLift), ("follow-through-lift", followThroughLift),
                              ("focused-session-lift", focusedSessionLift), ("commitment-call-increase", commitmentCallIncrease),
                              ("feedback-after-miss", feedbackAfterMiss)] {
            guard value.isFinite, abs(value) <= 1 else { throw ValidationError("--\(name) must be between -1 and 1") }
            if value != 0 && noCoachingTables { throw ValidationError("--\(name) needs the coaching tables") }
        }
        guard (0...12).contains(programCohorts) else { throw ValidationError("--program-cohorts must be 0 to 12") }
        guard programEffect.isFinite, abs(programEffect) <= 1 else { throw ValidationError("--program-effect must be between -1 and 1") }
        guard segmentTrend.isFinite, abs(segmentTrend) <= 0.05 else { throw ValidationError("--segment-trend must be between -0.05 and 0.05") }
        if programCohorts == 0 && (programEffect != 0 || programDynamics != .constant || programSelection != .random) {
            throw ValidationError("--program-effect, --program-dynamics and --program-selection need --program-cohorts")
        }
        guard managerTrendSd.isFinite, (0...0.1).contains(managerTrendSd) else {
            throw ValidationError("--manager-trend-sd must be between 0 and 0.1 (points of quota a month, as a share)")
        }
    }

    private var parsedStart: (year: Int, month: Int)? {
        let parts = start.split(separator: "-")
        guard parts.count == 2, parts[0].count == 4, parts[1].count == 2,
              let year = Int(parts[0]), let month = Int(parts[1]), (1...12).contains(month) else { return nil }
        return (year, month)
    }

    func run() throws {
        let (year, month) = parsedStart!
        var model = OrgModel()
        model.fastFeedbackLift = fastFeedbackLift
        model.followThroughLift = followThroughLift
        model.focusedSessionLift = focusedSessionLift
        model.commitmentCallIncrease = commitmentCallIncrease
        model.managerTrendSD = managerTrendSd
        model.segmentTrend = segmentTrend
        model.feedbackAfterMiss = feedbackAfterMiss
        if programCohorts > 0 {
            model.program = ProgramRollout(
                cohorts: programCohorts, effect: programEffect, dynamics: programDynamics, selection: programSelection)
        }
        if noTierEffects { model.removeTierEffects() }
        let generator = OrgGenerator(
            reps: reps, months: months, seed: seed, startYear: year, startMonth: month, model: model,
            includeCoachingTables: !noCoachingTables)
        do {
            let summary = try generator.write(to: out)
            StandardError.write("wrote \(out): \(summary.managers) managers, \(summary.reps) reps, \(summary.performanceRows) rep-months, \(summary.sessions) sessions, \(summary.assignments) assignments (\(summary.bytes >> 20) MiB)\n")
        } catch {
            throw CLIError(error.description)
        }
    }
}

extension ProgramRollout.Dynamics: ExpressibleByArgument {}
extension ProgramRollout.Selection: ExpressibleByArgument {}
