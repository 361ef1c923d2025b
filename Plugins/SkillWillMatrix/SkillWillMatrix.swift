import CoachLabPluginAPI
import CoachLabStatistics
import CoachLabKernels

/// Will or skill? For reps who committed to a change, did they make it, and did it pay off?
///
/// Unit: the rep; commitments are assignments with `target_metric` and `target_value`.
public struct SkillWillMatrix: DecomposableMetric {
    public init() {}

    /// Months after a commitment's month in which the committed metric is judged.
    static let window = 3

    public let descriptor = PluginDescriptor(
        id: "skill-will-matrix",
        title: "Skill vs will",
        summary: "Places every rep by whether they follow through on commitments and whether their attainment improves.",
        description: """
            A commitment is an assignment with a target_metric naming a performance.csv column \
            and a target_value. It is met when the rep's mean of that column over its rows in \
            the three months after the assignment's month reaches the target; it cannot be \
            judged without such rows. A rep follows through when it met at least half of its \
            judged commitments. Its outcome is the mean, over its judged commitments, of its \
            attainment in the three months after minus the three months before. Quadrants: \
            followed through and improving (outcome > 0), followed through and not improving \
            (a skill gap), not following through (a will problem), no commitment on record; \
            reps whose commitments cannot be judged are counted apart. A rep gets a quadrant \
            only when it is reliable: its share met and its change are shrunk toward its \
            coaching tier's mean (empirical Bayes), and it must lie on its side of each \
            dividing line with posterior probability at least the option reliability (0.8); \
            otherwise it is uncertain. A split-half check (odd against even commitments by \
            date) says how often the unshrunk rule agrees with itself. Followers and \
            non-followers are compared over reps: the difference with a 95% interval clustered \
            by the reps' managers, and with a Welch interval and test.
            """,
        requiredTables: [.managers, .reps, .performance, .assignments],
        columns: [
            ColumnReference(.assignments, "target_metric"), ColumnReference(.assignments, "target_value"),
            ColumnReference(.performance, "calls"), ColumnReference(.performance, "meetings"),
            ColumnReference(.performance, "opportunities_created"), ColumnReference(.performance, "pipeline_value"),
        ],
        options: [OptionKey.minimumManagers.declaration, Self.reliability.declaration])

    /// `reliability`: the posterior probability a quadrant needs on each side of its lines.
    static let reliability = OptionKey.number(
        "reliability", summary: "posterior probability a rep needs on each side of a dividing line to get a quadrant",
        in: 0.5...1, default: 0.8)

    /// A rep's assignments are joined to its months: a part is every row of some reps.
    public var parallelism: Partial.Parallelism { .wholeReps }

    public func partial(_ context: Partial.Context) throws(PluginError) -> CommitmentState {
        let dataset = context.dataset
        guard let assignments = dataset.assignments else {
            throw PluginError(pluginID: descriptor.id, message: "needs assignments.csv")
        }
        let reps = context.reps ?? 0..<dataset.reps.count
        let grid = RepMonthGrid(dataset.performance, reps: dataset.reps.count, covering: reps)
        let (commitments, missingMetric) = Self.judgedCommitments(dataset, assignments, grid: grid, reps: reps)
        var state = CommitmentState(
            repIDs: dataset.reps.ids, repManagers: dataset.reps.managers, managerIDs: dataset.managers.ids,
            managerTiers: dataset.managers.tiers)
        state.missingMetric = missingMetric
        (state.monthSquares, state.monthDegrees) = ChangeNoise.monthSquares(grid, reps: reps)
        let weights = ChangeNoise.weightSquares(commitments, grid: grid)
        var byRep: [Int: RepCommitments] = [:]
        for commitment in commitments { byRep[commitment.rep, default: RepCommitments()].add(commitment) }
        var halves: [Int: (odd: Quadrant, even: Quadrant)] = [:]
        for label in SplitHalfCheck.labels(commitments) { halves[label.rep] = (label.odd, label.even) }
        for (rep, record) in byRep {
            state.records[rep] = CommitmentState.RepRecord(commitments: record, changeWeightSquares: weights[rep], halves: halves[rep])
        }
        return state
    }

