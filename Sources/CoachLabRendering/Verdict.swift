import CoachLabPluginAPI
import CoachLabStatistics

/// The paragraph a report opens with: what kind of evidence the run holds (an effect from a
/// causal design, or associations), and how many of its tests stand once adjusted together.
/// It weighs what the results and the run's adjustment say; it computes nothing new.
struct Verdict {
    /// Plain sentences, in order.
    var sentences: [String]

    init?(_ report: RunReport) {
        guard !report.results.isEmpty else { return nil }
        var sentences: [String] = []
        let causal = report.results.filter { $0.evidence == .causalDesign }
        for result in causal {
            guard let finding = result.findings.first else { continue }
            sentences.append("Causal design (\(result.title)): " + HumanFormat.sentence(finding, marks: PValueMarks(report, result)))
            let tests = report.multipleTesting?.tests.filter { $0.pluginID == result.pluginID } ?? []
            if let alpha = report.multipleTesting?.alpha, !tests.isEmpty {
                sentences.append(tests.contains { $0.adjustedPValue < alpha }
                    ? "This effect stands once adjusted for the run's other tests."
                    : "This effect cannot be told apart from none at the \(alpha.description) level.")
            }
        }
        if causal.isEmpty {
            sentences.append("No causal design ran on this data, so every result below is an association: it shows where coaching and attainment go together, not that coaching moves attainment (coaches rated highly may also lead stronger territories or hire stronger reps).")
        } else {
            sentences.append("The other results are associations, not proof that coaching moves attainment.")
        }
        if let tally = Self.tally(report, excluding: Set(causal.map(\.pluginID))) { sentences.append(tally) }
        self.sentences = sentences
    }

    /// How the association results' tests fare: significant once adjusted with the run's
    /// family (naming their analyses), significant only before adjustment, not significant.
    static func tally(_ report: RunReport, excluding causal: Set<String>) -> String? {
        guard let testing = report.multipleTesting else { return nil }
        let tests = testing.tests.filter { !causal.contains($0.pluginID) }
        guard !tests.isEmpty else { return nil }
        let standing = tests.filter { $0.adjustedPValue < testing.alpha }
        let lost = tests.filter(\.losesSignificance).count
        let titles = report.results.filter { result in standing.contains { $0.pluginID == result.pluginID } }.map(\.title)
        let level = testing.alpha.description
        let adjusted = testing.method == .unadjusted ? "not adjusted for multiple testing" : "adjusted together by " + PValueMarks.longName(of: testing.method)
        let once = testing.method == .unadjusted ? "" : " once adjusted"
        var text = "Of their \(Self.count(tests.count, "test")) (\(adjusted)), "
        switch standing.count {
        case 0: text += "none is below \(level)\(once)"
        case tests.count: text += (tests.count == 1 ? "it is" : "all are") + " below \(level)\(once), in " + Self.list(titles)
        default: text += "\(standing.count) \(standing.count == 1 ? "is" : "are") below \(level)\(once), in " + Self.list(titles)
        }
        if lost > 0 { text += "; \(lost) more \(lost == 1 ? "was" : "were") below it only before adjustment" }
        let rest = tests.count - standing.count - lost
        if rest > 0 && standing.count > 0 { text += "; \(rest) \(rest == 1 ? "is" : "are") not significant" }
        return text + "."
    }

    static func count(_ count: Int, _ noun: String) -> String {
        "\(HumanFormat.grouped(count)) \(noun)\(count == 1 ? "" : "s")"
    }

    /// "A", "A and B", "A, B and C".
    static func list(_ items: [String]) -> String {
        guard items.count > 1 else { return items.first ?? "" }
        return items.dropLast().joined(separator: ", ") + " and " + items.last!
    }
}
