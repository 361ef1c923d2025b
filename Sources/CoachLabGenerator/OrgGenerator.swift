import CoachLabData

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CoachLabSystem

/// Writes a synthetic sales org in the canonical format, the same bytes for the same
/// parameters, with the effects of an ``OrgModel`` planted.
public struct OrgGenerator: Sendable {
    public var reps: Int
    public var months: Int
    public var seed: UInt64
    public var startYear: Int
    public var startMonth: Int
    public var model: OrgModel
    /// Whether to write coaching_sessions.csv and assignments.csv.
    public var includeCoachingTables: Bool

    static let regions = ["North America East", "North America West", "EMEA North", "EMEA South", "APAC", "LATAM"]
    static let segments = ["SMB", "Mid-Market", "Enterprise"]
    static let quotaLevels = [40_000, 45_000, 50_000, 55_000, 60_000, 65_000, 75_000]
    static let seasonality = [0.90, 0.95, 1.05, 0.95, 1.00, 1.10, 0.90, 0.95, 1.05, 1.00, 1.05, 1.20]
    static let focusAreas = ["prospecting", "discovery", "qualification", "demo", "negotiation", "closing", "pipeline_hygiene", "forecasting"]

    public init(
        reps: Int, months: Int, seed: UInt64 = 20_240_611, startYear: Int = 2023, startMonth: Int = 1,
        model: OrgModel = OrgModel(), includeCoachingTables: Bool = true
    ) {
        self.reps = reps
        self.months = months
        self.seed = seed
        self.startYear = startYear
        self.startMonth = startMonth
        self.model = model
        self.includeCoachingTables = includeCoachingTables
    }

    /// What was written.
    public struct Summary: Sendable {
        public var managers: Int
        public var reps: Int
        public var performanceRows: Int
        public var sessions: Int
        public var assignments: Int
        public var bytes: Int
    }

    /// The latent traits of one rep.
    private struct Rep {
        var manager: Int
        var tier: Int
        var effect: Double
        var slope: Double
        var quota: Int
        var callRate: Double
        var meetingShare: Double
        var followThrough: Double
        /// Index into `segments`.
        var segment = 0
    }

