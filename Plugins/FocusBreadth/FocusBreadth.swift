import CoachLabPluginAPI
import CoachLabStatistics
import CoachLabKernels

/// Do reps improve more after sessions that work on one or two things than on many?
///
/// Unit: the developmental session with focus areas; reps are the units compared.
public struct FocusBreadth: TwoPassMetric {
    public init() {}

    /// Sessions on at most this many focus areas are *focused*; more are *broad*.
    static let focusedLimit = 2
    static let windowDays: Int32 = 30

    public let descriptor = PluginDescriptor(
        id: "focus-breadth",
        title: "Focus breadth",
        summary: "Measures how many skills sessions work on at once, and how attainment changes after focused and broad sessions.",
        description: """
            Focus areas are the distinct ;-separated skills of a session (one written twice counts once). Per tier and overall: focus \
            areas per session, the share of focused sessions (one or two areas), and the \
            distinct areas a rep worked on in the 30 days up to each session. For \
            developmental sessions (coaching, ride_along, review) with focus areas, the outcome \
            is the rep's mean attainment in the three months after the session's month minus \
            the three months before; each rep's outcomes are averaged per breadth (1-2 areas, \
            3 or more), and the breadths are compared over reps: t intervals, the difference with \
            a 95% interval clustered by the reps' managers, and Welch's test. \
            The answer comes from an event study: each rep-month's attainment on the number of \
            events of each group three months before to three after, with rep and calendar-month \
            effects and each rep's own trend, clustered by manager; a group's effect is the mean \
            of its three lags, and when its leads move the comparison is withheld. The \
            before/after changes are kept as descriptive values.
            """,
        requiredTables: [.managers, .reps, .performance, .coachingSessions],
        columns: [ColumnReference(.coachingSessions, "focus_areas")],
        options: [OptionKey.minimumManagers.declaration])

    public typealias State = Partial.TwoPassState<BreadthState, EventStudy.SecondPass>

    /// Every row of some reps in every table: a rep's sessions meet its months.
    public var parallelism: Partial.Parallelism { .wholeReps }

    /// The part's reps, the grid of its months and its reps' developmental sessions with
    /// focus areas, focused (group 0) or broad (group 1).
    private func events(_ context: Partial.Context) throws(PluginError) -> EventStudy.PartEvents {
        guard let sessions = context.dataset.coachingSessions else {
            throw PluginError(pluginID: descriptor.id, message: "needs coaching_sessions.csv")
        }
        var part = EventStudy.PartEvents(context, groups: 2)
        if let areas = sessions.encodedFocusAreas {
            for s in 0..<sessions.count where part.reps.contains(Int(sessions.reps[s])) && sessions.kinds[s].isDevelopmental {
                // Distinct areas: a skill written twice is still one change to work on.
                let count = areas.distinctAreaCount(of: s)
                guard count > 0 else { continue }
                part.add(group: count <= Self.focusedLimit ? 0 : 1, rep: Int(sessions.reps[s]), day: sessions.dates[s])
            }
        }
        return part
    }

    public func firstPass(_ context: Partial.Context) throws(PluginError) -> BreadthState {
        let dataset = context.dataset
        let part = try events(context)
        let (grid, reps) = (part.grid, part.reps)
        let sessions = dataset.coachingSessions!
        var state = BreadthState(study: part.firstPass)
        state.hasAreas = sessions.encodedFocusAreas != nil
        let areas = sessions.encodedFocusAreas
            ?? FocusAreas(names: [], starts: [Int32](repeating: 0, count: sessions.count + 1), codes: [])
        let managerTiers = dataset.managers.tiers
        var outcomes = EventOutcomes(groups: 2, reps: reps)
        let tierCount = CoachingTier.allCases.count
        // Which reps each tier's sessions name: a byte per rep and tier, not a hashed set.
        var repInTier = [UInt8](repeating: 0, count: tierCount * reps.count)
        let windows = Self.distinctAreasInWindows(sessions: sessions, areas: areas, reps: reps)
        for s in 0..<sessions.count where reps.contains(Int(sessions.reps[s])) {
            // Distinct areas: a skill written twice is still one change to work on.
            let count = areas.distinctAreaCount(of: s)
            guard count > 0 else {
                state.withoutAreas += 1
                continue
            }
            let tier = managerTiers[Int(sessions.managers[s])].rawValue
            state.sessionsWithAreas[tier] += 1
            repInTier[tier * reps.count + Int(sessions.reps[s]) - reps.lowerBound] = 1
            state.areaTotals[tier] += count
            state.windowTotals[tier] += windows[s]
            let focused = count <= Self.focusedLimit
            if focused { state.focusedSessions[tier] += 1 }
            if sessions.kinds[s].isDevelopmental {
                outcomes.add(group: focused ? 0 : 1, rep: Int(sessions.reps[s]), day: sessions.dates[s], grid: grid)
            }
        }
        state.repsInTier = (0..<tierCount).map { tier in
            repInTier[(tier * reps.count)..<((tier + 1) * reps.count)].reduce(0) { $0 + Int($1) }
        }
        state.developmental = outcomes.events
        state.withOutcome = outcomes.withOutcome
        state.repChanges = RepChanges(outcomes, groups: 2, repManagers: dataset.reps.managers)
        return state
    }

