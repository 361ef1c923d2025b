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
            for field in first.summary where Self.isEstimate(field) {
                var estimates: [Double] = [], intervals: [(low: Double, high: Double)] = [], names: [String] = []
                for segment in plugin.segments {
                    let values = Dictionary(segment.summary.map { ($0.key, $0.value) }, uniquingKeysWith: { first, _ in first })
                    // The interval clustered by manager where there is one: the other treats
                    // a manager's reps as independent.
                    let prefix = values[field.key + "_clustered_ci_low"] != nil ? field.key + "_clustered" : field.key
                    guard let value = values[field.key]?.doubleValue, let low = values[prefix + "_ci_low"]?.doubleValue,
                          let high = values[prefix + "_ci_high"]?.doubleValue, high > low else { continue }
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

    /// A summary value with a 95% interval beside it (`K_ci_low` or `K_clustered_ci_low`).
    static func isEstimate(_ field: ResultField) -> Bool {
        guard field.value.doubleValue != nil, !field.key.hasSuffix("_ci_low"), !field.key.hasSuffix("_ci_high") else { return false }
        return true
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
