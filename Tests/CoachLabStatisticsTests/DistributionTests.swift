import CoachLabStatistics
import CoachLabTestSupport
import Foundation
import Testing

/// Reference values from scipy/statsmodels (Fixtures/make_reference.py).
var reference: [String: Any] {
    TestFiles.json(at: TestFiles.repositoryRoot.appendingPathComponent(
    "Tests/CoachLabStatisticsTests/Fixtures/reference.json")) as! [String: Any]
}

func rows(_ key: String) -> [[Double]] {
    (reference[key] as! [[NSNumber]]).map { $0.map(\.doubleValue) }
}

@Suite struct DistributionTests {
    @Test func normalQuantileFarIntoTheTails() {
        for row in rows("normal_quantile") {
            #expect(Tolerance.agrees(NormalDistribution.quantile(row[0]), row[1], relative: 1e-14), "p = \(row[0])")
        }
    }

    @Test func normalTwoSidedPValues() {
        for row in rows("normal_two_sided") {
            #expect(Tolerance.agrees(NormalDistribution.twoSidedPValue(row[0]), row[1], relative: 1e-13), "z = \(row[0])")
        }
    }

    @Test func chiSquaredSurvival() {
        for row in rows("chi2_sf") {
            let value = ChiSquaredDistribution(degreesOfFreedom: row[1]).survival(row[0])
            #expect(Tolerance.agrees(value, row[2], relative: 1e-11), "x = \(row[0]), df = \(row[1])")
        }
    }

    @Test func studentTSurvival() {
        for row in rows("t_sf") {
            let value = StudentTDistribution(degreesOfFreedom: row[1]).survival(row[0])
            #expect(Tolerance.agrees(value, row[2], relative: 1e-11), "t = \(row[0]), df = \(row[1])")
        }
    }

    @Test func studentTQuantile() {
        for row in rows("t_quantile") {
            let value = StudentTDistribution(degreesOfFreedom: row[1]).quantile(row[0])
            #expect(Tolerance.agrees(value, row[2], relative: 1e-12), "p = \(row[0]), df = \(row[1])")
        }
    }

    @Test func incompleteBetaAndGamma() {
        for row in rows("beta_inc") {
            #expect(Tolerance.agrees(SpecialFunctions.regularizedBeta(row[0], row[1], row[2]), row[3], relative: 1e-12), "\(row)")
        }
        for row in rows("gamma_q") {
            #expect(Tolerance.agrees(SpecialFunctions.regularizedGammaQ(row[0], row[1]), row[2], relative: 1e-12), "\(row)")
        }
    }
}

@Suite struct EstimatorTests {
    @Test func wilsonIntervals() {
        for row in rows("wilson") {
            let interval = WilsonInterval.interval(successes: Int(row[0]), trials: Int(row[1]))!
            #expect(Tolerance.agrees(interval.low, row[2], relative: 1e-12, absolute: 1e-15), "\(row)")
            #expect(Tolerance.agrees(interval.high, row[3], relative: 1e-12), "\(row)")
        }
        #expect(WilsonInterval.interval(successes: 0, trials: 0) == nil)
    }

    @Test func pearsonCorrelation() {
        for case let reference as [String: Any] in reference["pearson"] as! [Any] {
            let x = (reference["x"] as! [NSNumber]).map(\.doubleValue)
            let y = (reference["y"] as! [NSNumber]).map(\.doubleValue)
            let result = PearsonCorrelation.test(x, y)!
            #expect(Tolerance.agrees(result.r, (reference["r"] as! NSNumber).doubleValue, relative: 1e-12))
            #expect(Tolerance.agrees(result.pValue, (reference["p"] as! NSNumber).doubleValue, relative: 1e-9))
            #expect(Tolerance.agrees(result.interval!.low, (reference["low"] as! NSNumber).doubleValue, relative: 1e-12))
            #expect(Tolerance.agrees(result.interval!.high, (reference["high"] as! NSNumber).doubleValue, relative: 1e-12))
        }
        #expect(PearsonCorrelation.test([1, 2], [3, 4]) == nil)
        #expect(PearsonCorrelation.test([1, 1, 1], [3, 4, 5]) == nil)
    }

    @Test func welchTest() {
        let welch = reference["welch"] as! [String: Any]
        let a = (welch["a"] as! [NSNumber]).map(\.doubleValue)
        let b = (welch["b"] as! [NSNumber]).map(\.doubleValue)
        let result = WelchTest.test(SampleSummary(a), SampleSummary(b))!
        #expect(Tolerance.agrees(result.t, (welch["t"] as! NSNumber).doubleValue, relative: 1e-12))
        #expect(Tolerance.agrees(result.degreesOfFreedom, (welch["df"] as! NSNumber).doubleValue, relative: 1e-12))
        #expect(Tolerance.agrees(result.pValue, (welch["p"] as! NSNumber).doubleValue, relative: 1e-10))
        let interval = WelchTest.differenceInterval(SampleSummary(a), SampleSummary(b))!
        #expect(Tolerance.agrees(interval.low, (welch["ci_low"] as! NSNumber).doubleValue, relative: 1e-10))
        #expect(Tolerance.agrees(interval.high, (welch["ci_high"] as! NSNumber).doubleValue, relative: 1e-10))
        #expect(WelchTest.test(SampleSummary([1]), SampleSummary([1, 2])) == nil)
        #expect(WelchTest.test(SampleSummary([1, 1]), SampleSummary([2, 2])) == nil)
    }

