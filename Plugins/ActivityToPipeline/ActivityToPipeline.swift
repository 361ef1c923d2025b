import CoachLabPluginAPI
import CoachLabStatistics
import CoachLabKernels

/// How does activity turn into pipeline and bookings, and what would more of it bring?
///
/// Unit: the rep-month; managers are the clusters. The funnel calls → meetings →
/// opportunities → pipeline → attainment is fitted link by link (``Funnel``) and a change
/// in activity is carried down it; beside it, the older models of each outcome on calls and
/// meetings together (meetings held fixed) stay under their keys.
public struct ActivityToPipeline: TwoPassMetric {
    public typealias State = Partial.TwoPassState<FunnelState, CurveRepsState>

    public init() {}

    /// The outcomes of the models on calls and meetings together, as performance.csv names
    /// them (attainment is bookings / quota): stages 2, 3 and 4 of ``Funnel/stages``.
    static let outcomes = ["opportunities_created", "pipeline_value", "attainment"]

    public let descriptor = PluginDescriptor(
        id: "activity-to-pipeline",
        title: "Activity to pipeline",
        summary: "Estimates each link of the funnel calls → meetings → opportunities → pipeline → attainment and carries a change in activity down it.",
        description: """
            Each link of the funnel (meetings on calls, opportunities on meetings, pipeline on \
            opportunities, attainment on pipeline) is the log-log regression \
            log(stage) ~ 1 + log(previous stage) over rep-months where both are above zero: \
            its elasticity, with a 95% interval and p-value robust to clustering by manager \
            (CR2 covariance, t with Bell–McCaffrey degrees of freedom). The links are fitted \
            as one system so that their covariance is known. The scenario option (for example \
            calls=+10%) carries the change down the funnel, each stage changing by the \
            product of the elasticities above it, with a delta-method interval on the log \
            scale: a projection from associations, causal only if nothing unmeasured drives \
            both sides of a link, the links hold under intervention and no stage drives an \
            earlier one within the month. The models of each outcome on calls and meetings \
            together (meetings held fixed) and the activity curve (mean outcomes per group of \
            calls values, each near a tenth of the rep-months, equal calls in one group) stay \
            beside it.
            """,
        requiredTables: [.managers, .reps, .performance],
        columns: [
            ColumnReference(.performance, "calls"), ColumnReference(.performance, "meetings"),
            ColumnReference(.performance, "opportunities_created"), ColumnReference(.performance, "pipeline_value"),
        ],
        options: [scenario.declaration, OptionKey.minimumManagers.declaration])

    /// `scenario`: the change in activity carried down the funnel.
    static let scenario = OptionKey.text(
        "scenario", summary: "activity change to project, e.g. calls=+100% or calls=+50%,meetings=+20%", default: "calls=+10%")

