import CoachLabStatistics

/// A rep-month panel event study of coaching events: attainment of every rep-month with a
/// quota regressed on the number of each group's events (same-day feedback, later feedback…)
/// in the months around it — three months before the event's month (leads) to three after
/// (lags) — with rep and calendar-month fixed effects and each rep's own linear trend,
/// clustered by each rep's manager: the model of ``FixedEffectsRegression``, fitted rep by
/// rep (``ShortPanelRegression``).
///
/// What a plain after-minus-before window cannot do, this does: rep effects take out who a
/// rep is, rep trends where the rep was heading anyway (a rep improving all year is not
/// improved by the session in its middle), month effects what the whole org went through,
/// and the leads show whether attainment was already moving before the event. An event that follows a bad month (a
/// ride-along booked after a miss) shows as negative leads, not as a lift after it; the
/// joint test of the leads says so, and the effect is then not credible.
///
/// A group's effect is the mean of its lag coefficients 1…3: attainment in the three months
/// after an event's month relative to the rep's months with no such event within three
/// months, net of rep, rep trend and calendar month. Events overlap freely: counts add
/// linearly.
public struct EventStudy: Sendable {
    /// Relative months: −3…−1 leads, 0 the event's month, 1…3 lags.
    public static let relativeMonths = Array(-3...3)
    static let leads = [-3, -2, -1]
    static let lags = [1, 2, 3]

    /// One coefficient: a group's events `relativeMonth` months before the rep-month.
    public struct Coefficient: Sendable {
        public var group: Int
        public var relativeMonth: Int
        public var estimate: Double
        public var interval: (low: Double, high: Double)?
    }

    /// An estimate with its interval and p-value (t with G − 1 degrees of freedom).
    public struct Estimate: Sendable {
        public var value: Double
        public var interval: (low: Double, high: Double)?
        public var pValue: Double?
    }

    public let coefficients: [Coefficient]
    /// The groups with events, in order: the others have no coefficients.
    public let groups: [Int]
    public let observations: Int
    public let managers: Int
    private let model: FixedEffectsRegression

    /// The study of all reps of `grid`, summed on up to `threads` threads: both passes
    /// over fixed blocks of reps, merged exactly.
    /// - Parameters:
    ///   - grid: each rep's attainment by month.
    ///   - counts: each group's events by rep and month.
    ///   - repManagers: each rep's manager (the clusters).
    ///   - repTrends: whether each rep's own linear trend is netted out (the default).
    ///   - threads: threads to sum the reps on; the result does not depend on it.
    /// - Returns: nil without two groups' worth of identifying variation: fewer than two
    ///   managers, no group with events, or a singular design.
    /// - Complexity: O(rep-months × (nonzero regressors)² + reps × months²); in memory,
    ///   beyond the grid and counts, O(months² + managers × regressors): each rep's rows are
    ///   formed, used and dropped, twice (the sums, then the clustered scores).
    public init?(grid: RepMonthGrid, counts: Counts, repManagers: [Int32], repTrends: Bool = true, threads: Int = 1) {
        guard let first = BlockReduction.reduce(
            units: grid.reps, threads: threads,
            partial: { FirstPass(grid: grid, counts: counts, reps: $0, unitTrends: repTrends) },
            merge: { $0.merge($1) }),
            let fit = first.fit,
            let second = BlockReduction.reduce(
                units: grid.reps, threads: threads,
                partial: { SecondPass(grid: grid, counts: counts, reps: $0, repManagers: repManagers, given: first, fit: fit) },
                merge: { $0.merge($1) })
        else { return nil }
        self.init(first, second)
    }

    /// The study from the merged passes over all reps: the coefficients from `first`'s sums,
    /// their covariance from `second`'s scores. Nil as the other initialiser says.
    public init?(_ first: FirstPass, _ second: SecondPass) {
        guard let fit = first.fit, second.regressors == fit.coefficients.count,
              let scores = second.orderedScores,
              let model = ShortPanelRegression.regression(fit, clusterScores: scores)
        else { return nil }
        let groups = first.groupsWithEvents
        self.model = model
        self.groups = groups
        self.observations = model.observations
        self.managers = model.clusters
        var coefficients: [Coefficient] = []
        for (g, group) in groups.enumerated() {
            for (r, k) in Self.relativeMonths.enumerated() {
                let estimate = model.contrast(Self.unit(g * Self.relativeMonths.count + r, of: model.coefficients.count))
                coefficients.append(Coefficient(group: group, relativeMonth: k, estimate: estimate.estimate, interval: estimate.interval()))
            }
        }
        self.coefficients = coefficients
    }

    /// The effect of `group`'s events: the mean of its lags 1…3; nil for a group without events.
    public func effect(of group: Int) -> Estimate? {
        weights([(group, 1)]).map(estimate)
    }

    /// The effect of `a`'s events minus that of `b`'s.
    public func difference(_ a: Int, _ b: Int) -> Estimate? {
        weights([(a, 1), (b, -1)]).map(estimate)
    }

    /// The joint test that the leads of `groups` are all zero: attainment did not already
    /// move in the three months before their events. Nil when a group has no events.
    public func pretrendTest(_ groups: [Int]) -> FixedEffectsRegression.WaldTest? {
        var rows: [[Double]] = []
        for group in groups {
            guard let g = self.groups.firstIndex(of: group) else { return nil }
            for k in Self.leads {
                rows.append(Self.unit(g * Self.relativeMonths.count + Self.relativeMonths.firstIndex(of: k)!, of: model.coefficients.count))
            }
        }
        return model.waldTest(rows)
    }

    /// The contrast weights of Σ sign × mean of a group's lags; nil when a group has no events.
    private func weights(_ terms: [(group: Int, sign: Double)]) -> [Double]? {
        var c = [Double](repeating: 0, count: model.coefficients.count)
        for (group, sign) in terms {
            guard let g = groups.firstIndex(of: group) else { return nil }
            for k in Self.lags {
                c[g * Self.relativeMonths.count + Self.relativeMonths.firstIndex(of: k)!] += sign / Double(Self.lags.count)
            }
        }
        return c
    }

    private func estimate(_ c: [Double]) -> Estimate {
        let contrast = model.contrast(c)
        return Estimate(value: contrast.estimate, interval: contrast.interval(), pValue: contrast.pValue)
    }

    private static func unit(_ index: Int, of count: Int) -> [Double] {
        var c = [Double](repeating: 0, count: count)
        c[index] = 1
        return c
    }
}