    /// A group of fewer managers than asked has no interval, and the counts say how many
    /// each group has (the values against the reference: CR2RegressionTests).
    @Test func groupDifferenceNeedsClustersInBothGroups() {
        let fit = ClusteredGroupDifference.fit(
            groups: [2, 2, 0, 0, 0, 1], rows: [5, 4, 6, 3, 2, 7], sumsOfY: [3, 1, 2, 1, 1, 4], groupCount: 3, a: 2, b: 0)
        #expect(fit == .failure(.tooFewClusters(a: 2, b: 3)))
        let allowed = ClusteredGroupDifference.fit(
            groups: [2, 2, 0, 0, 0, 1], rows: [5, 4, 6, 3, 2, 7], sumsOfY: [3, 1, 2, 1, 1, 4], groupCount: 3, a: 2, b: 0,
            minimumClusters: 2)
        #expect((try? allowed.get()) != nil)
    }

    /// Two samples sharing clusters: the same interval for any relabelling of the clusters;
    /// none for a sample from too few clusters, or without variation.
    @Test func meanDifferenceIgnoresLabelsAndRefusesTooLittle() throws {
        let data = reference["clustered_mean_difference"] as! [String: Any]
        let a = (data["a"] as! [NSNumber]).map(\.doubleValue), b = (data["b"] as! [NSNumber]).map(\.doubleValue)
        let ca = (data["clusters_a"] as! [NSNumber]).map { Int32($0.intValue) }
        let cb = (data["clusters_b"] as! [NSNumber]).map { Int32($0.intValue) }
        let fit = try ClusteredMeanDifference.fit(a: a, clustersOfA: ca, b: b, clustersOfB: cb, minimumClusters: 2).get()
        #expect(Tolerance.agrees(fit.difference, (data["difference"] as! NSNumber).doubleValue, relative: 1e-11, absolute: 1e-14))
        #expect(fit.clusters == Set(ca + cb).count)
        let relabelled = try ClusteredMeanDifference.fit(
            a: a, clustersOfA: ca.map { 1_000 - $0 }, b: b, clustersOfB: cb.map { 1_000 - $0 }, minimumClusters: 2).get()
        #expect(Tolerance.agrees(relabelled.low, fit.low, relative: 1e-12, absolute: 1e-15))
        let oneCluster = ClusteredMeanDifference.fit(
            a: a, clustersOfA: [Int32](repeating: ca[0], count: a.count), b: b, clustersOfB: cb, minimumClusters: 2)
        #expect(oneCluster == .failure(.tooFewClusters(a: 1, b: Set(cb).count)))
        // Two clusters in each sample, five asked for: no interval.
        let few = ClusteredMeanDifference.fit(a: [1, 2, 3, 4], clustersOfA: [1, 1, 2, 2], b: [2, 3, 4, 5], clustersOfB: [3, 3, 4, 4])
        #expect(few == .failure(.tooFewClusters(a: 2, b: 2)))
        // Outcomes equal to their sample's mean: no variation, no interval.
        let flat = ClusteredMeanDifference.fit(
            a: [1, 1, 1], clustersOfA: [1, 2, 3], b: [0, 0, 0], clustersOfB: [3, 4, 5], minimumClusters: 2)
        #expect(flat == .failure(.noVariation))
    }

    @Test func contingencyTestsRefuseDegenerateTables() {
        #expect(ContingencyTests.pearsonChiSquare(successes: [5, 0, 0], trials: [10, 0, 0]) == nil)
        #expect(ContingencyTests.pearsonChiSquare(successes: [10, 20], trials: [10, 20]) == nil)
        #expect(ContingencyTests.cochranArmitage(successes: [0, 0, 0], trials: [5, 5, 5], scores: [0, 1, 2]) == nil)
    }

    @Test func summariesAreStableAndMergeable() {
        var generator = SplitMixGenerator(seed: 42)
        let values = (0..<1_000).map { _ in 1e6 + Double.random(in: 0..<1, using: &generator) }
        let whole = SampleSummary(values)
        var merged = SampleSummary(values[..<317])
        merged.merge(SampleSummary(values[317...]))
        let mean = values.reduce(0, +) / Double(values.count)
        let variance = values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(values.count - 1)
        #expect(Tolerance.agrees(whole.variance!, variance, relative: 1e-6))
        #expect(Tolerance.agrees(merged.variance!, whole.variance!, relative: 1e-9))
        #expect(Tolerance.agrees(merged.mean, whole.mean, relative: 1e-15))
        #expect(OrderStatistics.quantiles([3, 1, 2], [0.5]) == [2])
        let quartiles = OrderStatistics.quantiles([4, 1, 3, 2], [0, 0.5, 0.9, 1]).map { $0! }
        for (got, want) in zip(quartiles, [1, 2.5, 3.7, 4]) { #expect(Tolerance.agrees(got, want, relative: 1e-14)) }
        #expect(OrderStatistics.quantiles([], [0.5]) == [nil])
        #expect(CompensatedSum.of([1e16, 1, -1e16]) == 1)
    }
}
