import CoachLabPluginAPI
import CoachLabStatistics
import CoachLabRunner

/// The p-values of one result as the human formats show them: a p-value below the level
/// whose adjustment with the rest of the run's family is not (``MultipleTesting``) is
/// followed by a mark — `p = 0.030, adjusted p = 0.210: not significant after Holm
/// adjustment across 16 tests` in a finding or the summary, `p = 0.030, adjusted p = 0.210,
/// not significant` in a table's column, which the format's ``statement(_:)`` explains.
/// Presents what the report's ``RunReport/multipleTesting`` computed; adjusts nothing.
struct PValueMarks {
    /// The run's adjustment; nil for none (no p-value is marked).
    var testing: MultipleTesting?
    /// The result whose p-values these are.
    var pluginID: String

    /// No marks: p-values as they are.
    static let none = PValueMarks(testing: nil, pluginID: "")

    init(testing: MultipleTesting?, pluginID: String) {
        self.testing = testing
        self.pluginID = pluginID
    }

    /// The marks of `result`'s p-values in `report`.
    init(_ report: RunReport, _ result: MetricResult) {
        self.init(testing: report.multipleTesting, pluginID: result.pluginID)
    }

    /// A summary field's text: its p-value's mark is the test of its key.
    func text(of field: ResultField) -> String {
        guard field.role == .pValue, case .number(let p) = field.value else { return HumanFormat.format(field.value, field.role) }
        return HumanFormat.pValue(p) + mark(testing?.test(plugin: pluginID, key: field.key))
    }

    /// A table cell's text: a p-value has the short mark of the test it repeats.
    func text(_ value: MetricResult.Value, _ role: MetricResult.Role) -> String {
        guard role == .pValue, case .number(let p) = value else { return HumanFormat.format(value, role) }
        return HumanFormat.pValue(p) + mark(testing?.test(plugin: pluginID, pValue: p), short: true)
    }

    /// A p-value's text in a finding's sentence, marked as the test it repeats.
    func text(_ p: Double) -> String {
        HumanFormat.pValue(p) + mark(testing?.test(plugin: pluginID, pValue: p))
    }

    /// `, adjusted p = 0.210: not significant after Holm adjustment across 16 tests` (short:
    /// `, adjusted p = 0.210, not significant`), or nothing when `test` keeps its
    /// significance (or had none).
    private func mark(_ test: MultipleTesting.Test?, short: Bool = false) -> String {
        guard let testing, let test, test.losesSignificance else { return "" }
        let adjusted = ", adjusted " + HumanFormat.pValue(test.adjustedPValue)
        if short { return adjusted + ", not significant" }
        return adjusted + ": not significant after " + Self.name(of: testing.method) + " adjustment across "
            + HumanFormat.grouped(testing.familySize) + (testing.familySize == 1 ? " test" : " tests")
    }

    /// What each human format says once about the adjustment: its method, the family's size
    /// and how many p-values it marks; nil when there is no adjustment or no p-value.
    static func statement(_ testing: MultipleTesting?) -> String? {
        guard let testing, testing.familySize > 0 else { return nil }
        let size = testing.familySize
        let level = testing.alpha.description
        let pValues = size == 1 ? "this run's 1 p-value is" : "this run's \(HumanFormat.grouped(size)) p-values are"
        let lost = testing.lostSignificance
        switch testing.method {
        case .unadjusted:
            return "Multiple testing: \(pValues) not adjusted (--adjust none)"
                + (size == 1 ? "." : "; with \(HumanFormat.grouped(size)) tests, some may be below \(level) by chance alone.")
        case .holm, .benjaminiHochberg:
            let rate = testing.method == .holm ? "family-wise error rate \(level)" : "false discovery rate \(level)"
            let method = Self.longName(of: testing.method)
            let marked = switch lost {
            case 0: "none below \(level) loses its significance."
            case 1: "1 below \(level) does not survive it and is marked."
            default: "\(HumanFormat.grouped(lost)) below \(level) do not survive it and are marked."
            }
            return "Multiple testing: \(pValues) adjusted together by \(method) (\(rate)); " + marked
        }
    }

    /// The method's name in a sentence: "Holm's method".
    static func longName(of method: PValueAdjustment) -> String {
        switch method {
        case .holm: "Holm's method"
        case .benjaminiHochberg: "the Benjamini–Hochberg method"
        case .unadjusted: "no adjustment"
        }
    }

    /// The method's name in a mark.
    static func name(of method: PValueAdjustment) -> String {
        switch method {
        case .holm: "Holm"
        case .benjaminiHochberg: "Benjamini–Hochberg"
        case .unadjusted: "no"
        }
    }
}
