import CoachLabPluginAPI
import CoachLabStatistics

extension RepImprovementOverTime {
    /// The mean slope under exceeds minus that under needs_improvement, with its interval
    /// and p-value clustered by manager where they can be computed.
    struct SlopeDifference {
        var value: Double?
        var interval: (low: Double, high: Double)?
        var pValue: Double?
        /// Managers with a rep with a slope.
        var managers = 0
        /// Why there is no interval, in a few words.
        var gap = "no interval"
    }

    /// The mean slope under exceeds minus that under needs_improvement managers, with the
    /// interval of the exceeds coefficient in slope ~ tier dummies: CR2 by manager,
    /// Bell–McCaffrey degrees of freedom (reps of one manager share a coach, and often a
    /// territory: they are not independent observations).
    func slopeDifference(
        exceeds: Double?, needs: Double?, clusters: [(tier: Int, reps: Int, slopeSum: Double)], minimumManagers: Int,
        notes: inout [String]
    ) -> SlopeDifference {
        guard let exceeds, let needs else { return SlopeDifference(managers: clusters.count) }
        let value = exceeds - needs
        let fit = ClusteredGroupDifference.fit(
            groups: clusters.map(\.tier), rows: clusters.map(\.reps), sumsOfY: clusters.map(\.slopeSum),
            groupCount: CoachingTier.allCases.count, a: CoachingTier.exceeds.rawValue, b: CoachingTier.needsImprovement.rawValue,
            minimumClusters: minimumManagers)
        switch fit {
        case .failure(.tooFewClusters(let high, let low)):
            notes.append("The manager-clustered interval of the slope difference needs at least \(max(minimumManagers, 2)) managers with reps with a slope under both exceeds and needs_improvement; they have \(high) and \(low): so few cannot show how managers vary. It is null.")
            return SlopeDifference(value: value, managers: clusters.count, gap: "too few managers")
        case .failure(.cannotFit):
            notes.append("The manager-clustered interval of the slope difference cannot be computed (the tiers' regression is singular); it is null.")
            return SlopeDifference(value: value, managers: clusters.count, gap: "the regression is singular")
        case .failure(.noVariation):
            notes.append("Every exceeds and needs_improvement manager's reps have their tier's mean slope: there is no variation between managers to measure, and the manager-clustered interval of the slope difference is null.")
            return SlopeDifference(value: value, managers: clusters.count, gap: "no variation between managers")
        case .success(let fit):
            return SlopeDifference(value: value, interval: (fit.low, fit.high), pValue: fit.pValue, managers: clusters.count)
        }
    }

    func findings(exceeds: Double?, needs: Double?, difference: SlopeDifference) -> [Finding] {
        guard let exceeds, let needs, let value = difference.value else {
            return [Finding("Improvement cannot be compared between coaching tiers: no reps with enough months under managers who exceed expectations or under those who need improvement.")]
        }
        var values: [String: Finding.Value] = [
            "high": .signed(exceeds, .attainmentSlope), "low": .signed(needs, .attainmentSlope),
            "difference": .signed(value, .attainmentSlope),
        ]
        if let interval = difference.interval {
            values["interval"] = .interval(interval.low, interval.high, .attainmentSlope, signed: true)
            return [Finding(
                "Attainment of reps under coaches who exceed expectations changes by {high} vs {low} under coaches who need improvement: {difference} (95% CI {interval}, robust to clustering by manager).",
                values)]
        }
        return [Finding(
            "Attainment of reps under coaches who exceed expectations changes by {high} vs {low} under coaches who need improvement: {difference} (no interval: \(difference.gap)).",
            values)]
    }
}
