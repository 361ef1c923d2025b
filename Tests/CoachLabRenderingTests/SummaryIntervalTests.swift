import CoachLabPluginAPI
@testable import CoachLabRendering
import Testing

/// One reading of the interval keys for every format: the interval clustered by manager wins,
/// and a null one is not replaced by the interval that treats reps as independent.
@Suite struct SummaryIntervalTests {
    static func summary(clustered: (Double?, Double?)?) -> [ResultField] {
        var fields = [
            ResultField("rate_difference", .number(0.1), .proportionDifference),
            ResultField("rate_difference_ci_low", .number(0.08), .proportionDifference),
            ResultField("rate_difference_ci_high", .number(0.12), .proportionDifference),
        ]
        if let (low, high) = clustered {
            fields += [ResultField("rate_difference_clustered_ci_low", .number(low), .proportionDifference),
                       ResultField("rate_difference_clustered_ci_high", .number(high), .proportionDifference)]
        }
        return fields
    }

    @Test func theClusteredIntervalWinsAndANullOneIsNotReplaced() throws {
        let plain = try #require(SummaryInterval(of: "rate_difference", in: Self.summary(clustered: nil)))
        #expect(!plain.isClustered && plain.bounds! == (0.08, 0.12))
        let clustered = try #require(SummaryInterval(of: "rate_difference", in: Self.summary(clustered: (0.02, 0.18))))
        #expect(clustered.isClustered && clustered.bounds! == (0.02, 0.18))
        let null = try #require(SummaryInterval(of: "rate_difference", in: Self.summary(clustered: (nil, nil))))
        #expect(null.isClustered && null.bounds == nil)
        #expect(SummaryInterval(of: "rate_difference_ci_low", in: Self.summary(clustered: nil)) == nil)
    }

    @Test func noDifferenceIsChartedWithoutItsClusteredInterval() {
        let result = { (clustered: (Double?, Double?)?) in
            MetricResult(pluginID: "x", title: "X", summary: Self.summary(clustered: clustered))
        }
        #expect(HTMLRenderer.differences(in: result((0.02, 0.18))).first?.caption.contains("robust to clustering") == true)
        #expect(HTMLRenderer.differences(in: result(nil)).count == 1)
        #expect(HTMLRenderer.differences(in: result((nil, nil))).isEmpty)
    }
}