    public func secondPass(_ context: Partial.Context, given first: BreadthState) throws(PluginError) -> EventStudy.SecondPass {
        try events(context).secondPass(given: first.study)
    }

    public func finalize(
        _ state: BreadthState, _ scores: EventStudy.SecondPass, options: PluginOptions, threads: Int
    ) throws(PluginError) -> MetricResult {
        var notes: [String] = []
        if !state.hasAreas {
            notes.append("coaching_sessions.csv has no focus_areas column: there is nothing to measure.")
        }
        let (sessionsWithAreas, areaTotals, focusedSessions, windowTotals) = (state.sessionsWithAreas, state.areaTotals, state.focusedSessions, state.windowTotals)
        let (repsInTier, withoutAreas) = (state.repsInTier, state.withoutAreas)
        let repMeans = [state.repChanges.means(group: 0), state.repChanges.means(group: 1)]
        let repManagers = state.repChanges.repManagers
        let minimumManagers = options.minimumManagers
        var tierTable = ResultTable(name: "by_tier", isComparison: true, columns: [
            .coachingTier,
            ResultColumn("reps", label: "Reps", .count(of: .reps)),
            ResultColumn("sessions", label: "Sessions with focus areas", .count(of: .sessions)),
            ResultColumn("areas_per_session", label: "Areas per session", .quantity),
            ResultColumn("share_focused", label: "Focused (1-2 areas)", .proportion),
            ResultColumn("areas_per_30_days", label: "Areas in 30 days", .quantity),
        ])
        for tier in CoachingTier.reportOrder {
            let n = sessionsWithAreas[tier.rawValue]
            tierTable.rows.append([
                .text(tier.id), .integer(repsInTier[tier.rawValue]), .integer(n),
                .number(n > 0 ? Double(areaTotals[tier.rawValue]) / Double(n) : nil),
                .number(n > 0 ? Double(focusedSessions[tier.rawValue]) / Double(n) : nil),
                .number(n > 0 ? Double(windowTotals[tier.rawValue]) / Double(n) : nil),
            ])
        }

        var breadthTable = ResultTable(name: "by_breadth", columns: [
            ResultColumn("breadth", label: "Focus areas", .label),
            ResultColumn("sessions", label: "Developmental sessions", .count(of: .sessions)),
            ResultColumn("reps", label: "Reps", .count(of: .reps)),
            ResultColumn("mean_change", label: "Change in attainment", .proportionDifference),
            ResultColumn("ci_low", label: "95% CI low", .proportionDifference),
            ResultColumn("ci_high", label: "95% CI high", .proportionDifference),
            ResultColumn("t_ci_low", label: "t CI, reps independent low", .proportionDifference),
            ResultColumn("t_ci_high", label: "t CI, reps independent high", .proportionDifference),
        ])
        var samples: [SampleSummary] = []
        for (group, label) in ["1-2", "3+"].enumerated() {
            let sample = SampleSummary(repMeans[group].means)
            samples.append(sample)
            let independent = MeanInterval.interval(sample)
            let mean = ManagerClusteredMean(
                repMeans[group].means, reps: repMeans[group].reps, repManagers: repManagers,
                name: "sessions on \(label) focus areas", minimumManagers: minimumManagers)
            let clustered = mean.interval
            if let note = mean.note { notes.append(note) }
            breadthTable.rows.append([
                .text(label), .integer(state.developmental[group]), .integer(sample.count),
                .number(sample.meanIfAny), .number(clustered?.low), .number(clustered?.high),
                .number(independent?.low), .number(independent?.high),
            ])
        }
        let design = EventComparison(
            EventStudy(state.study, scores),
            a: .init(index: 0, id: "focused", name: "focused sessions (one or two areas)"),
            b: .init(index: 1, id: "broad", name: "broad sessions (three or more)"),
            groupIDs: ["focused", "broad"], groupLabels: ["Focused (1 or 2 areas)", "Broad (3 or more)"], events: "developmental sessions of each breadth",
            minimumManagers: minimumManagers)
        let welch = WelchTest.test(samples[0], samples[1])
        let clustered = ManagerClusteredComparison(
            a: repMeans[0].means, repsOfA: repMeans[0].reps,
            b: repMeans[1].means, repsOfB: repMeans[1].reps,
            repManagers: repManagers, names: ("focused", "broad sessions"),
            minimumManagers: minimumManagers)
        if welch == nil {
            notes.append("Welch's test needs at least two reps with outcomes after focused and after broad sessions, and some variation; it is null.")
        }
        if withoutAreas > 0 { notes.append("\(withoutAreas) session(s) name no focus area and are left out.") }
        let developmental = state.developmental.reduce(0, +)
        if developmental > state.withOutcome {
            notes.append("\(developmental - state.withOutcome) developmental session(s) lack attainment in the three months before or after and have no outcome.")
        }
        notes.append("Each rep's mean outcome per breadth is the unit: a rep's sessions have overlapping windows.")
        notes.append("Reps of one manager share a coach, and a rep may appear under both breadths: Welch's test treats every rep mean as independent, so its p-value is approximate and, where a manager's reps move together, too small; the interval clustered by each rep's manager (reps.csv) allows for both.")
        if let note = clustered.note { notes.append(note) }
        notes += design.notes
        notes.append("The before/after changes (by_breadth, change_*, difference and its intervals) compare each rep's three months after a session with the three before: they do not net out the rep's own trend or sessions that follow bad months, so they are descriptive and their p-values stay outside the run's family of tests; the event study does both.")
        notes.append("Broad sessions may be held with reps who struggle on many fronts: an association, not proof that focus causes improvement.")

        let total = sessionsWithAreas.reduce(0, +)
        let focused = samples[0].meanIfAny, broad = samples[1].meanIfAny
        let summary: [ResultField] = [
            ResultField("sessions_with_areas", .integer(total), .count(of: .sessions)),
            ResultField("sessions_without_areas", .integer(withoutAreas), .count(of: .sessions)),
            ResultField("areas_per_session", .number(total > 0 ? Double(areaTotals.reduce(0, +)) / Double(total) : nil), .quantity),
            ResultField("share_focused", .number(total > 0 ? Double(focusedSessions.reduce(0, +)) / Double(total) : nil), .proportion),
            ResultField("areas_per_30_days", .number(total > 0 ? Double(windowTotals.reduce(0, +)) / Double(total) : nil), .quantity),
            ResultField("change_focused", .number(focused), .proportionDifference),
            ResultField("change_broad", .number(broad), .proportionDifference),
            ResultField("difference", .number(focused.flatMap { a in broad.map { a - $0 } }), .proportionDifference),
        ] + clustered.summaryFields(.proportionDifference).map(\.outsideFamily) + design.summaryFields + [
            ResultField("welch_t", .number(welch?.t), .statistic),
            ResultField("welch_df", .number(welch?.degreesOfFreedom), .degreesOfFreedom),
            ResultField("p_value", .number(welch?.pValue), .pValueOutsideFamily),
        ]
        var findings: [Finding] = []
        if total > 0 {
            findings.append(Finding("Sessions work on {areas} focus areas on average; {focused} keep to one or two.", [
                "areas": .value(Double(areaTotals.reduce(0, +)) / Double(total), .quantity),
                "focused": .value(Double(focusedSessions.reduce(0, +)) / Double(total), .proportion),
            ]))
        }
        if let finding = design.finding { findings.append(finding) }
        if findings.isEmpty { findings.append(Finding("No session names a focus area.")) }
        return MetricResult(pluginID: descriptor.id, title: descriptor.title, findings: findings,
                            summary: summary, tables: [breadthTable, design.table, tierTable], notes: notes)
    }

