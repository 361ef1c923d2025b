import CoachLabPluginAPI
import CoachLabRendering
import CoachLabStatistics

/// Whether the segments of `--by` differ in what each plugin estimates with an interval:
/// per estimate (a rate difference, a slope difference, an effect), Cochran's Q over the
/// segments' values, their standard errors read off their 95% intervals. The segments hold
/// disjoint reps and managers, so their estimates are independent. Each test's p-value is in
/// the run's family, adjusted with the rest: a difference between segments is a finding too.
struct SegmentDifferences {
    struct Test {
        var pluginID: String
        var key: String
        var test: HeterogeneityTest
        var segments: [String]
    }

    var tests: [Test] = []

    /// - Parameter plugins: per plugin, each segment's name and summary.
    init(_ plugins: [(pluginID: String, segments: [(segment: String, summary: [ResultField])])]) {
        for plugin in plugins {
            guard let first = plugin.segments.first else { continue }
            for field in first.summary where SummaryInterval(of: field.key, in: first.summary) != nil {
                var estimates: [Double] = [], intervals: [(low: Double, high: Double)] = [], names: [String] = []
                for segment in plugin.segments {
                    guard let value = segment.summary.first(where: { $0.key == field.key })?.value.doubleValue,
                          let (low, high) = SummaryInterval(of: field.key, in: segment.summary)?.bounds, high > low else { continue }
                    estimates.append(value)
                    intervals.append((low, high))
                    names.append(segment.segment)
                }
                if let test = HeterogeneityTest(estimates: estimates, intervals: intervals) {
                    tests.append(Test(pluginID: plugin.pluginID, key: field.key, test: test, segments: names))
                }
            }
        }
    }

    /// Per test, its Q and p-value (`PLUGIN:KEY_segments_differ_q`, `…_p_value`), the p-value in the run's family.
    var summary: [ResultField] {
        tests.flatMap { test in
            let base = "\(test.pluginID):\(test.key)_segments_differ"
            let name = "\(HumanFormat.readable(key: test.key)) differs between segments (\(test.pluginID))"
            return [
                ResultField(base + "_q", .number(test.test.q), .statistic, label: name + ", Cochran's Q"),
                ResultField(base + "_p_value", .number(test.test.pValue), .pValue, label: name),
            ]
        }
    }

    /// The tests as a table, one row each.
    var table: ResultTable {
        var table = ResultTable(name: "between_segments", columns: [
            ResultColumn("plugin", label: "Plugin", .label), ResultColumn("estimate", label: "Estimate", .label),
            ResultColumn("segments", label: "Segments", .count(of: .groups)), ResultColumn("pooled", label: "Pooled", .statistic),
            ResultColumn("q", label: "Cochran's Q", .statistic), ResultColumn("df", label: "df", .degreesOfFreedom),
            ResultColumn("p_value", label: "p", .pValueOutsideFamily),
        ])
        for test in tests {
            table.rows.append([.text(test.pluginID), .text(test.key), .integer(test.segments.count), .number(test.test.pooled),
                               .number(test.test.q), .integer(test.test.degreesOfFreedom), .number(test.test.pValue)])
        }
        return table
    }

    var finding: Finding? {
        guard !tests.isEmpty else { return nil }
        let below = tests.filter { $0.test.pValue < 0.05 }.count
        return Finding("Of {tests} estimate(s) with an interval, the segments differ beyond chance in {below} before adjusting for the run's other tests (Cochran's Q, p < 0.05).",
                       ["tests": .count(tests.count), "below": .count(below)])
    }

    static let note = "Between segments: for each estimate with a 95% interval, Cochran's Q (the inverse-variance weighted squared deviations of the segments' values from their pooled value) against chi-squared with segments − 1 degrees of freedom. Standard errors are the intervals' half-widths over 1.96; where an interval comes from a t distribution that overstates the error, so the test is conservative. Its p-values are adjusted with the run's others; the table's repeat them unadjusted."
}
