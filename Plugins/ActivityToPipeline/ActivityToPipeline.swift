import CoachLabPluginAPI
import CoachLabStatistics

/// How does activity turn into pipeline and bookings, and what would more of it bring?
///
/// Unit: the rep-month; reps are the clusters.
public struct ActivityToPipeline: MetricPlugin {
    public init() {}

    /// The outcomes modelled, as performance.csv names them (attainment is bookings / quota).
    static let outcomes = ["opportunities_created", "pipeline_value", "attainment"]

    public let descriptor = PluginDescriptor(
        id: "activity-to-pipeline",
        title: "Activity to pipeline",
        summary: "Estimates how opportunities, pipeline and attainment move with calls and meetings, and projects a change in activity.",
        description: """
            For each outcome (opportunities created, pipeline value, attainment), the \
            log-log regression log(outcome) ~ 1 + log(calls) + log(meetings) over rep-months \
            where all three are above zero, by OLS with a covariance robust to clustering by \
            rep (statsmodels' cluster covariance, normal-based 95% intervals): the \
            elasticities. The scenario option (for example calls=+100%) projects each outcome \
            by the factor Π(1 + change)^elasticity with a delta-method interval on the log \
            scale: a projection from observed association, not an experiment. The activity \
            curve gives mean outcomes per decile of calls.
            """,
        requiredTables: [.managers, .reps, .performance],
        columns: [
            ColumnReference(.performance, "calls"), ColumnReference(.performance, "meetings"),
            ColumnReference(.performance, "opportunities_created"), ColumnReference(.performance, "pipeline_value"),
        ],
        options: [
            PluginOption(name: "scenario", summary: "activity change to project, e.g. calls=+100% or calls=+50%,meetings=+20%",
                         kind: .text, defaultValue: "calls=+10%"),
        ])

    struct Fit {
        var model: ClusteredLinearModel?
        var rows: Int
        var reps: Int
        var meanOutcome: Double?
    }

