/// Tests on a table of successes out of trials per group.
public enum ContingencyTests {
    /// The result of Pearson's chi-square test of independence.
    public struct ChiSquareResult: Sendable, Equatable {
        public var statistic: Double
        public var degreesOfFreedom: Int
        public var pValue: Double
    }

    /// Pearson's chi-square test on the groups × {success, failure} table, without
    /// continuity correction, as `scipy.stats.chi2_contingency(correction=False)`.
    /// Groups with no trials are left out.
    /// - Returns: nil with fewer than two groups, or when every trial succeeded or every
    ///   one failed (an expected count of zero).
    public static func pearsonChiSquare(successes: [Int], trials: [Int]) -> ChiSquareResult? {
        let groups = zip(successes, trials).filter { $0.1 > 0 }
        guard groups.count >= 2 else { return nil }
        let total = Double(groups.reduce(0) { $0 + $1.1 })
        let totalSuccesses = Double(groups.reduce(0) { $0 + $1.0 })
        guard totalSuccesses > 0, totalSuccesses < total else { return nil }
        var statistic = CompensatedSum()
        for (k, n) in groups {
            let expectedSuccess = Double(n) * totalSuccesses / total
            let expectedFailure = Double(n) - expectedSuccess
            let success = Double(k) - expectedSuccess
            let failure = Double(n - k) - expectedFailure
            statistic.add(success * success / expectedSuccess)
            statistic.add(failure * failure / expectedFailure)
        }
        let df = groups.count - 1
        let value = statistic.value
        return ChiSquareResult(
            statistic: value, degreesOfFreedom: df,
            pValue: ChiSquaredDistribution(degreesOfFreedom: Double(df)).survival(value))
    }

    /// The result of a test whose statistic is standard normal under the null.
    public struct ZTestResult: Sendable, Equatable {
        public var z: Double
        public var pValue: Double
    }

    /// The Cochran–Armitage test for trend in proportions (Armitage 1955), in the textbook
    /// form z = Σ xᵢ(kᵢ − nᵢp̄) / √(p̄(1 − p̄)(Σ nᵢxᵢ² − (Σ nᵢxᵢ)²/N)), two-sided.
    /// - Returns: nil when the variance is zero (no trials, all or no successes, one score).
    public static func cochranArmitage(successes: [Int], trials: [Int], scores: [Double]) -> ZTestResult? {
        precondition(successes.count == trials.count && trials.count == scores.count)
        let total = Double(trials.reduce(0, +))
        guard total > 0 else { return nil }
        let pBar = Double(successes.reduce(0, +)) / total
        var numerator = CompensatedSum()
        var sumNX = CompensatedSum()
        var sumNX2 = CompensatedSum()
        for i in trials.indices where trials[i] > 0 {
            let n = Double(trials[i])
            numerator.add(scores[i] * (Double(successes[i]) - n * pBar))
            sumNX.add(n * scores[i])
            sumNX2.add(n * scores[i] * scores[i])
        }
        let variance = pBar * (1 - pBar) * (sumNX2.value - sumNX.value * sumNX.value / total)
        guard variance > 0 else { return nil }
        let z = numerator.value / variance.squareRoot()
        return ZTestResult(z: z, pValue: NormalDistribution.twoSidedPValue(z))
    }
}