    /// The result from both passes over all rows: the models fitted from their merged
    /// moments, the curve from the merged histogram and each group's reps.
    public func finalize(
        _ first: FunnelState, _ second: CurveRepsState, options: PluginOptions, threads: Int
    ) throws(PluginError) -> MetricResult {
        let scenario = try self.scenario(options)
        guard first.hasActivity else {
            return MetricResult(pluginID: descriptor.id, title: descriptor.title,
                                findings: [Finding("Activity cannot be related to outcomes: performance.csv has no calls or meetings.")],
                                summary: [ResultField("rows", .integer(0), .count(of: .repMonths))], tables: [],
                                notes: ["performance.csv lacks the calls or meetings column: there is nothing to model."])
        }
        // Seven models at once: the funnel's four links, then each outcome on calls and
        // meetings together, each fitted from its merged moments.
        let models = Kernels.map(Self.specifications.count, threads: threads) { m -> LogLogModel? in
            first.models[m].flatMap { LogLogModel($0, reps: first.reps(inModel: m)) }
        }
        let minimumManagers = options.minimumManagers
        let funnel = Funnel(links: Array(models[0..<4]), minimumManagers: minimumManagers)
        let heldFixed = Array(models[4...])

        var notes: [String] = []
        var summary: [ResultField] = [
            ResultField("rows", .integer(first.rows), .count(of: .repMonths)),
            ResultField("scenario", .text(scenario.description), .label),
            ResultField("scenario_calls_change", .number(scenario.changes["calls"] ?? 0), .relativeChange),
            ResultField("scenario_meetings_change", .number(scenario.changes["meetings"] ?? 0), .relativeChange),
        ]
        let funnelTable = Self.funnelTable(funnel, summary: &summary, notes: &notes)
        let (scenarioTable, projections) = Self.scenarioTable(funnel, scenario, summary: &summary, notes: &notes)
        let elasticityTable = Self.heldFixedTable(heldFixed, minimumManagers: minimumManagers, summary: &summary, notes: &notes)
        summary.append(ResultField("managers", .integer(funnel.managers), .count(of: .managers)))
        summary.append(ResultField("min_managers", .integer(minimumManagers), .count(of: .threshold)))
        let curve = Self.activityCurve(first.histogram, repsPerGroup: second.repsPerGroup)

        notes.append("Rep-months with a zero (or a missing value) on either side of a link cannot enter its log-log model and are left out of it (rep-months per link in the funnel table).")
        notes.append("The scenario carries a change down the funnel link by link. That is what the change would bring only if nothing unmeasured moves both sides of any link (a rep's skill or territory, a manager's pressure), each link's elasticity holds when activity is pushed (more calls convert into meetings as calls do now), and within a month no later stage drives an earlier one (opportunities that prompt meetings). Otherwise it is a projection from associations, not the effect of an intervention.")
        notes.append("Each link is within the month: pipeline that closes in later months does not reach this month's attainment, so the attainment link says nothing about later bookings.")
        notes.append("The elasticities table (elasticity_<outcome>_<activity>) models each outcome on calls and meetings together: calls' elasticity there is calls' association with the outcome at a given number of meetings, not what more calls bring through meetings. The funnel assumes it is 0 for opportunities (calls reach opportunities only through meetings).")
        if let low = summary.number("elasticity_opportunities_calls_ci_low"), let high = summary.number("elasticity_opportunities_calls_ci_high"),
           low > 0 || high < 0 {
            notes.append("At a given number of meetings, calls still go with opportunities (elasticity_opportunities_calls's interval excludes 0): the data do not bear out the funnel's assumption that calls reach opportunities only through meetings.")
        }

        return MetricResult(pluginID: descriptor.id, title: descriptor.title,
                            findings: Self.findings(scenario, projections), summary: summary,
                            tables: [funnelTable, scenarioTable, elasticityTable, curve], notes: notes)
    }

    /// A projected stage: its relative change and interval, as the summary holds them.
    struct Projection {
        var stage: Int
        var change: Double
        var interval: (low: Double, high: Double)?
        /// The Bell–McCaffrey degrees of freedom of the interval; nil for a change the
        /// scenario names or no change.
        var degreesOfFreedom: Double?
    }

    /// The funnel table and each link's summary fields (`link_<stage>_<previous>`, its
    /// interval and p-value; `total_elasticity_<stage>_calls` and its interval).
    static func funnelTable(_ funnel: Funnel, summary: inout [ResultField], notes: inout [String]) -> ResultTable {
        var table = ResultTable(name: "funnel", columns: [
            ResultColumn("stage", label: "Stage", .label, valueLabels: Funnel.labels),
            ResultColumn("input", label: "From", .label, valueLabels: Funnel.labels),
            ResultColumn("elasticity", label: "Elasticity", .statistic),
            ResultColumn("ci_low", label: "95% CI low", .statistic),
            ResultColumn("ci_high", label: "95% CI high", .statistic),
            ResultColumn("p_value", label: "p", .pValue),
            ResultColumn("degrees_of_freedom", label: "df", .degreesOfFreedom),
            ResultColumn("rep_months", label: "Rep-months", .count(of: .repMonths)),
            ResultColumn("reps", label: "Reps", .count(of: .reps)),
            ResultColumn("managers", label: "Managers", .count(of: .managers)),
            ResultColumn("elasticity_to_calls", label: "Elasticity to calls", .statistic),
            ResultColumn("elasticity_to_calls_ci_low", label: "95% CI low", .statistic),
            ResultColumn("elasticity_to_calls_ci_high", label: "95% CI high", .statistic),
        ])
        var totals: [ResultField] = []
        for link in 0..<(Funnel.stages.count - 1) {
            let model = funnel.links[link]
            let elasticity = funnel.elasticity(link)
            let interval = funnel.hasInterval(link) ? elasticity?.interval() : nil
            let p = funnel.hasInterval(link) ? elasticity?.pValue : nil
            let total = funnel.propagate(from: 0, to: link + 1, logFactor: 1)
            let totalInterval = total.flatMap { $0.hasInterval ? $0.change.interval() : nil }
            let (stage, input) = (Funnel.stages[link + 1], Funnel.stages[link])
            table.rows.append([
                .text(stage), .text(input), .number(elasticity?.estimate), .number(interval?.low), .number(interval?.high),
                .number(p), .number(interval == nil ? nil : elasticity?.degreesOfFreedom),
                .integer(model?.rows ?? 0), .integer(model?.reps ?? 0), .integer(model?.managers ?? 0),
                .number(total?.change.estimate), .number(totalInterval?.low), .number(totalInterval?.high),
            ])
            let key = "link_\(Funnel.keys[link + 1])_\(Funnel.keys[link])"
            summary.append(ResultField(key, .number(elasticity?.estimate), .statistic))
            summary.append(ResultField("\(key)_ci_low", .number(interval?.low), .statistic))
            summary.append(ResultField("\(key)_ci_high", .number(interval?.high), .statistic))
            summary.append(ResultField("\(key)_p_value", .number(p), .pValue))
            let totalKey = "total_elasticity_\(Funnel.keys[link + 1])_calls"
            totals.append(ResultField(totalKey, .number(total?.change.estimate), .statistic))
            totals.append(ResultField("\(totalKey)_ci_low", .number(totalInterval?.low), .statistic))
            totals.append(ResultField("\(totalKey)_ci_high", .number(totalInterval?.high), .statistic))
            if model == nil {
                notes.append("performance.csv lacks \(input) or \(stage): the link \(input) → \(stage) and every projection through it are null.")
            } else if elasticity == nil {
                notes.append("Too few rep-months, managers or values with both \(input) and \(stage) above zero to fit the link \(input) → \(stage); it and every projection through it are null.")
            } else if interval == nil {
                notes.append("The link \(input) → \(stage) has rep-months under \(model!.managers) managers, fewer than min-managers (\(funnel.minimumManagers)): its interval, p-value and every interval through it are null.")
            }
        }
        summary += totals
        return table
    }