    /// For each session of the reps `reps`, the distinct focus areas of its rep's sessions in
    /// the 30 days up to and including its date (0 for other reps' sessions). The areas come as codes: a session's are a bit mask while
    /// there are at most 64 areas in all (else a set of codes).
    static func distinctAreasInWindows(sessions: CoachingSessions, areas: FocusAreas, reps: Range<Int>) -> [Int] {
        let useMasks = areas.names.count <= 64
        let masks = useMasks ? (0..<areas.count).map { areas.codes(of: $0).reduce(UInt64(0)) { $0 | (1 << UInt64($1)) } } : []
        var byRep = [[Int]](repeating: [], count: reps.count)
        // A session without a date (required in files, possible in a dataset built in code)
        // has no window.
        for s in 0..<sessions.count where sessions.dates[s] != CivilDate.missing && reps.contains(Int(sessions.reps[s])) {
            byRep[Int(sessions.reps[s]) - reps.lowerBound].append(s)
        }
        var result = [Int](repeating: 0, count: sessions.count)
        for rows in byRep where !rows.isEmpty {
            let ordered = rows.sorted { (sessions.dates[$0], $0) < (sessions.dates[$1], $1) }
            for (index, s) in ordered.enumerated() {
                // Sessions from 29 days before through the same day, this one included: the
                // union of their areas, as a mask without gathering them (one session in
                // millions would otherwise allocate a window), or as a set past 64 areas.
                var mask: UInt64 = 0
                var set = Set<Int32>()
                var back = index
                while back >= 0 && sessions.dates[s] - sessions.dates[ordered[back]] < windowDays {
                    if useMasks { mask |= masks[ordered[back]] } else { set.formUnion(areas.codes(of: ordered[back])) }
                    back -= 1
                }
                var ahead = index + 1
                while ahead < ordered.count && sessions.dates[ordered[ahead]] == sessions.dates[s] {
                    if useMasks { mask |= masks[ordered[ahead]] } else { set.formUnion(areas.codes(of: ordered[ahead])) }
                    ahead += 1
                }
                result[s] = useMasks ? mask.nonzeroBitCount : set.count
            }
        }
        return result
    }
}
