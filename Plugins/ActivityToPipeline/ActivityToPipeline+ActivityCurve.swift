import CoachLabPluginAPI

extension ActivityToPipeline {
    /// Mean outcomes per group of calls values (``CallsGroups``): a row per group that holds
    /// rep-months, numbered by its place among the ten, so a group a tie left empty shows as
    /// a missing number. Empty with fewer than ten rep-months with calls.
    static func activityCurve(_ histogram: CallsHistogram, repsPerGroup: [Int]) -> ResultTable {
        var table = ResultTable(name: "activity_curve", columns: [
            ResultColumn("decile", label: "Calls decile", .count(of: .groups)),
            ResultColumn("calls_min", label: "Calls from", .quantity),
            ResultColumn("calls_max", label: "Calls to", .quantity),
            ResultColumn("rep_months", label: "Rep-months", .count(of: .repMonths)),
            ResultColumn("reps", label: "Reps", .count(of: .reps)),
            ResultColumn("mean_calls", label: "Mean calls", .quantity),
            ResultColumn("mean_opportunities", label: "Mean opportunities", .quantity),
            ResultColumn("mean_pipeline", label: "Mean pipeline", .quantity),
            ResultColumn("mean_attainment", label: "Mean attainment", .attainment),
        ])
        guard let groups = CallsGroups(histogram) else { return table }
        for (group, summary) in groups.summaries(histogram).enumerated() {
            guard let summary else { continue }
            table.rows.append([
                .integer(group + 1), .number(summary.callsMin), .number(summary.callsMax),
                .integer(summary.rows), .integer(repsPerGroup[group]),
            ] + summary.means.map { .number($0) })
        }
        return table
    }
}
