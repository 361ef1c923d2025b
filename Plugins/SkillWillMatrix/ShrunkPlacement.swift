import CoachLabPluginAPI
import CoachLabStatistics

/// Every rep placed from its record shrunk toward its coaching tier's mean (empirical Bayes,
/// ``NormalShrinkage``): a quadrant only where the posterior puts the rep on its side of each
/// dividing line with at least the probability asked for, `uncertain` otherwise.
///
/// - Follow-through: a rep's share met m / n, with the binomial sampling variance at its
///   tier's pooled share p̄ (Σ met / Σ judged over the tier's reps): p̄(1 − p̄) / n. The line
///   is a share of ½ (follows at ½ or above).
/// - Change in attainment: a rep's mean outcome over its commitments with one, with the
///   sampling variance s² · Σ_t w_t² of ``ChangeNoise``. The line is 0 (improving above it).
struct ShrunkPlacement {
    /// One rep's shrunk values and probabilities; nil where it has no estimate or its tier
    /// no model.
    struct Rep {
        var shareMet: Double?
        /// B: the weight of the rep's own share met in ``shareMet`` (the rest is its tier's).
        var shareMetWeight: Double?
        var probabilityFollows: Double?
        var change: Double?
        var changeWeight: Double?
        var probabilityImproving: Double?
        var quadrant: Quadrant
        /// Whether the posterior placed the rep on_track, skill_gap or will_gap by a line
        /// where its tier's τ² is 0: the rep's own record had no weight there, so the label
        /// would be its tier's, not its own, and the rep is left `uncertain`.
        var placedByTierAlone = false
    }

    var reps: [Rep]
    /// Per tier (by raw value), the follow-through model; nil with fewer than two reps.
    var followThrough: [NormalShrinkage?]
    /// Per tier, the change model; nil with fewer than two reps or without s².
    var change: [NormalShrinkage?]
    /// Per tier, the reps with judged commitments and those with an outcome.
    var repsJudged: [Int]
    var repsWithChange: [Int]
    /// s², the noise of a month's attainment (``ChangeNoise/monthVariance(_:)``).
    var monthVariance: Double?

    /// - Parameters:
    ///   - records: each rep's commitments counted.
    ///   - changeWeightSquares: each rep's Σ_t w_t² (``ChangeNoise/weightSquares(_:grid:)``).
    ///   - monthVariance: s².
    ///   - tiers: each rep's manager's tier.
    ///   - reliability: the probability a quadrant needs on each side of its lines.
    /// - Complexity: O(reps + outcomes).
    init(records: [RepCommitments], changeWeightSquares: [Double?], monthVariance: Double?, tiers: [CoachingTier], reliability: Double) {
        let tierCount = CoachingTier.allCases.count
        self.monthVariance = monthVariance

        var judgedSum = [Int](repeating: 0, count: tierCount), metSum = judgedSum
        for (rep, record) in records.enumerated() where record.judged > 0 {
            judgedSum[tiers[rep].rawValue] += record.judged
            metSum[tiers[rep].rawValue] += record.met
        }
        let pooled = (0..<tierCount).map { judgedSum[$0] > 0 ? Double(metSum[$0]) / Double(judgedSum[$0]) : 0 }
        func followVariance(_ rep: Int) -> Double {
            let p = pooled[tiers[rep].rawValue]
            return p * (1 - p) / Double(records[rep].judged)
        }
        func changeVariance(_ rep: Int) -> Double? {
            guard let s2 = monthVariance, let squares = changeWeightSquares[rep] else { return nil }
            return s2 * squares
        }

        var followEstimates = [[Double]](repeating: [], count: tierCount), followVariances = followEstimates
        var changeEstimates = followEstimates, changeVariances = followEstimates
        for (rep, record) in records.enumerated() {
            let tier = tiers[rep].rawValue
            if let share = record.shareMet {
                followEstimates[tier].append(share)
                followVariances[tier].append(followVariance(rep))
            }
            if let outcome = record.outcome, let variance = changeVariance(rep) {
                changeEstimates[tier].append(outcome)
                changeVariances[tier].append(variance)
            }
        }
        let followModels = (0..<tierCount).map { NormalShrinkage(estimates: followEstimates[$0], variances: followVariances[$0]) }
        let changeModels = (0..<tierCount).map { NormalShrinkage(estimates: changeEstimates[$0], variances: changeVariances[$0]) }
        followThrough = followModels
        change = changeModels
        repsJudged = followEstimates.map(\.count)
        repsWithChange = (0..<tierCount).map { tier in
            records.indices.filter { tiers[$0].rawValue == tier && records[$0].outcome != nil }.count
        }

        reps = records.indices.map { rep in
            let record = records[rep]
            var placed = Rep(quadrant: record.rawQuadrant)
            guard record.judged > 0 else { return placed }
            let tier = tiers[rep].rawValue
            if let model = followModels[tier], let share = record.shareMet {
                let posterior = model.posterior(estimate: share, samplingVariance: followVariance(rep))
                placed.shareMet = posterior.mean
                placed.shareMetWeight = model.weight(samplingVariance: followVariance(rep))
                placed.probabilityFollows = NormalShrinkage.probability(
                    above: 0.5, mean: posterior.mean, variance: posterior.variance, includingLine: true)
            }
            if let model = changeModels[tier], let outcome = record.outcome, let variance = changeVariance(rep) {
                let posterior = model.posterior(estimate: outcome, samplingVariance: variance)
                placed.change = posterior.mean
                placed.changeWeight = model.weight(samplingVariance: variance)
                placed.probabilityImproving = NormalShrinkage.probability(
                    above: 0, mean: posterior.mean, variance: posterior.variance, includingLine: false)
            }
            placed.quadrant = Self.quadrant(placed, hasOutcome: record.outcome != nil, reliability: reliability)
            let flatFollow = followModels[tier]?.betweenVariance == 0, flatChange = changeModels[tier]?.betweenVariance == 0
            switch placed.quadrant {
            case .willGap: placed.placedByTierAlone = flatFollow
            case .onTrack, .skillGap: placed.placedByTierAlone = flatFollow || flatChange
            default: break
            }
            // A label a manager acts on must say something about the rep: one its tier's
            // mean alone decided is withheld.
            if placed.placedByTierAlone { placed.quadrant = .uncertain }
            return placed
        }
    }

    /// The quadrant of a rep with judged commitments: `will_gap` when it is below the
    /// follow-through line with probability ≥ `reliability`; when it is at or above it with
    /// that probability, `on_track` or `skill_gap` by the same test at the change line
    /// (`not_assessable` without an outcome); `uncertain` otherwise.
    static func quadrant(_ rep: Rep, hasOutcome: Bool, reliability: Double) -> Quadrant {
        guard let follows = rep.probabilityFollows else { return .uncertain }
        if follows >= reliability {
            guard hasOutcome else { return .notAssessable }
            guard let improving = rep.probabilityImproving else { return .uncertain }
            if improving >= reliability { return .onTrack }
            return 1 - improving >= reliability ? .skillGap : .uncertain
        }
        return 1 - follows >= reliability ? .willGap : .uncertain
    }
}
