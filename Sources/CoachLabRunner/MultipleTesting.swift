import CoachLabStatistics
import CoachLabPluginAPI

/// A run's p-values adjusted together for multiple testing: computed once from its results,
/// then presented by every renderer (the JSON's `multiple_testing` object, the mark on a
/// finding that does not survive the adjustment).
///
/// The family is every p-value the results' summaries carry: each summary field whose role
/// is ``MetricResult/Role/pValue`` and whose value is a number, in the order the plugins ran and,
/// within a result, the summary's order. A null p-value (a test that could not be computed)
/// is not in the family. A table's p-values are not in it either: the summary holds the tests
/// a result stands behind, while a table breaks a result down (the built-in `elasticities`
/// table repeats its summary's p-values, which would count each test twice, and a table of
/// reps or managers could hold thousands, drowning the tests a run is read for).
public struct MultipleTesting: Sendable, Equatable {
    /// One p-value of the family.
    public struct Test: Sendable, Equatable {
        /// The plugin whose summary holds the p-value.
        public var pluginID: String
        /// The summary key of the p-value.
        public var key: String
        public var pValue: Double
        /// The p-value adjusted with the rest of the family (the p-value itself for
        /// ``PValueAdjustment/unadjusted``).
        public var adjustedPValue: Double
        /// Whether the p-value is below the level but its adjusted value is not: a finding
        /// that does not survive the adjustment.
        public var losesSignificance: Bool
    }

    public var method: PValueAdjustment
    /// The level a p-value is compared with, raw and adjusted: significant when below it.
    public var alpha: Double
    /// The family, in order.
    public var tests: [Test]

    /// The family of `results`' p-values (see above), adjusted together by `method`.
    /// - Complexity: O(*f* + *m* log *m*) for *f* summary fields holding *m* p-values.
    public init(results: [MetricResult], method: PValueAdjustment, alpha: Double = 0.05) {
        var located: [(pluginID: String, key: String, pValue: Double)] = []
        for result in results {
            for field in result.summary where field.role == .pValue {
                if case .number(let p) = field.value, !p.isNaN { located.append((result.pluginID, field.key, p)) }
            }
        }
        let adjusted = method.adjusted(located.map(\.pValue))
        self.method = method
        self.alpha = alpha
        self.tests = zip(located, adjusted).map { test, adjusted in
            let adjusted = adjusted ?? test.pValue
            return Test(pluginID: test.pluginID, key: test.key, pValue: test.pValue, adjustedPValue: adjusted,
                        losesSignificance: test.pValue < alpha && !(adjusted < alpha))
        }
    }

    /// The number of p-values adjusted together.
    public var familySize: Int { tests.count }

    /// How many p-values below the level are not below it once adjusted.
    public var lostSignificance: Int { tests.count { $0.losesSignificance } }

    /// The test of the summary field `key` of plugin `pluginID`, if it is in the family.
    public func test(plugin pluginID: String, key: String) -> Test? {
        tests.first { $0.pluginID == pluginID && $0.key == key }
    }

    /// A test of plugin `pluginID` whose p-value is `pValue`, if one is in the family: for a
    /// finding or a table cell, which carries a p-value but not the summary field it repeats.
    /// The value is the same double, computed once, so it is matched exactly; both methods
    /// give equal raw p-values one adjusted value, so any test it matches has the right one.
    public func test(plugin pluginID: String, pValue: Double) -> Test? {
        tests.first { $0.pluginID == pluginID && $0.pValue == pValue }
    }
}
