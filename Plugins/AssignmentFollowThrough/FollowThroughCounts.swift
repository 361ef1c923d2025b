import CoachLabPluginAPI
import CoachLabStatistics

/// Assignments set, completed and completed on time by one rep or one manager's reps.
struct FollowThroughCounts {
    var assignments = 0
    var completed = 0
    var onTime = 0
    /// Days past due of assignments completed late.
    var daysLate: [Double] = []

    mutating func add(_ table: Assignments, row: Int) {
        assignments += 1
        guard table.completedOn[row] != CivilDate.missing else { return }
        completed += 1
        if table.isCompletedOnTime(row) {
            onTime += 1
        } else if table.dueOn[row] != CivilDate.missing {
            // Days late only against a due date (one is required in files; not in code).
            daysLate.append(Double(table.completedOn[row]) - Double(table.dueOn[row]))
        }
    }

    var shareOnTime: Double? { assignments > 0 ? Double(onTime) / Double(assignments) : nil }

    /// assignments, completed, on_time, share_on_time, median_days_late.
    var values: [MetricResult.Value] {
        [.integer(assignments), .integer(completed), .integer(onTime), .number(shareOnTime),
         .number(OrderStatistics.quantiles(daysLate, [0.5])[0])]
    }

    static let columns = [
        ResultColumn("assignments", label: "Assignments", .count(of: .assignments)),
        ResultColumn("completed", label: "Completed", .count(of: .assignments)),
        ResultColumn("on_time", label: "On time", .count(of: .assignments)),
        ResultColumn("share_on_time", label: "Share on time", .proportion),
        ResultColumn("median_days_late", label: "Median days late", .quantity),
    ]
}