    public func compute(_ context: PluginContext) throws(PluginError) -> MetricResult {
        let scenarioText = context.options.text("scenario") ?? "calls=+10%"
        let scenario: Scenario
        switch Scenario.parse(scenarioText) {
        case .success(let parsed): scenario = parsed
        case .failure(let error): throw PluginError(pluginID: descriptor.id, message: "scenario: \(error.message)")
        }
        let performance = context.dataset.performance
        var notes: [String] = []
        guard let calls = performance.calls, let meetings = performance.meetings else {
            notes.append("performance.csv lacks the calls or meetings column: there is nothing to model.")
            return MetricResult(pluginID: descriptor.id, title: descriptor.title,
                                findings: [Finding("Activity cannot be related to outcomes: performance.csv has no calls or meetings.")],
                                summary: [ResultField("rows", .integer(0), .count)], tables: [], notes: notes)
        }
        let outcomeColumns: [Column<Double>?] = [
            performance.opportunitiesCreated, performance.pipelineValues,
            Column(zip(performance.quotas, performance.bookings).map { $0 > 0 ? $1 / $0 : .nan }),
        ]
        // The three outcomes' models at once, over logs of activity taken once for all three.
        let activity = ActivityLogs(calls: calls, meetings: meetings, threads: context.threads)
        let repCount = context.dataset.reps.count
        let fitted = SharedBuffer<Fit?>(repeating: nil, count: outcomeColumns.count)
        Parallel.forEachPart(of: outcomeColumns.count, parts: context.threads) { outcomes in
            for index in outcomes {
                fitted[index] = outcomeColumns[index].map {
                    Self.fit(outcome: $0, activity: activity, reps: performance.reps, repCount: repCount)
                }
            }
        }
        let fits = fitted.array
        for (index, fit) in fits.enumerated() {
            if fit == nil { notes.append("performance.csv lacks \(Self.outcomes[index]): its elasticities are null.") }
            else if fit!.model == nil { notes.append("Too few rep-months or reps with positive activity and \(Self.outcomes[index]) to fit its model; null.") }
        }

        var elasticityTable = ResultTable(name: "elasticities", columns: [
            ResultColumn("outcome", label: "Outcome", .label),
            ResultColumn("activity", label: "Activity", .label),
            ResultColumn("elasticity", label: "Elasticity", .statistic),
            ResultColumn("ci_low", label: "95% CI low", .statistic),
            ResultColumn("ci_high", label: "95% CI high", .statistic),
            ResultColumn("p_value", label: "p", .pValue),
            ResultColumn("rep_months", label: "Rep-months", .count),
            ResultColumn("reps", label: "Reps", .count),
        ])
        var scenarioTable = ResultTable(name: "scenario", columns: [
            ResultColumn("outcome", label: "Outcome", .label),
            ResultColumn("reps", label: "Reps", .count),
            ResultColumn("baseline_mean", label: "Mean now", .quantity),
            ResultColumn("projected_mean", label: "Projected mean", .quantity),
            ResultColumn("relative_change", label: "Change", .relativeChange),
            ResultColumn("ci_low", label: "95% CI low", .relativeChange),
            ResultColumn("ci_high", label: "95% CI high", .relativeChange),
        ])
        var summary: [ResultField] = [
            ResultField("rows", .integer(performance.count), .count),
            ResultField("scenario", .text(scenario.description), .label),
            ResultField("scenario_calls_change", .number(scenario.changes["calls"] ?? 0), .relativeChange),
            ResultField("scenario_meetings_change", .number(scenario.changes["meetings"] ?? 0), .relativeChange),
        ]
        var projections: [Double?] = []
        for (index, outcome) in Self.outcomes.enumerated() {
            let fit = fits[index] ?? nil
            let model = fit?.model
            for (j, activity) in Scenario.activities.enumerated() {
                let interval = model?.interval(j + 1)
                let p = model.map { NormalDistribution.twoSidedPValue($0.coefficients[j + 1] / $0.standardError(j + 1)) }
                elasticityTable.rows.append([
                    .text(outcome), .text(activity), .number(model?.coefficients[j + 1]),
                    .number(interval?.low), .number(interval?.high), .number(p),
                    .integer(fit?.rows ?? 0), .integer(fit?.reps ?? 0),
                ])
                summary.append(ResultField("elasticity_\(Self.short(outcome))_\(activity)", .number(model?.coefficients[j + 1]), .statistic))
                summary.append(ResultField("elasticity_\(Self.short(outcome))_\(activity)_p_value", .number(p), .pValue))
            }
            let projection = model.map { Self.project($0, scenario.logFactors) }
            projections.append(projection?.change)
            scenarioTable.rows.append([
                .text(outcome), .integer(fit?.reps ?? 0), .number(fit?.meanOutcome),
                .number(fit?.meanOutcome.flatMap { mean in projection.map { mean * (1 + $0.change) } }),
                .number(projection?.change), .number(projection?.low), .number(projection?.high),
            ])
            summary.append(ResultField("\(Self.short(outcome))_change", .number(projection?.change), .relativeChange))
            summary.append(ResultField("\(Self.short(outcome))_change_ci_low", .number(projection?.low), .relativeChange))
            summary.append(ResultField("\(Self.short(outcome))_change_ci_high", .number(projection?.high), .relativeChange))
        }
        let curve = Self.activityCurve(
            calls: calls, outcomes: outcomeColumns, reps: performance.reps, repCount: repCount, threads: context.threads)
        notes.append("Rep-months with no calls, meetings or outcome cannot enter a log-log model and are left out of it (counts per outcome in the elasticities table).")
        notes.append("The scenario is a projection from the observed association of activity with outcomes across rep-months; reps who make more calls may differ in other ways, and more calls may not bring what the association suggests.")

        var findings: [Finding] = []
        if let pipeline = projections[1], let interval = scenarioTable.value(row: 1, "ci_low")?.doubleValue,
           let high = scenarioTable.value(row: 1, "ci_high")?.doubleValue {
            var values: [String: FindingValue] = [
                "scenario": .text(scenario.description), "pipeline": .signed(pipeline, .relativeChange),
                "interval": .interval(interval, high, .relativeChange, signed: true),
            ]
            var text = "If activity changed by {scenario}, pipeline would change by {pipeline} (95% CI {interval})"
            if let attainment = projections[2], let low = scenarioTable.value(row: 2, "ci_low")?.doubleValue,
               let up = scenarioTable.value(row: 2, "ci_high")?.doubleValue {
                values["attainment"] = .signed(attainment, .relativeChange)
                values["attainmentInterval"] = .interval(low, up, .relativeChange, signed: true)
                text += " and attainment by {attainment} (95% CI {attainmentInterval})"
            }
            findings.append(Finding(text + ", projecting from the observed association.", values))
        }
        if findings.isEmpty { findings.append(Finding("Too little activity data to relate calls and meetings to outcomes.")) }
        return MetricResult(pluginID: descriptor.id, title: descriptor.title, findings: findings, summary: summary,
                            tables: [elasticityTable, scenarioTable, curve], notes: notes)
    }

