import CoachLabStatistics

/// The mean of a group of reps' outcomes with its 95% interval clustered by each rep's
/// manager in reps.csv (``ClusteredMean``: CR2, Bell–McCaffrey degrees of freedom): what a
/// plugin reports per band, breadth or level beside the t interval that treats reps as
/// independent. None when the reps span fewer than the minimum managers, or when every
/// manager's reps have the same mean; ``note`` then says why.
public struct ManagerClusteredMean: Sendable {
    public let interval: (low: Double, high: Double)?
    /// Why the interval is null; nil when there is one or the group has no reps.
    public let note: String?

    /// - Parameters:
    ///   - values: one outcome per rep entry; `reps`: the rep (a row of reps.csv) of each.
    ///   - repManagers: each rep's manager, as a row of managers.csv.
    ///   - name: how the note names the group ("same_day feedback").
    ///   - minimumManagers: the managers the reps must span (at least 2).
    /// - Complexity: O(n) for n outcomes.
    public init(_ values: [Double], reps: [Int], repManagers: [Int32], name: String,
                minimumManagers: Int = ManagerClusteredComparison.defaultMinimumManagers) {
        precondition(values.count == reps.count, "one rep per outcome")
        let clusters = reps.map { repManagers[$0] }
        let managers = Set(clusters).count
        let minimum = max(minimumManagers, ClusteredMean.minimumClusters)
        if values.isEmpty {
            interval = nil
            note = nil
        } else if managers < minimum {
            interval = nil
            note = "The reps of \(name) span \(managers) manager(s), fewer than \(minimum): its interval clustered by manager is null."
        } else if let fit = ClusteredMean.fit(values, clusters: clusters) {
            interval = (fit.low, fit.high)
            note = nil
        } else {
            interval = nil
            note = "Every manager's reps have the same mean outcome in \(name): there is no variation between managers to measure, and its clustered interval is null."
        }
    }
}