    /// The scenario table and the summary's `<stage>_change` fields: each stage below the
    /// scenario's starting activity (meetings when the scenario names them, else calls)
    /// changes by Δ = log(1 + change) · Π βₗ, reported as exp(Δ) − 1 with the interval
    /// exp(Δ ± t·se) − 1. A stage the scenario names changes by exactly that.
    static func scenarioTable(
        _ funnel: Funnel, _ scenario: Scenario, summary: inout [ResultField], notes: inout [String]
    ) -> (ResultTable, [Projection]) {
        var table = ResultTable(name: "scenario", columns: [
            ResultColumn("outcome", label: "Stage", .label, valueLabels: Funnel.labels),
            ResultColumn("reps", label: "Reps", .count(of: .reps)),
            ResultColumn("baseline_mean", label: "Mean now", .quantity),
            ResultColumn("projected_mean", label: "Projected mean", .quantity),
            ResultColumn("relative_change", label: "Change", .relativeChange),
            ResultColumn("ci_low", label: "95% CI low", .relativeChange),
            ResultColumn("ci_high", label: "95% CI high", .relativeChange),
            ResultColumn("degrees_of_freedom", label: "df", .degreesOfFreedom),
        ])
        let start = scenario.changes["meetings"] != nil ? 1 : 0
        let startChange = scenario.changes[Funnel.stages[start]] ?? 0
        let logFactor = Double.log(onePlus: startChange)
        if start == 1, scenario.changes["calls"] != nil {
            notes.append("The scenario names meetings: they change by the named amount whatever calls bring, and the stages below follow from them.")
        }
        var projections: [Projection] = []
        for stage in 1..<Funnel.stages.count {
            let model = funnel.links[stage - 1]
            var projection: Projection?
            if stage == start {
                projection = Projection(stage: stage, change: startChange, interval: (startChange, startChange))
            } else if logFactor == 0 {
                projection = Projection(stage: stage, change: 0, interval: (0, 0))
            } else if let carried = funnel.propagate(from: start, to: stage, logFactor: logFactor) {
                let interval = carried.hasInterval ? carried.change.interval() : nil
                projection = Projection(stage: stage, change: Double.expMinusOne(carried.change.estimate),
                                        interval: interval.map { (Double.expMinusOne($0.low), Double.expMinusOne($0.high)) },
                                        degreesOfFreedom: interval == nil ? nil : carried.change.degreesOfFreedom)
            }
            if let projection { projections.append(projection) }
            let mean = model?.meanOutcome
            table.rows.append([
                .text(Funnel.stages[stage]), .integer(model?.reps ?? 0), .number(mean),
                .number(mean.flatMap { mean in projection.map { mean * (1 + $0.change) } }),
                .number(projection?.change), .number(projection?.interval?.low), .number(projection?.interval?.high),
                .number(projection?.degreesOfFreedom),
            ])
            let key = Funnel.keys[stage]
            summary.append(ResultField("\(key)_change", .number(projection?.change), .relativeChange))
            summary.append(ResultField("\(key)_change_ci_low", .number(projection?.interval?.low), .relativeChange))
            summary.append(ResultField("\(key)_change_ci_high", .number(projection?.interval?.high), .relativeChange))
        }
        return (table, projections)
    }