    static func short(_ outcome: String) -> String {
        switch outcome {
        case "opportunities_created": "opportunities"
        case "pipeline_value": "pipeline"
        default: outcome
        }
    }

    /// log(outcome) ~ 1 + log(calls) + log(meetings) over rows where all are positive.
    static func fit(outcome: Column<Double>, activity: ActivityLogs, reps: Column<Int32>, repCount: Int) -> Fit {
        var x: [Double] = [], y: [Double] = [], cluster: [Int32] = []
        x.reserveCapacity(3 * outcome.count)
        y.reserveCapacity(outcome.count)
        cluster.reserveCapacity(outcome.count)
        var sum = CompensatedSum()
        var seen = [Bool](repeating: false, count: repCount)
        outcome.withUnsafeBufferPointer { outcome in
        reps.withUnsafeBufferPointer { reps in
            for row in 0..<outcome.count where outcome[row] > 0 && activity.hasBoth(row) {
                x.append(1)
                x.append(activity.calls[row])
                x.append(activity.meetings[row])
                y.append(Double.log(outcome[row]))
                cluster.append(reps[row])
                seen[Int(reps[row])] = true
                sum.add(outcome[row])
            }
        }}
        return Fit(model: ClusteredLinearModel(x: x, k: 3, y: y, cluster: cluster, clusterCount: repCount),
                   rows: y.count, reps: seen.filter { $0 }.count, meanOutcome: y.isEmpty ? nil : sum.value / Double(y.count))
    }

    /// exp(Σ βⱼ log(1 + cⱼ)) − 1 with the normal interval of the log factor.
    static func project(_ model: ClusteredLinearModel, _ factors: [Double]) -> (change: Double, low: Double, high: Double) {
        var logChange = 0.0, variance = 0.0
        for j in 0..<factors.count {
            logChange += model.coefficients[j + 1] * factors[j]
            for k in 0..<factors.count { variance += factors[j] * factors[k] * model.covariance[j + 1, k + 1] }
        }
        let half = NormalDistribution.z95 * variance.squareRoot()
        return (Double.expMinusOne(logChange), Double.expMinusOne(logChange - half), Double.expMinusOne(logChange + half))
    }