    /// Each commitment of the reps `reps`, judged on the grid, and how many name a column
    /// performance.csv does not have.
    static func judgedCommitments(
        _ dataset: Dataset, _ assignments: Assignments, grid: RepMonthGrid, reps: Range<Int>
    ) -> (commitments: [JudgedCommitment], missingMetric: Int) {
        let performance = dataset.performance
        // Each metric's value per rep-month, on the grid.
        var metricGrids: [String: [Double]] = [:]
        var missingMetric = 0
        var commitments: [JudgedCommitment] = []
        let targets = assignments.targetMetrics ?? []
        let values = assignments.targetValues ?? []
        for row in 0..<assignments.count where row < targets.count && reps.contains(Int(assignments.reps[row])) {
            guard let metric = targets[row], !values[row].isNaN else { continue }
            guard let column = metricGrids[metric] ?? Self.metricGrid(performance, metric, grid: grid) else {
                missingMetric += 1
                continue
            }
            metricGrids[metric] = column
            let rep = Int(assignments.reps[row])
            let (year, month, _) = CivilDate.components(assignments.assignedOn[row])
            let at = Int(MonthIndex.make(year: year, month: month) - grid.firstMonth)
            var commitment = JudgedCommitment(rep: rep, day: assignments.assignedOn[row], month: at, judged: false, met: false)
            defer { commitments.append(commitment) }
            var sum = 0.0, count = 0
            for later in (at + 1)...(at + Self.window) where later >= 0 && later < grid.months {
                let value = column[grid.cell(rep: rep, column: later)]
                if !value.isNaN {
                    sum += value
                    count += 1
                }
            }
            guard count > 0 else { continue }
            commitment.judged = true
            commitment.met = sum / Double(count) >= values[row]
            if let before = grid.meanAttainment(rep: rep, columns: (at - Self.window)...(at - 1)),
               let after = grid.meanAttainment(rep: rep, columns: (at + 1)...(at + Self.window)) {
                commitment.outcome = after.mean - before.mean
            }
        }
        return (commitments, missingMetric)
    }

