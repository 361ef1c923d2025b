import CoachLabPluginAPI
import CoachLabStatistics
import CoachLabKernels

/// "What good looks like": each rep against the top quartile of its peers, stage by stage.
///
/// Unit: the rep; peers: the reps of the same segment and region.
public struct PerformanceGaps: DecomposableMetric {
    public init() {}

    /// A peer group needs this many reps with a metric to set its own top quartile and ranks.
    static let minimumPeers = 4

    /// `largest_gap_rule`: how the largest gap is chosen. Ratio gaps follow each stage's
    /// spread (win rate "largest" for 213 of 500 reps of the sample org, where no stage is
    /// planted); ranks among peers put the stages on one scale.
    static let largestGapRule = "lowest_peer_percentile"

    public let descriptor = PluginDescriptor(
        id: "performance-gaps",
        title: "Performance gaps",
        summary: "Compares each rep's activity and conversion with the top quartile of peers in the same segment and region.",
        description: """
            Per rep over its months: calls and meetings per month, opportunities per call, \
            pipeline per opportunity and a win-rate proxy (bookings / pipeline), ratios of sums \
            over months where both parts are present. Peers are the reps of the same segment \
            and region (reps.csv); the top quartile is the 75th percentile of peers' values \
            (linear interpolation), or of the whole organisation when fewer than four peers \
            have the metric. A rep's gap is its value / top quartile − 1, and its percentile \
            its mid-rank among the same peers. Its largest gap is, of the stages where it is \
            below the top quartile, the one where its percentile is lowest (stages compared on \
            one scale, whatever their spread): a root-cause hint for the coaching conversation.
            """,
        requiredTables: [.managers, .reps, .performance],
        columns: [
            ColumnReference(.reps, "segment"), ColumnReference(.reps, "region"),
            ColumnReference(.performance, "calls"), ColumnReference(.performance, "meetings"),
            ColumnReference(.performance, "opportunities_created"), ColumnReference(.performance, "pipeline_value"),
        ])

    public func partial(_ context: Partial.Context) -> GapsState {
        let dataset = context.dataset
        let performance = dataset.performance
        let reps = dataset.reps
        // Only the reps of this part's rows: a part of a large org names a few of its reps.
        let rows = context.rows(of: .performance)
        let span = Kernels.repSpan(performance, rows: rows)
        let totals = TotalsByRep(
            firstRep: span.lowerBound,
            values: Kernels.foldByRep(performance, rows: rows, reps: span, initial: FunnelTotals()) { totals, row in totals.add(row) })
        return GapsState(
            repIDs: reps.ids, managerIDs: reps.managers.map { dataset.managers.ids[Int($0)] },
            segments: reps.segments.map { column in (0..<reps.count).map { column[$0] } },
            regions: reps.regions.map { column in (0..<reps.count).map { column[$0] } },
            columnsPresent: [performance.calls != nil, performance.meetings != nil,
                             performance.opportunitiesCreated != nil, performance.pipelineValues != nil],
            totals: totals)
    }

