import CoachLabGenerator
import CoachLabIngestion
import CoachLabPluginAPI
import CoachLabPlugins
import CoachLabRunner
import CoachLabTestSupport
import Foundation
import Testing

/// The event studies of feedback-latency, focus-breadth and assignment-follow-through against
/// a reference written from their READMEs alone, not from the Swift estimator
/// (EventStudyReference/make_event_study_reference.py: least squares on explicit rep,
/// rep × month-position and month columns, CRV1 by manager on that whole design), on the orgs
/// the script had `coachlab generate` write, regenerated here byte for byte.
@Suite struct EventStudyReferenceTests {
    static let folder = "Tests/CoachLabPluginsTests/EventStudyReference"
    /// Relative tolerance on every number: the script's own SVD and QR fits agree to 1e-12.
    static let relativeTolerance = 1e-7
    /// Absolute slack for values in attainment units, where a coefficient may sit near 0.
    static let attainmentSlack = 1e-13
    static let files = ["managers.csv", "reps.csv", "performance.csv", "coaching_sessions.csv", "assignments.csv"]

    static func reference() throws -> [[String: Any]] {
        let url = TestFiles.repositoryRoot.appendingPathComponent(folder + "/event_study_reference.json")
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any]
        return try #require(object?["cases"] as? [[String: Any]])
    }

    static func referenceCase(_ name: String) throws -> [String: Any] {
        try #require(try reference().first { $0["name"] as? String == name })
    }

    @Test func everyCaseOfTheReferenceIsTested() throws {
        #expect(try Self.reference().compactMap { $0["name"] as? String } == Self.caseNames)
    }

    static let caseNames = ["plain", "after-miss", "lifts", "thinned"]

    @Test(arguments: caseNames) func matchesTheReference(_ name: String) throws {
        let entry = try Self.referenceCase(name)
        let dataset = try DatasetLoader().load(folder: try Self.regenerate(entry).path).dataset
        let plugins = try #require(entry["plugins"] as? [String: [String: Any]])
        #expect(plugins.keys.sorted() == ["assignment-follow-through", "feedback-latency", "focus-breadth"])
        for (id, expected) in plugins.sorted(by: { $0.key < $1.key }) {
            let plugin = try #require(BuiltinPlugins.registry().plugin(id: id))
            let result = try PluginRunner().run([plugin], on: dataset)[0]
            let summary = try #require(expected["summary"] as? [String: Any])
            let table = try #require(expected["event_study"] as? [[String: Any]])
            for (key, value) in summary {
                Self.expectClose(result[summary: key]?.doubleValue, value as? Double, key, "\(name) \(id)")
            }
            try Self.compareTable(try #require(result.table("event_study")), table, intervals: true, "\(name) \(id)")
            // The README: leads that moved (p < 0.05) withhold the comparison.
            let pretrend = try #require(summary["pretrend_p_value"] as? Double)
            #expect(result.findings.contains { $0.template.contains("no effect is stated") } == (pretrend < 0.05), "\(name) \(id)")

            // Fewer managers than min-managers: the effects and coefficients stay, every
            // interval, the difference and the leads' test are null.
            let managers = try #require(summary["event_managers"] as? Int)
            let few = try PluginRunner().run([plugin], on: dataset, options: [id: ["min-managers": String(managers + 1)]])[0]
            for (key, value) in summary {
                let kept = key.hasPrefix("event_effect_") || key == "event_rep_months" || key == "event_managers"
                Self.expectClose(few[summary: key]?.doubleValue, kept ? value as? Double : nil, key, "\(name) \(id) min-managers \(managers + 1)")
            }
            try Self.compareTable(try #require(few.table("event_study")), table, intervals: false, "\(name) \(id) min-managers \(managers + 1)")
        }
    }

    /// Compares the event_study table row by row: same terms in the same order, each
    /// coefficient and (when `intervals`) its interval; without `intervals` they must be null.
    static func compareTable(_ actual: ResultTable, _ expected: [[String: Any]], intervals: Bool, _ context: String) throws {
        #expect(actual.rows.count == expected.count, "\(context): event_study rows")
        for (row, reference) in expected.enumerated() where row < actual.rows.count {
            let term = try #require(reference["term"] as? String)
            #expect(actual.value(row: row, "term")?.textValue == term, "\(context) row \(row)")
            #expect(actual.value(row: row, "group")?.textValue == reference["group"] as? String, "\(context) \(term)")
            #expect(actual.value(row: row, "relative_month")?.doubleValue == reference["relative_month"] as? Double, "\(context) \(term)")
            for key in ["coefficient", "ci_low", "ci_high"] {
                let value = key == "coefficient" || intervals ? reference[key] as? Double : nil
                expectClose(actual.value(row: row, key)?.doubleValue, value, key, "\(context) \(term)")
            }
        }
    }

    static func expectClose(_ actual: Double?, _ expected: Double?, _ key: String, _ context: String) {
        guard let actual, let expected else {
            #expect(actual == nil && expected == nil, "\(context) \(key): \(String(describing: actual)) against the reference's \(String(describing: expected))")
            return
        }
        let inAttainment = !(key.hasSuffix("p_value") || key == "pretrend_f")
        let allowed = relativeTolerance * abs(expected) + (inAttainment ? attainmentSlack : 0)
        #expect(abs(actual - expected) <= allowed, "\(context) \(key): \(actual) against the reference's \(expected)")
    }

    /// The case's org, written by OrgGenerator as `coachlab generate` wrote it for the script
    /// (and thinned the same way), its files checked to be the script's byte for byte.
    static func regenerate(_ entry: [String: Any]) throws -> URL {
        var model = OrgModel()
        for (flag, value) in try #require(entry["flags"] as? [String: Double]) {
            switch flag {
            case "feedback-after-miss": model.feedbackAfterMiss = value
            case "fast-feedback-lift": model.fastFeedbackLift = value
            case "follow-through-lift": model.followThroughLift = value
            case "focused-session-lift": model.focusedSessionLift = value
            default: Issue.record("the reference uses a generator flag this test does not map: \(flag)")
            }
        }
        let folder = TestFiles.temporaryDirectory("event-reference")
        _ = try OrgGenerator(
            reps: try #require(entry["reps"] as? Int), months: try #require(entry["months"] as? Int),
            seed: UInt64(try #require(entry["seed"] as? Int)), model: model
        ).write(to: folder.path)
        if try #require(entry["thinned"] as? Bool) { try thin(folder) }
        let expected = try #require(entry["files"] as? [String: [String: Any]])
        #expect(expected.keys.sorted() == files.sorted())
        for file in files {
            let bytes = try Data(contentsOf: folder.appendingPathComponent(file))
            let reference = try #require(expected[file])
            #expect(bytes.filter { $0 == UInt8(ascii: "\n") }.count - 1 == reference["rows"] as? Int, "\(file) rows")
            try #require(fnv1a64(bytes) == reference["fnv1a64"] as? String, "\(file) is not the file the script read")
        }
        return folder
    }

    /// The script's `thin`: performance.csv without its first two months, with holes in some
    /// reps' histories, one rep of one row and one of two, and quota 0 on scattered rows and on
    /// every row of manager M000030's reps.
    static func thin(_ folder: URL) throws {
        let reps = try String(contentsOf: folder.appendingPathComponent("reps.csv"), encoding: .utf8)
        let repLines = reps.split(separator: "\n")
        let header = repLines[0].split(separator: ",", omittingEmptySubsequences: false)
        let repColumn = try #require(header.firstIndex(of: "rep_id"))
        let managerColumn = try #require(header.firstIndex(of: "manager_id"))
        var silenced = Set<Substring>()
        for line in repLines.dropFirst() {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            if fields[managerColumn] == "M000030" { silenced.insert(fields[repColumn]) }
        }
        let url = folder.appendingPathComponent("performance.csv")
        let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n")
        #expect(lines[0].hasPrefix("rep_id,period,quota,"))
        var kept = [String(lines[0])]
        for line in lines.dropFirst() {
            var fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            let rep = try #require(Int(fields[0].dropFirst()))
            let period = fields[1].split(separator: "-")
            let month = (try #require(Int(period[0])) - 2023) * 12 + (try #require(Int(period[1]))) - 1
            if month < 2 || (rep % 7 == 3 && (6...8).contains(month)) { continue }
            if (rep % 50 == 17 && month != 10) || (rep % 50 == 18 && !(10...11).contains(month)) { continue }
            if (rep * 31 + month) % 23 == 0 || silenced.contains(Substring(fields[0])) { fields[2] = "0.00" }
            kept.append(fields.joined(separator: ","))
        }
        try Data((kept.joined(separator: "\n") + "\n").utf8).write(to: url)
    }

    /// FNV-1a 64 of some bytes, as 16 hex digits (the script's `fnv1a64`).
    static func fnv1a64(_ bytes: Data) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        bytes.withUnsafeBytes { buffer in
            for byte in buffer {
                hash ^= UInt64(byte)
                hash &*= 0x0000_0100_0000_01b3
            }
        }
        let digits = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