    /// Writes the org into `folder`, creating it; each file appears whole or not at all.
    public func write(to folder: String) throws(GeneratorError) -> Summary {
        guard reps >= 1, months >= 1, months <= 1200 else {
            throw .invalidParameter("an org needs at least 1 rep and 1 to 1200 months")
        }
        guard (1...12).contains(startMonth) else { throw .invalidParameter("the start month must be 1 to 12") }
        if let failure = Directories.make(folder) { throw .cannotWrite(folder, reason: failure) }
        var random = RandomSource(seed: seed)
        let managerCount = max(1, reps / 10)
        let tiers = (0..<managerCount).map { _ in pickTier(&random) }
        var summary = Summary(managers: managerCount, reps: reps, performanceRows: reps * months, sessions: 0, assignments: 0, bytes: 0)

        summary.bytes += try writeFile(folder, "managers.csv") { out in
            out.text("manager_id,coaching_quality,coaching_score\n")
            for m in 0..<managerCount {
                out.text("M"); out.padded(m + 1, width: 6); out.comma()
                out.text(CoachingTier(rawValue: tiers[m])!.id); out.comma()
                let score = min(100, max(0, random.normal(mean: [40.0, 60, 80][tiers[m]], sd: 9)))
                out.tenths(Int((score * 10).rounded()))
                out.endRow()
            }
        }

        var assignment = Array(0..<reps)
        assignment.shuffle(using: &random)
        let start = CivilDate.days(year: 2012, month: 1, day: 1)
        let firstDay = CivilDate.days(year: startYear, month: startMonth, day: 1)
        var people: [Rep] = []
        people.reserveCapacity(reps)
        summary.bytes += try writeFile(folder, "reps.csv") { out in
            out.text("rep_id,manager_id,region,segment,hire_date\n")
            for r in 0..<reps {
                let manager = assignment[r] % managerCount
                let tier = tiers[manager]
                people.append(Rep(
                    manager: manager, tier: tier,
                    effect: random.normal(mean: 0, sd: model.repEffectSD),
                    slope: random.normal(mean: model.trend[tier], sd: model.slopeSD),
                    quota: Self.quotaLevels[random.integer(0...(Self.quotaLevels.count - 1))],
                    callRate: random.uniform(150, 450), meetingShare: random.uniform(0.08, 0.16),
                    followThrough: random.uniform(0.3, 0.95)))
                out.text("R"); out.padded(r + 1, width: 7); out.comma()
                out.text("M"); out.padded(manager + 1, width: 6); out.comma()
                out.text(Self.regions[random.integer(0...(Self.regions.count - 1))]); out.comma()
                people[r].segment = random.integer(0...(Self.segments.count - 1))
                out.text(Self.segments[people[r].segment]); out.comma()
                out.date(start + Int32(random.integer(0...Int(max(1, firstDay - start - 1)))))
                out.endRow()
            }
        }

        // The coaching tables come first, from a stream of their own, so that the events
        // whose lifts are planted are known when attainment is drawn; with no lift planted
        // performance.csv is the same whether or not they are written.
        var planted = PlantedEffects(reps: 0, months: 0)
        if includeCoachingTables {
            var coachingRandom = RandomSource(seed: seed ^ 0x5DEE_CE66_D1CE_4E5B)
            planted = try writeCoachingTables(folder, people: people, random: &coachingRandom, summary: &summary)
        }

        let base = model.baseAttainment(months: months)
        let center = Double(months - 1) / 2
        // The programme's teams and start months, from a stream of their own.
        // Each rep's start month.
        var programStarts = [Int?](repeating: nil, count: reps)
        if let program = model.program {
            var programRandom = RandomSource(seed: seed ^ 0x7A3D_1F29_C6B0_5E81)
            var levels = [Double](repeating: 0, count: managerCount), sizes = [Double](repeating: 0, count: managerCount)
            for rep in people {
                levels[rep.manager] += base[rep.tier] + rep.effect
                sizes[rep.manager] += 1
            }
            for m in 0..<managerCount { levels[m] = sizes[m] > 0 ? levels[m] / sizes[m] : base[tiers[m]] }
            let teamStarts = program.starts(levels: levels, tiers: tiers, months: months, random: &programRandom)
            programStarts = program.selection == .segment
                ? program.starts(segments: people.map(\.segment), months: months, random: &programRandom)
                : people.map { teamStarts[$0.manager] }
            summary.bytes += try writeFile(folder, "programs.csv") { out in
                out.text("rep_id,program,start_period\n")
                for r in people.indices {
                    guard let start = programStarts[r] else { continue }
                    let (year, month) = monthOf(start)
                    out.text("R"); out.padded(r + 1, width: 7); out.comma()
                    out.text(ProgramRollout.name); out.comma()
                    out.month(year: year, month: month)
                    out.endRow()
                }
            }
        }
        // From a stream of their own, so that the other values do not move with the option.
        var trendRandom = RandomSource(seed: seed ^ 0x3C6E_F372_FE94_F82B)
        let managerTrends = model.managerTrendSD > 0
            ? (0..<managerCount).map { _ in trendRandom.normal(mean: 0, sd: model.managerTrendSD) }
            : [Double](repeating: 0, count: managerCount)
        summary.bytes += try writeFile(folder, "performance.csv") { out in
            out.text("rep_id,period,quota,bookings,calls,meetings,opportunities_created,pipeline_value\n")
            for t in 0..<months {
                let (year, month) = monthOf(t)
                let season = Self.seasonality[month - 1]
                for r in 0..<reps {
                    let rep = people[r]
                    let quotaCents = Int((Double(rep.quota) * season / 50).rounded()) * 50 * 100
                    let attainment = base[rep.tier] + rep.effect + rep.slope * (Double(t) - center)
                        + random.normal(mean: 0, sd: model.noiseSD) + planted.lift(rep: r, month: t)
                        + managerTrends[rep.manager] * (Double(t) - center)
                        + (programStarts[r].map { model.program!.lift(monthsSinceStart: t - $0) } ?? 0)
                        + model.segmentTrend * Double(rep.segment - 1) * (Double(t) - center)
                    let bookingsCents = max(0, Int((Double(quotaCents) * attainment).rounded()))
                    let calls = random.poisson(rep.callRate * planted.callFactor(rep: r, month: t))
                    let meetings = random.binomial(calls, rep.meetingShare)
                    let opportunities = random.binomial(meetings, 0.3)
                    let pipelineCents = Int((Double(opportunities) * exp(log(15_000) + 0.5 * random.normal()) * 100).rounded())
                    out.text("R"); out.padded(r + 1, width: 7); out.comma()
                    out.month(year: year, month: month); out.comma()
                    out.cents(quotaCents); out.comma()
                    out.cents(bookingsCents); out.comma()
                    out.integer(calls); out.comma()
                    out.integer(meetings); out.comma()
                    out.integer(opportunities); out.comma()
                    out.cents(pipelineCents)
                    out.endRow()
                }
            }
        }

        return summary
    }