    public func finalize(_ state: CommitmentState, options: PluginOptions) throws(PluginError) -> MetricResult {
        let reliability = options[Self.reliability]
        let byRep = state.commitments
        let missingMetric = state.missingMetric
        let repCount = state.repIDs.count
        let tiers = state.repManagers.map { state.managerTiers[Int($0)] }
        let placement = ShrunkPlacement(
            records: byRep, changeWeightSquares: state.records.map { $0?.changeWeightSquares },
            monthVariance: state.monthVariance, tiers: tiers, reliability: reliability)
        let quadrants = placement.reps.map(\.quadrant)
        let splitHalf = SplitHalfCheck(labels: state.records.indices.compactMap { rep in
            state.records[rep]?.halves.map { (rep, $0.odd, $0.even) }
        })

        var followers: [Double] = [], others: [Double] = []
        var repsOfFollowers: [Int] = [], repsOfOthers: [Int] = []
        for rep in 0..<repCount {
            let record = byRep[rep]
            guard record.judged > 0, let outcome = record.outcome else { continue }
            if record.followsThrough {
                followers.append(outcome)
                repsOfFollowers.append(rep)
            } else {
                others.append(outcome)
                repsOfOthers.append(rep)
            }
        }

        var repTable = ResultTable(name: "by_rep", grain: .rep, columns: [
            ResultColumn("rep_id", label: "Rep", .label),
            ResultColumn("manager_id", label: "Manager", .label),
            ResultColumn("commitments", label: "Commitments", .count(of: .assignments)),
            ResultColumn("judged", label: "Judged", .count(of: .assignments)),
            ResultColumn("met", label: "Met", .count(of: .assignments)),
            ResultColumn("share_met", label: "Share met", .proportion),
            ResultColumn("attainment_change", label: "Change in attainment", .proportionDifference),
            ResultColumn("quadrant", label: "Quadrant", .label, valueLabels: Quadrant.labels),
            ResultColumn("share_met_shrunk", label: "Share met, shrunk", .proportion),
            ResultColumn("share_met_own_weight", label: "Own weight", .proportion),
            ResultColumn("probability_follows", label: "P(follows through)", .proportion),
            ResultColumn("attainment_change_shrunk", label: "Change, shrunk", .proportionDifference),
            ResultColumn("attainment_change_own_weight", label: "Own weight", .proportion),
            ResultColumn("probability_improving", label: "P(improving)", .proportion),
            ResultColumn("raw_quadrant", label: "Quadrant unshrunk", .label, valueLabels: Quadrant.labels),
        ])
        for rep in 0..<repCount {
            let record = byRep[rep]
            let placed = placement.reps[rep]
            repTable.rows.append([
                .text(state.repIDs[rep]), .text(state.managerIDs[Int(state.repManagers[rep])]),
                .integer(record.commitments), .integer(record.judged), .integer(record.met),
                .number(record.shareMet), .number(record.outcome), .text(quadrants[rep].id),
                .number(placed.shareMet), .number(placed.shareMetWeight), .number(placed.probabilityFollows),
                .number(placed.change), .number(placed.changeWeight), .number(placed.probabilityImproving),
                .text(record.rawQuadrant.id),
            ])
        }
        var managerTable = ResultTable(name: "by_manager", columns: [
            ResultColumn("manager_id", label: "Manager", .label), .coachingTier,
            ResultColumn("reps", label: "Reps", .count(of: .reps)),
        ] + Quadrant.allCases.map { ResultColumn($0.id, label: $0.heading, .count(of: .repsInGroup)) })
        var perManager = [[Int]](repeating: [Int](repeating: 0, count: Quadrant.allCases.count), count: state.managerIDs.count)
        for rep in 0..<repCount { perManager[Int(state.repManagers[rep])][quadrants[rep].rawValue] += 1 }
        for m in state.managerIDs.indices where perManager[m].reduce(0, +) > 0 {
            managerTable.rows.append([.text(state.managerIDs[m]), .text(state.managerTiers[m].id), .integer(perManager[m].reduce(0, +))]
                + perManager[m].map { .integer($0) })
        }
        var quadrantTable = ResultTable(name: "by_quadrant", columns: [
            ResultColumn("quadrant", label: "Quadrant", .label, valueLabels: Quadrant.labels),
            ResultColumn("description", label: "Meaning", .label),
            ResultColumn("reps", label: "Reps", .count(of: .reps)),
            ResultColumn("share", label: "Share of reps", .proportion),
        ])
        let totals = Quadrant.allCases.map { q in quadrants.filter { $0 == q }.count }
        for q in Quadrant.allCases {
            quadrantTable.rows.append([.text(q.id), .text(q.label), .integer(totals[q.rawValue]),
                                       .number(quadrants.isEmpty ? nil : Double(totals[q.rawValue]) / Double(quadrants.count))])
        }
        var tierTable = ResultTable(name: "shrinkage_by_tier", columns: [
            .coachingTier,
            ResultColumn("reps", label: "Reps judged", .count(of: .reps)),
            ResultColumn("share_met_mean", label: "Share met (tier mean)", .proportion),
            ResultColumn("share_met_between_sd", label: "SD between reps", .proportionDifference),
            ResultColumn("reps_with_change", label: "Reps with a change", .count(of: .repsInGroup)),
            ResultColumn("attainment_change_mean", label: "Change (tier mean)", .proportionDifference),
            ResultColumn("attainment_change_between_sd", label: "SD between reps", .proportionDifference),
        ])
        for tier in CoachingTier.reportOrder {
            let follow = placement.followThrough[tier.rawValue], change = placement.change[tier.rawValue]
            tierTable.rows.append([
                .text(tier.id), .integer(placement.repsJudged[tier.rawValue]),
                .number(follow?.mean), .number(follow.map { $0.betweenVariance.squareRoot() }),
                .integer(placement.repsWithChange[tier.rawValue]),
                .number(change?.mean), .number(change.map { $0.betweenVariance.squareRoot() }),
            ])
        }

        var notes: [String] = []
        let a = SampleSummary(followers), b = SampleSummary(others)
        let welch = WelchTest.test(a, b)
        let interval = WelchTest.differenceInterval(a, b)
        let clustered = ManagerClusteredComparison(
            a: followers, repsOfA: repsOfFollowers, b: others, repsOfB: repsOfOthers, repManagers: state.repManagers,
            names: ("followers", "non-followers"), minimumManagers: options.minimumManagers)
        if welch == nil {
            notes.append("Comparing followers and non-followers needs two reps with an outcome in each, and some variation; it is null.")
        }
        if missingMetric > 0 { notes.append("\(missingMetric) commitment(s) name a column performance.csv does not have and are left out.") }
        notes.append("A commitment is judged on the mean of its metric over the three months after it was set; commitments without such months cannot be judged yet.")
        notes.append("Improving means attainment rose from the three months before a commitment to the three after; one noisy quarter can place a rep in the wrong quadrant, so read a rep's row with its manager.")
        notes.append("A quadrant is given only where it is reliable: each rep's share met and change in attainment are shrunk toward its coaching tier's mean (empirical Bayes, a normal–normal model with the variance between reps by the method of moments), and the rep is placed only when the posterior puts it on its side of each dividing line (half of commitments met; no change) with at least the probability `reliability` (--option reliability, default 0.8); otherwise it is uncertain. by_rep keeps the unshrunk values and their quadrant (raw_quadrant).")
        notes.append("A change's sampling variance counts the months that commitments close in time share, but takes months as independent around the rep's trend; a share met's is binomial, taking commitments as independent, though those close in time are judged on shared months. Both, and each tier's variance between reps, are treated as known, and a share met as normal: the probabilities are somewhat too confident where commitments cluster in time.")
        if splitHalf.agreement != nil {
            notes.append("Split-half check: each rep's commitments are split into odd- and even-numbered by date and each half labelled by the unshrunk rule; split_half_agreement is the share of reps whose two labels agree, split_half_kappa Cohen's kappa (0 is chance, 1 perfect). A half has about half the commitments, so a whole record's label is somewhat more stable than that, but it is still the unshrunk rule a manager would act on.")
        } else {
            notes.append("Split-half check: no rep has commitments enough for both halves to be labelled; split_half_* are null.")
        }
        if placement.monthVariance == nil {
            notes.append("No rep has three months of attainment, so the noise of a month's attainment is unknown: changes are not shrunk, their probability is null and followers are uncertain.")
        }
        for tier in CoachingTier.reportOrder where placement.repsJudged[tier.rawValue] > 0 && placement.followThrough[tier.rawValue] == nil {
            notes.append("The \(tier.id) tier has one rep with judged commitments: the variance between its reps cannot be estimated, so it is not shrunk and is uncertain.")
        }
        for tier in CoachingTier.reportOrder {
            let flat = [("share met", placement.followThrough[tier.rawValue]), ("change in attainment", placement.change[tier.rawValue])]
                .filter { $0.1?.betweenVariance == 0 }.map(\.0)
            guard !flat.isEmpty else { continue }
            notes.append("In the \(tier.id) tier reps do not differ measurably in \(flat.joined(separator: " or ")) (the variance between them is 0 by the method of moments): a rep would be placed there by the tier's mean alone, so such reps are left uncertain rather than given a label that says nothing about them beyond their tier.")
        }
        if let note = clustered.note { notes.append(note) }

        let commitmentCount = byRep.reduce(0) { $0 + $1.commitments }
        let judged = byRep.reduce(0) { $0 + $1.judged }
        let met = byRep.reduce(0) { $0 + $1.met }
        let repsJudged = byRep.filter { $0.judged > 0 }.count
        let uncertain = totals[Quadrant.uncertain.rawValue]
        let placedByTier = placement.reps.filter(\.placedByTierAlone).count
        let difference = a.meanIfAny.flatMap { x in b.meanIfAny.map { x - $0 } }
        var summary: [ResultField] = [
            ResultField("reps", .integer(repCount), .count(of: .reps)),
        ]
        summary += Quadrant.allCases.map { ResultField($0.id, .integer(totals[$0.rawValue]), .count(of: .repsInGroup)) }
        summary += [
            ResultField("commitments", .integer(commitmentCount), .count(of: .assignments)),
            ResultField("commitments_judged", .integer(judged), .count(of: .assignments)),
            ResultField("commitments_met", .integer(met), .count(of: .assignments)),
            ResultField("share_met", .number(judged > 0 ? Double(met) / Double(judged) : nil), .proportion),
            ResultField("commitments_unknown_metric", .integer(missingMetric), .count(of: .assignments)),
            ResultField("change_followers", .number(a.meanIfAny), .proportionDifference),
            ResultField("change_non_followers", .number(b.meanIfAny), .proportionDifference),
            ResultField("difference", .number(difference), .proportionDifference),
            ResultField("difference_ci_low", .number(interval?.low), .proportionDifference),
            ResultField("difference_ci_high", .number(interval?.high), .proportionDifference),
        ]
        summary += clustered.summaryFields(.proportionDifference)
        summary += [
            ResultField("p_value", .number(welch?.pValue), .pValueOutsideFamily),
            ResultField("reliability", .number(reliability), .proportion),
            ResultField("reps_judged", .integer(repsJudged), .count(of: .repsInGroup)),
            ResultField("reps_placed_by_tier", .integer(placedByTier), .count(of: .repsInGroup)),
            ResultField("share_uncertain", .number(repsJudged > 0 ? Double(uncertain) / Double(repsJudged) : nil), .proportion),
            ResultField("attainment_month_sd", .number(placement.monthVariance?.squareRoot()), .proportionDifference),
            ResultField("split_half_reps", .integer(splitHalf.reps.count), .count(of: .reps)),
            ResultField("split_half_agreement", .number(splitHalf.agreement?.agreement), .proportion),
            ResultField("split_half_chance_agreement", .number(splitHalf.agreement?.chanceAgreement), .proportion),
            ResultField("split_half_kappa", .number(splitHalf.agreement?.kappa), .statistic),
        ]
        var findings = [Finding(
            "Of {reps} reps, {onTrack} follow through and improve, {skill} follow through without improving (a skill gap: coach with patience), {will} do not follow through (a will problem), and {none} have no commitment on record; {uncertain} of the {judged} with judged commitments are uncertain: too little data to say, with probability {reliability} or more after shrinking their record toward their coaching tier's, on which side of half met or of no change they stand." + (placedByTier > 0
                ? " {byTier} of the uncertain reps would have been placed by their tier's mean alone (their tier's reps do not differ measurably on that line), so no label is given that would say nothing about the rep beyond its tier." : ""),
            ["byTier": .count(placedByTier), "reps": .count(repCount), "onTrack": .count(totals[0]), "skill": .count(totals[1]),
             "will": .count(totals[2]), "none": .count(totals[3]), "uncertain": .count(uncertain),
             "judged": .count(repsJudged), "reliability": .value(reliability, .proportion)])]
        if let check = splitHalf.agreement {
            var values: [String: Finding.Value] = [
                "agreement": .value(check.agreement, .proportion), "pairs": .count(check.count),
                "chance": .value(check.chanceAgreement, .proportion)]
            if let kappa = check.kappa {
                values["kappa"] = .value(kappa, .statistic)
                let verdict = kappa <= 0.4
                    ? "labels from a rep's own record are mostly noise and tell reps apart little better than chance, so act on a rep's quadrant only where it is not uncertain"
                    : kappa <= 0.6 ? "labels from a rep's own record are only moderately reliable, so prefer the reps that are not uncertain"
                    : "labels from a rep's own record are fairly stable"
                findings.append(Finding(
                    "Labelling each rep once from its odd-numbered and once from its even-numbered commitments gives the same quadrant for {agreement} of {pairs} reps, against {chance} by chance (Cohen's kappa {kappa}, \(CohensKappa.strength(kappa)) agreement): \(verdict).",
                    values))
            } else {
                findings.append(Finding(
                    "Labelling each rep once from its odd-numbered and once from its even-numbered commitments gives the same quadrant for {agreement} of {pairs} reps, but every half has one label, so agreement beyond chance cannot be judged.",
                    values))
            }
        }
        if let difference {
            var values: [String: Finding.Value] = [
                "a": .signed(a.mean, .proportionDifference), "b": .signed(b.mean, .proportionDifference)]
            let clause = clustered.differenceClause(difference, .proportionDifference, values: &values)
            findings.append(Finding(
                "Reps who follow through change attainment by {a} around their commitments vs {b} for those who do not" + clause + ".",
                values))
        }
        return MetricResult(pluginID: descriptor.id, title: descriptor.title, findings: findings, summary: summary,
                            tables: [quadrantTable, managerTable, repTable, tierTable], notes: notes)
    }

    /// The metric's value per rep-month on `grid` (NaN where none), or nil when it is not loaded.
    static func metricGrid(_ performance: Performance, _ metric: String, grid: RepMonthGrid) -> [Double]? {
        guard let column = performance.metric(named: metric) else { return nil }
        var values = [Double](repeating: .nan, count: grid.cellCount)
        for row in 0..<performance.count where grid.covered.contains(Int(performance.reps[row])) {
            guard let month = grid.column(of: performance.periods[row]) else { continue }
            values[grid.cell(rep: Int(performance.reps[row]), column: month)] = column[row]
        }
        return values
    }
}
