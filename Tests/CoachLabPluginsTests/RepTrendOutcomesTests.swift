import CoachLabTestSupport
import Testing
import CoachLabPluginAPI
@testable import CoachLabKernels

/// Finalize's per-rep outcomes pass and its grouping by tier, against the plain per-rep
/// definitions, across more reps than one chunk holds and on any number of threads.
@Suite struct RepTrendOutcomesTests {
    /// Trends of 9,000 reps (0 to 20 months each; every 97th rep with an attainment too
    /// large to sum) and the points their windows name.
    private static func trends() -> (trends: [RepTrend], points: TrendPoints) {
        var random = SplitMixGenerator(seed: 29)
        var months: [Int32] = []
        var values: [Double] = []
        var trends = [RepTrend](repeating: RepTrend(), count: 9_000)
        for rep in trends.indices {
            for month in (0..<40).shuffled(using: &random).prefix(Int.random(in: 0...20, using: &random)) {
                let id = Int32(months.count)
                months.append(RepTrend.origin + Int32(month))
                values.append(rep % 97 == 5 ? 0x1p70 : Double.random(in: 0...3, using: &random))
                months.withUnsafeBufferPointer {
                    trends[rep].add(id: id, month: months.last!, attainment: values.last!, months: $0)
                }
            }
        }
        return (trends, TrendPoints(months: months, values: values))
    }

    @Test(arguments: [1, 3])
    func eachRepsKindAndSlopeFollowItsTrend(threads: Int) {
        let (trends, points) = Self.trends()
        let minPeriods = 4
        let outcomes = points.withBuffers { RepTrendOutcomes(trends, points: $0, minPeriods: minPeriods, threads: threads) }
        var seen = Set<RepTrendOutcomes.Kind>()
        for (rep, trend) in trends.enumerated() {
            let expected: RepTrendOutcomes.Kind = switch (trend.count, trend.slope) {
            case (0, _): .noData
            case (..<minPeriods, _): .tooFewMonths
            case (_, .some): trend.count >= 2 * RepTrend.window ? .slopeAndMeans : .slope
            case (_, .none): trend.sumY.isValid && trend.sumXY.isValid ? .noSlope : .overflowed
            }
            #expect(outcomes.kinds[rep] == expected, "rep \(rep)")
            seen.insert(expected)
            if expected.hasSlope {
                #expect(outcomes.slopes[rep] == trend.slope!)
            } else {
                #expect(outcomes.slopes[rep].isNaN)
            }
        }
        // Every kind but "no spread in months" (a rep with months has two distinct ones here).
        #expect(seen == [.noData, .tooFewMonths, .overflowed, .slope, .slopeAndMeans])
    }

    /// The chunked, slot-by-slot means equal each window's own mean, to the bit.
    @Test(arguments: [1, 3])
    func slotBySlotMeansEqualEachWindowsMean(threads: Int) {
        let (trends, points) = Self.trends()
        points.withBuffers { points in
            let outcomes = RepTrendOutcomes(trends, points: points, minPeriods: 2, threads: threads)
            for (rep, trend) in trends.enumerated() where trend.count >= 2 * RepTrend.window {
                #expect(outcomes.early[rep] == points.mean(trend.earliest))
                #expect(outcomes.late[rep] == points.mean(trend.latest))
            }
        }
    }

    @Test(arguments: [1, 2, 3])
    func groupingByTierKeepsRepOrderWithinEachTier(threads: Int) {
        let (trends, points) = Self.trends()
        let outcomes = points.withBuffers { RepTrendOutcomes(trends, points: $0, minPeriods: 2, threads: threads) }
        var random = SplitMixGenerator(seed: 31)
        // Tier 2 has no reps at all.
        let tiers = trends.indices.map { _ in [Int8(0), 1, 3][Int.random(in: 0...2, using: &random)] }
        let grouped = outcomes.groupedByTier(tiers, tierCount: 4, threads: threads)
        for tier in 0..<4 {
            let reps = trends.indices.filter { Int(tiers[$0]) == tier }
            #expect(grouped.slopes[tier].elementsEqual(reps.filter { outcomes.kinds[$0].hasSlope }.map { outcomes.slopes[$0] }), "tier \(tier)")
            let withMeans = reps.filter { outcomes.kinds[$0] == .slopeAndMeans }
            #expect(grouped.early[tier].elementsEqual(withMeans.map { outcomes.early[$0] }), "tier \(tier)")
            #expect(grouped.late[tier].elementsEqual(withMeans.map { outcomes.late[$0] }), "tier \(tier)")
        }
        #expect(grouped.slopes[2].isEmpty && [0, 1, 3].allSatisfy { grouped.slopes[$0].count > 1_000 })
    }
}