    /// The elasticities table: each outcome on calls and meetings together, and its summary
    /// fields `elasticity_<outcome>_<activity>` with their p-values.
    static func heldFixedTable(
        _ models: [LogLogModel?], minimumManagers: Int, summary: inout [ResultField], notes: inout [String]
    ) -> ResultTable {
        var table = ResultTable(name: "elasticities", columns: [
            ResultColumn("outcome", label: "Outcome", .label, valueLabels: Funnel.labels),
            ResultColumn("activity", label: "Activity", .label, valueLabels: Funnel.labels),
            ResultColumn("elasticity", label: "Elasticity", .statistic),
            ResultColumn("ci_low", label: "95% CI low", .statistic),
            ResultColumn("ci_high", label: "95% CI high", .statistic),
            ResultColumn("p_value", label: "p", .pValue),
            ResultColumn("rep_months", label: "Rep-months", .count(of: .repMonths)),
            ResultColumn("reps", label: "Reps", .count(of: .reps)),
            ResultColumn("managers", label: "Managers", .count(of: .managers)),
        ])
        for (index, outcome) in outcomes.enumerated() {
            let model = models[index]
            let fit = model?.fit
            let enoughManagers = (model?.managers ?? 0) >= minimumManagers
            if model == nil {
                notes.append("performance.csv lacks \(outcome): its elasticities on calls and meetings are null.")
            } else if fit == nil {
                notes.append("Too few rep-months or managers with calls, meetings and \(outcome) above zero to model \(outcome) on both; null.")
            } else if !enoughManagers {
                notes.append("\(outcome)'s model on calls and meetings has rep-months under \(model!.managers) managers, fewer than min-managers (\(minimumManagers)): its intervals and p-values are null.")
            }
            for (j, activity) in Scenario.activities.enumerated() {
                let elasticity = fit?.coefficient(j + 1)
                let interval = enoughManagers ? elasticity?.interval() : nil
                let p = enoughManagers ? elasticity?.pValue : nil
                table.rows.append([
                    .text(outcome), .text(activity), .number(elasticity?.estimate),
                    .number(interval?.low), .number(interval?.high), .number(p),
                    .integer(model?.rows ?? 0), .integer(model?.reps ?? 0), .integer(model?.managers ?? 0),
                ])
                let key = "elasticity_\(Funnel.keys[index + 2])_\(activity)"
                summary.append(ResultField(key, .number(elasticity?.estimate), .statistic))
                summary.append(ResultField("\(key)_ci_low", .number(interval?.low), .statistic))
                summary.append(ResultField("\(key)_ci_high", .number(interval?.high), .statistic))
                summary.append(ResultField("\(key)_p_value", .number(p), .pValue))
            }
        }
        return table
    }

    /// One finding: how much each stage below the scenario's start would change, said as a
    /// projection from associations.
    static func findings(_ scenario: Scenario, _ projections: [Projection]) -> [Finding] {
        let start = scenario.changes["meetings"] != nil ? 1 : 0
        let stated = projections.filter { $0.stage > start }
        guard !stated.isEmpty else {
            return [Finding("Too little activity data to carry a change in activity down the funnel.")]
        }
        let names = ["calls", "meetings", "opportunities", "pipeline", "attainment"]
        var values: [String: Finding.Value] = ["scenario": .text(scenario.description)]
        var clauses: [String] = []
        for projection in stated {
            let name = names[projection.stage]
            values[name] = .signed(projection.change, .relativeChange)
            var clause = "{\(name)}"
            if let interval = projection.interval {
                values[name + "Interval"] = .interval(interval.low, interval.high, .relativeChange, signed: true)
                clause += " (95% CI {\(name)Interval})"
            } else {
                clause += " (no interval: too few managers)"
            }
            clauses.append((clauses.isEmpty ? "\(name) would change by " : "\(name) by ") + clause)
        }
        let list = clauses.count == 1 ? clauses[0] : clauses.dropLast().joined(separator: ", ") + " and " + clauses.last!
        return [Finding("If activity changed by {scenario}, \(list), projecting from associations along the funnel calls → meetings → opportunities → pipeline → attainment, not from an experiment.", values)]
    }
}

extension [ResultField] {
    /// The number under `key`, if any.
    fileprivate func number(_ key: String) -> Double? { first { $0.key == key }?.value.doubleValue }
}