    /// Writes coaching_sessions.csv and assignments.csv; returns what their events plant in
    /// performance.csv.
    private func writeCoachingTables(
        _ folder: String, people: [Rep], random: inout RandomSource, summary: inout Summary
    ) throws(GeneratorError) -> PlantedEffects {
        var planted = PlantedEffects(reps: people.count, months: months)
        func addLift(_ amount: Double, rep: Int, after t: Int) {
            planted.addLift(amount, rep: rep, after: t)
        }
        var assignments = try ByteWriter(path: folder + "/assignments.csv")
        assignments.text("assignment_id,session_id,rep_id,assigned_on,due_on,completed_on,focus_area,target_metric,target_value\n")
        var sessionCount = 0
        var assignmentCount = 0
        // Written alongside the sessions, so it is left behind with them if they fail.
        defer { assignments.abandon() }
        summary.bytes += try writeFile(folder, "coaching_sessions.csv") { out in
            out.text("session_id,rep_id,manager_id,date,duration_min,kind,focus_areas,feedback_delay_hours\n")
            for (r, rep) in people.enumerated() {
                for t in 0..<months {
                    let (year, month) = monthOf(t)
                    let monthStart = CivilDate.days(year: year, month: month, day: 1)
                    for _ in 0..<random.poisson(model.sessionsPerMonth[rep.tier]) {
                        sessionCount += 1
                        let date = monthStart + Int32(random.integer(0...27))
                        let kind = sessionKind(tier: rep.tier, &random)
                        let areaCount = random.integer(1...3)
                        var areas: [String] = []
                        while areas.count < areaCount {
                            let area = Self.focusAreas[random.integer(0...(Self.focusAreas.count - 1))]
                            if !areas.contains(area) { areas.append(area) }
                        }
                        out.text("S"); out.padded(sessionCount, width: 8); out.comma()
                        out.text("R"); out.padded(r + 1, width: 7); out.comma()
                        out.text("M"); out.padded(rep.manager + 1, width: 6); out.comma()
                        out.date(date); out.comma()
                        out.integer([30, 45, 60][random.integer(0...2)]); out.comma()
                        out.text(kind.rawValue); out.comma()
                        out.text(areas.joined(separator: ";")); out.comma()
                        if kind == .rideAlong || kind == .review {
                            let delay = -log(1 - random.uniform()) * model.feedbackDelayHours[rep.tier]
                            let tenths = Int((delay * 10).rounded())
                            out.tenths(tenths)
                            if tenths < 240 {
                                addLift(model.fastFeedbackLift, rep: r, after: t)
                                planted.add(-model.feedbackAfterMiss, rep: r, month: t - 1)
                            }
                        }
                        out.endRow()
                        if kind.isDevelopmental && areas.count <= 2 { addLift(model.focusedSessionLift, rep: r, after: t) }

                        guard kind != .problemSolving, random.uniform() < model.assignmentShare[rep.tier] else { continue }
                        assignmentCount += 1
                        let due = date + Int32(random.integer(7...21))
                        assignments.text("A"); assignments.padded(assignmentCount, width: 8); assignments.comma()
                        assignments.text("S"); assignments.padded(sessionCount, width: 8); assignments.comma()
                        assignments.text("R"); assignments.padded(r + 1, width: 7); assignments.comma()
                        assignments.date(date); assignments.comma()
                        assignments.date(due); assignments.comma()
                        let followsThrough = random.uniform() < rep.followThrough
                        if followsThrough {
                            let completed = date + Int32(random.integer(1...Int(due - date) + 7))
                            assignments.date(completed)
                            if completed <= due {
                                let (year, month, _) = CivilDate.components(completed)
                                let completedIn = (year - startYear) * 12 + month - startMonth
                                addLift(model.followThroughLift, rep: r, after: completedIn)
                            }
                        }
                        assignments.comma()
                        assignments.text(areas[0]); assignments.comma()
                        if random.uniform() < 0.5 {
                            assignments.text("calls"); assignments.comma()
                            assignments.integer(Int((rep.callRate * 1.1).rounded()))
                            if followsThrough { planted.raiseCalls(by: model.commitmentCallIncrease, rep: r, after: t) }
                        } else {
                            assignments.comma()
                        }
                        assignments.endRow()
                    }
                }
            }
        }
        summary.bytes += try assignments.commit()
        summary.sessions = sessionCount
        summary.assignments = assignmentCount
        return planted
    }

    private func sessionKind(tier: Int, _ random: inout RandomSource) -> CoachingSessions.Kind {
        if random.uniform() < model.fireFightingShare[tier] { return .problemSolving }
        let u = random.uniform()
        return u < 0.6 ? .coaching : u < 0.85 ? .rideAlong : .review
    }

    private func pickTier(_ random: inout RandomSource) -> Int {
        let u = random.uniform()
        return u < model.tierShare[0] ? 0 : u < model.tierShare[0] + model.tierShare[1] ? 1 : 2
    }

    private func monthOf(_ t: Int) -> (year: Int, month: Int) {
        let zeroBased = startMonth - 1 + t
        return (startYear + zeroBased / 12, zeroBased % 12 + 1)
    }

    /// Writes `name` through a temporary file renamed into place; returns the bytes written.
    private func writeFile(_ folder: String, _ name: String, _ body: (inout ByteWriter) -> Void) throws(GeneratorError) -> Int {
        var out = try ByteWriter(path: folder + "/" + name)
        body(&out)
        return try out.commit()
    }
}
