import CoachLabStatistics
import CoachLabTestSupport
import Foundation
import Testing

/// Cochran's Q against statsmodels' meta-analysis (Fixtures/make_heterogeneity_reference.py),
/// and its size by simulation: equal true values give p < 0.05 about 5% of the time.
@Suite struct HeterogeneityTestTests {
    @Test func matchesStatsmodels() throws {
        let url = TestFiles.repositoryRoot.appendingPathComponent("Tests/CoachLabStatisticsTests/Fixtures/heterogeneity_reference.json")
        let object = try #require(TestFiles.json(at: url) as? [String: Any])
        let cases = try #require(object["cases"] as? [[String: Any]])
        #expect(cases.count == 12)
        for entry in cases {
            let estimates = try #require(entry["estimates"] as? [Double]), errors = try #require(entry["standard_errors"] as? [Double])
            let test = try #require(HeterogeneityTest(estimates: estimates, standardErrors: errors))
            #expect(Tolerance.agrees(test.q, try #require(entry["q"] as? Double), relative: 1e-12, absolute: 1e-15))
            #expect(test.degreesOfFreedom == (try #require(entry["df"] as? Int)))
            #expect(Tolerance.agrees(test.pValue, try #require(entry["p_value"] as? Double), relative: 1e-10, absolute: 1e-15))
            #expect(Tolerance.agrees(test.pooled, try #require(entry["pooled"] as? Double), relative: 1e-12, absolute: 1e-15))
        }
    }

    @Test func needsTwoUsableEstimates() {
        #expect(HeterogeneityTest(estimates: [0.1], standardErrors: [0.01]) == nil)
        #expect(HeterogeneityTest(estimates: [0.1, .nan, 0.2], standardErrors: [0.01, 0.01, 0]) == nil)
        let intervals = HeterogeneityTest(estimates: [0.1, 0.2], intervals: [(0.1 - 1.959964 * 0.05, 0.1 + 1.959964 * 0.05), (0.2 - 1.959964 * 0.05, 0.2 + 1.959964 * 0.05)])
        #expect(intervals.map { abs($0.q - 2.0) < 1e-5 } == true)  // (0.05 / 0.05)² × 2
    }

    @Test func holdsItsSizeWhenTheValuesAreEqual() {
        var generator = SplitMixGenerator(seed: 7)
        var rejections = 0
        let trials = 4000
        for _ in 0..<trials {
            let errors = (0..<6).map { _ in 0.01 + 0.05 * Double(generator.next() % 1000) / 1000 }
            let estimates = errors.map { 0.1 + $0 * Self.normal(&generator) }
            if let test = HeterogeneityTest(estimates: estimates, standardErrors: errors), test.pValue < 0.05 { rejections += 1 }
        }
        // 5% of 4000 is 200, with a standard deviation of 14: within 3.5 of them.
        #expect(abs(rejections - 200) < 50, "\(rejections) of \(trials)")
    }

    /// A standard normal draw (Box–Muller).
    static func normal(_ generator: inout SplitMixGenerator) -> Double {
        let u = (Double(generator.next() >> 11) + 0.5) / 9_007_199_254_740_992
        let v = Double(generator.next() >> 11) / 9_007_199_254_740_992
        return (-2 * Foundation.log(u)).squareRoot() * Foundation.cos(2 * Double.pi * v)
    }
}