    public func finalize(_ state: GapsState, options: PluginOptions) -> MetricResult {
        let totals = state.totals
        let repCount = state.repIDs.count

        // Peer groups: segment × region, a missing value its own group.
        var groupOf = [Int](repeating: 0, count: repCount)
        var groupKeys: [[String]] = []
        var groupIndex: [[String]: Int] = [:]
        for rep in 0..<repCount {
            let key = [state.segments.flatMap { $0[rep] } ?? "", state.regions.flatMap { $0[rep] } ?? ""]
            if groupIndex[key] == nil {
                groupIndex[key] = groupKeys.count
                groupKeys.append(key)
            }
            groupOf[rep] = groupIndex[key]!
        }
        let metrics = FunnelMetric.allCases
        var threshold = [[Double?]](repeating: [Double?](repeating: nil, count: metrics.count), count: groupKeys.count)
        // Each rep's mid-rank percentile among the same peers (or the organisation).
        var percentile = [[Double?]](repeating: [Double?](repeating: nil, count: repCount), count: metrics.count)
        var fellBack = Set<Int>()
        for metric in metrics {
            let all = (0..<repCount).compactMap { totals[$0].value(metric) }
            let orgQuartile = OrderStatistics.quantiles(all, [0.75])[0]
            let orgRanks = MidRankPercentile(all)
            for group in 0..<groupKeys.count {
                let members = (0..<repCount).filter { groupOf[$0] == group }
                let peers = members.compactMap { totals[$0].value(metric) }
                let ranks: MidRankPercentile
                if peers.count >= Self.minimumPeers {
                    threshold[group][metric.rawValue] = OrderStatistics.quantiles(peers, [0.75])[0]
                    ranks = MidRankPercentile(peers)
                } else {
                    threshold[group][metric.rawValue] = orgQuartile
                    ranks = orgRanks
                    if !peers.isEmpty { fellBack.insert(group) }
                }
                for rep in members {
                    percentile[metric.rawValue][rep] = totals[rep].value(metric).flatMap { ranks.percentile(of: $0) }
                }
            }
        }

        var repTable = ResultTable(name: "by_rep", grain: .rep, columns: [
            ResultColumn("rep_id", label: "Rep", .label), ResultColumn("manager_id", label: "Manager", .label),
            ResultColumn("segment", label: "Segment", .label), ResultColumn("region", label: "Region", .label),
        ] + metrics.flatMap { [ResultColumn($0.id, label: $0.label, $0.role), ResultColumn($0.id + "_gap", label: "Gap", .relativeChange)] }
          + [ResultColumn("largest_gap_stage", label: "Largest gap", .label, valueLabels: FunnelMetric.labels), ResultColumn("largest_gap", label: "Its gap", .relativeChange)]
          + metrics.map { ResultColumn($0.id + "_percentile", label: $0.label + " (peer percentile)", .proportion) }
          + [ResultColumn("largest_gap_percentile", label: "Its peer percentile", .proportion)])
        var stageCounts = [Int](repeating: 0, count: metrics.count)
        var gapsByStage = [[Double]](repeating: [], count: metrics.count)
        var noGap = 0, withData = 0
        for rep in 0..<repCount where totals[rep].months > 0 {
            withData += 1
            var row: [MetricResult.Value] = [
                .text(state.repIDs[rep]), .text(state.managerIDs[rep]),
                .text(groupKeys[groupOf[rep]][0]), .text(groupKeys[groupOf[rep]][1]),
            ]
            // Of the stages below the peers' top quartile, the one where the rep ranks lowest
            // among its peers (first in funnel order on a tie).
            var worst: (metric: FunnelMetric, gap: Double, percentile: Double)?
            for metric in metrics {
                let value = totals[rep].value(metric)
                var gap: Double?
                if let value, let top = threshold[groupOf[rep]][metric.rawValue], top > 0 { gap = value / top - 1 }
                row += [.number(value), .number(gap)]
                if let gap {
                    gapsByStage[metric.rawValue].append(gap)
                    if gap < 0, let rank = percentile[metric.rawValue][rep], rank < (worst?.percentile ?? .infinity) {
                        worst = (metric, gap, rank)
                    }
                }
            }
            if let worst {
                stageCounts[worst.metric.rawValue] += 1
                row += [.text(worst.metric.id), .number(worst.gap)]
            } else {
                noGap += 1
                row += [.text("none"), .null]
            }
            row += metrics.map { .number(percentile[$0.rawValue][rep]) } + [.number(worst?.percentile)]
            repTable.rows.append(row)
        }

        var stageTable = ResultTable(name: "by_stage", columns: [
            ResultColumn("stage", label: "Funnel stage", .label, valueLabels: FunnelMetric.labels),
            ResultColumn("reps_with_value", label: "Reps with a value", .count(of: .repsInGroup)),
            ResultColumn("median_gap", label: "Median gap", .relativeChange),
            ResultColumn("reps_largest_gap", label: "Reps whose largest gap", .count(of: .repsInGroup)),
        ])
        for metric in metrics {
            stageTable.rows.append([
                .text(metric.id), .integer(gapsByStage[metric.rawValue].count),
                .number(OrderStatistics.quantiles(gapsByStage[metric.rawValue], [0.5])[0]),
                .integer(stageCounts[metric.rawValue]),
            ])
        }
        var peerTable = ResultTable(name: "by_peer_group", columns: [
            ResultColumn("segment", label: "Segment", .label), ResultColumn("region", label: "Region", .label),
            ResultColumn("reps", label: "Reps", .count(of: .reps)),
        ] + metrics.map { ResultColumn($0.id + "_top_quartile", label: $0.label + " (top 25%)", $0.role) })
        for (group, key) in groupKeys.enumerated() {
            peerTable.rows.append([.text(key[0]), .text(key[1]), .integer(groupOf.filter { $0 == group }.count)]
                + metrics.map { .number(threshold[group][$0.rawValue]) })
        }

        var notes: [String] = []
        if state.columnsPresent.contains(false) {
            notes.append("performance.csv lacks some activity columns (calls, meetings, opportunities_created, pipeline_value): the stages they feed are null.")
        }
        if state.segments == nil || state.regions == nil {
            notes.append("reps.csv lacks segment or region: peers are the reps sharing what there is.")
        }
        if !fellBack.isEmpty {
            notes.append("\(fellBack.count) peer group(s) have fewer than \(Self.minimumPeers) reps with some metric; for those, the whole organisation's top quartile is used.")
        }
        notes.append("The win rate is a proxy: bookings of a month over its end-of-month pipeline, not deals won over deals closed.")
        notes.append("A gap is where a rep differs from strong peers, a hint for the conversation, not a diagnosis: territory and account mix also move these ratios.")
        notes.append("The largest gap is, of the stages where a rep is below its peers' top quartile, the one where it ranks lowest among them (largest_gap_rule): ranks put stages of different spread on one scale, which ratio gaps do not. The stages are correlated (meetings follow calls; the win-rate proxy falls as pipeline grows), so even with no real gap the win rate leads and meetings trail: on generated orgs about 29% and 11% of reps, not a fifth each.")

        let leading = stageCounts.indices.max { (stageCounts[$0], -$0) < (stageCounts[$1], -$1) }
        var summary: [ResultField] = [
            ResultField("reps", .integer(withData), .count(of: .reps)),
            ResultField("peer_groups", .integer(groupKeys.count), .count(of: .groups)),
            ResultField("reps_without_gap", .integer(noGap), .count(of: .repsInGroup)),
        ]
        summary += metrics.map { ResultField("largest_gap_\($0.id)", .integer(stageCounts[$0.rawValue]), .count(of: .repsInGroup)) }
        summary.append(ResultField("largest_gap_rule", .text(Self.largestGapRule), .label))
        var findings: [Finding] = []
        if let leading, stageCounts[leading] > 0 {
            findings.append(Finding("For {count} of {reps} reps the largest gap is in {stage}: of the stages where they are below the top quartile of their peers, the one where they rank lowest among them; {none} are at or above the top quartile everywhere.", [
                "count": .count(stageCounts[leading]), "reps": .count(withData),
                "stage": .text(metrics[leading].label.lowercased()), "none": .count(noGap)]))
        } else {
            findings.append(Finding("No rep has data to compare with peers."))
        }
        return MetricResult(pluginID: descriptor.id, title: descriptor.title, findings: findings, summary: summary,
                            tables: [stageTable, peerTable, repTable], notes: notes)
    }
}