    /// Mean outcomes per decile of calls: rows with calls, in ascending order of calls (ties
    /// in file order), cut into ten groups of equal size (the first groups take the rest).
    /// Deciles are taken by up to `threads` threads at once, each in one pass over its rows.
    static func activityCurve(
        calls: Column<Double>, outcomes: [Column<Double>?], reps: Column<Int32>, repCount: Int, threads: Int
    ) -> ResultTable {
        var table = ResultTable(name: "activity_curve", columns: [
            ResultColumn("decile", label: "Calls decile", .count),
            ResultColumn("calls_min", label: "Calls from", .quantity),
            ResultColumn("calls_max", label: "Calls to", .quantity),
            ResultColumn("rep_months", label: "Rep-months", .count),
            ResultColumn("reps", label: "Reps", .count),
            ResultColumn("mean_calls", label: "Mean calls", .quantity),
            ResultColumn("mean_opportunities", label: "Mean opportunities", .quantity),
            ResultColumn("mean_pipeline", label: "Mean pipeline", .quantity),
            ResultColumn("mean_attainment", label: "Mean attainment", .attainment),
        ])
        let rows = rowsInOrderOfCalls(calls)
        guard rows.count >= 10 else { return table }
        let columns = [calls] + outcomes
        let decileRows = SharedBuffer<[ResultValue]>(repeating: [], count: 10)
        Parallel.forEachPart(of: 10, parts: threads) { deciles in
            Self.withBuffers(columns[...]) { columns in
            reps.withUnsafeBufferPointer { reps in
                // Which decile last counted each rep: distinct reps without a set per decile.
                var countedIn = [Int32](repeating: -1, count: repCount)
                for decile in deciles {
                    let part = rows[(rows.count * decile / 10)..<(rows.count * (decile + 1) / 10)]
                    var distinctReps = 0
                    for row in part where countedIn[Int(reps[Int(row)])] != Int32(decile) {
                        countedIn[Int(reps[Int(row)])] = Int32(decile)
                        distinctReps += 1
                    }
                    let means = columns.map { values in
                        values.flatMap { values in
                            var mean = MeanOfPresent()
                            for row in part { mean.add(values[Int(row)]) }
                            return mean.value
                        }
                    }
                    decileRows[decile] = [
                        .integer(decile + 1), .number(calls[Int(part.first!)]), .number(calls[Int(part.last!)]),
                        .integer(part.count), .integer(distinctReps),
                    ] + means.map { .number($0) }
                }
            }}
        }
        table.rows = decileRows.array
        return table
    }

    /// Calls `body` with the buffers of `columns`, nil for a column that is missing.
    static func withBuffers<R>(
        _ columns: ArraySlice<Column<Double>?>, _ buffers: [UnsafeBufferPointer<Double>?] = [],
        _ body: ([UnsafeBufferPointer<Double>?]) -> R
    ) -> R {
        guard let first = columns.first else { return body(buffers) }
        guard let column = first else { return withBuffers(columns.dropFirst(), buffers + [nil], body) }
        return column.withUnsafeBufferPointer { withBuffers(columns.dropFirst(), buffers + [$0], body) }
    }

    /// The mean of the values added that are not NaN, summed in the order added.
    struct MeanOfPresent {
        private var sum = CompensatedSum()
        private var count = 0

        mutating func add(_ value: Double) {
            guard !value.isNaN else { return }
            sum.add(value)
            count += 1
        }

        var value: Double? { count > 0 ? sum.value / Double(count) : nil }
    }

    /// The rows with calls, in ascending order of calls and, for equal calls, of row: a
    /// counting sort when calls are whole numbers (as counts are), else a comparison sort.
    static func rowsInOrderOfCalls(_ calls: Column<Double>) -> [Int32] {
        var highest = 0.0
        var whole = true
        for value in calls where !value.isNaN {
            if value < 0 || value > 10_000_000 || value != value.rounded() { whole = false; break }
            highest = max(highest, value)
        }
        guard whole else {
            return calls.indices.filter { !calls[$0].isNaN }.sorted { (calls[$0], $0) < (calls[$1], $1) }.map { Int32($0) }
        }
        var starts = [Int](repeating: 0, count: Int(highest) + 2)
        for value in calls where !value.isNaN { starts[Int(value) + 1] += 1 }
        for v in 0..<(starts.count - 1) { starts[v + 1] += starts[v] }
        var ordered = [Int32](repeating: 0, count: starts[starts.count - 1])
        for (row, value) in calls.enumerated() where !value.isNaN {
            ordered[starts[Int(value)]] = Int32(row)
            starts[Int(value)] += 1
        }
        return ordered
    }
}
