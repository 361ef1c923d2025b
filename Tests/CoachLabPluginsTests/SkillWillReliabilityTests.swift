import CoachLabIngestion
import CoachLabGenerator
import CoachLabPluginAPI
import CoachLabPlugins
import CoachLabTestSupport
import Foundation
import Testing
import CoachLabRunner

/// skill-will-matrix places a rep only where its record, shrunk toward its tier, is reliable;
/// the split-half check says how far the unshrunk rule can be trusted.
@Suite struct SkillWillReliabilityTests {
    static func run(_ folder: URL, options: [String: String] = [:]) throws -> MetricResult {
        let plugin = try #require(BuiltinPlugins.registry().plugin(id: "skill-will-matrix"))
        let dataset = try DatasetLoader().load(folder: folder.path).dataset
        return try PluginRunner().run([plugin], on: dataset, options: ["skill-will-matrix": options])[0]
    }

    static func write(_ folder: URL, _ name: String, _ lines: [String]) throws {
        try (lines.joined(separator: "\n") + "\n").write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8)
    }

    /// One tier (every manager `meets`); all reps make 100 calls a month. R01–R05 commit six
    /// times to 90 calls (all met), R06–R10 six times to 150 (none met), R11 once to 90 (met),
    /// R12 never. The tier's pooled share met is 31/61: its reps are split across the line.
    static func oneTierOrg() throws -> URL {
        let folder = TestFiles.temporaryDirectory("skill-will")
        try write(folder, "managers.csv", ["manager_id,coaching_quality"] + (1...6).map { "M\($0),meets" })
        let reps = (1...12).map { String(format: "R%02d", $0) }
        try write(folder, "reps.csv", ["rep_id,manager_id"] + reps.enumerated().map { "\($1),M\($0 / 2 + 1)" })
        var performance = ["rep_id,period,quota,bookings,calls"]
        for (r, rep) in reps.enumerated() {
            for month in 1...12 {
                // Attainment 0.9, 1.0 or 1.1, shifting by rep: months vary around each rep's line.
                performance.append(String(format: "%@,2023-%02d,100,%d,100", rep, month, 100 + 10 * ((r + month) % 3 - 1)))
            }
        }
        try write(folder, "performance.csv", performance)
        var assignments = ["assignment_id,rep_id,assigned_on,due_on,target_metric,target_value"]
        func commit(_ rep: String, month: Int, target: Int) {
            assignments.append(String(format: "A%03d,%@,2023-%02d-10,2023-%02d-25,calls,%d", assignments.count, rep, month, month, target))
        }
        for rep in reps[0..<5] { for month in 4...9 { commit(rep, month: month, target: 90) } }
        for rep in reps[5..<10] { for month in 4...9 { commit(rep, month: month, target: 150) } }
        commit("R11", month: 5, target: 90)
        try write(folder, "assignments.csv", assignments)
        return folder
    }

    @Test func aRepWithOneCommitmentIsUncertain() throws {
        let result = try Self.run(try Self.oneTierOrg())
        let reps = try #require(result.table("by_rep"))
        func value(_ rep: Int, _ key: String) -> MetricResult.Value? { reps.value(row: rep, key) }
        // R11 met its one commitment: the unshrunk rule calls it a follower.
        #expect(Tolerance.agrees(try #require(value(10, "share_met")?.doubleValue), 1))
        #expect(value(10, "raw_quadrant")?.textValue != "will_gap")
        // Shrunk halfway to its tier (B ≈ 0.46), it is above half met with probability
        // ≈ 0.76 < 0.8: uncertain.
        let follows = try #require(value(10, "probability_follows")?.doubleValue)
        #expect(follows > 0.6 && follows < 0.8, "P(follows) \(follows)")
        let weight = try #require(value(10, "share_met_own_weight")?.doubleValue)
        #expect(weight > 0.3 && weight < 0.6, "B \(weight)")
        #expect(value(10, "quadrant") == .text("uncertain"))
        // Six commitments each are enough to place the others on the follow-through line.
        for rep in 0..<5 { #expect(try #require(value(rep, "probability_follows")?.doubleValue) > 0.95) }
        for rep in 5..<10 {
            #expect(try #require(value(rep, "probability_follows")?.doubleValue) < 0.05)
            #expect(value(rep, "quadrant") == .text("will_gap"))
        }
        #expect(value(11, "quadrant") == .text("no_commitment"))
        #expect(result[summary: "uncertain"] != .integer(0))
        // At reliability 0.5 every rep is on one side of each line: the only reps left
        // uncertain are those their tier's mean alone would place (τ² = 0 on that line).
        let lenient = try Self.run(try Self.oneTierOrg(), options: ["reliability": "0.5"])
        #expect(lenient[summary: "uncertain"] == lenient[summary: "reps_placed_by_tier"])
        #expect(lenient.table("by_rep")?.value(row: 10, "quadrant")?.textValue != "will_gap")
    }

    /// Shrinkage as Plugins/SkillWillMatrix/README.md defines it, by hand for R11.
    @Test func r11IsShrunkAsDefined() throws {
        let result = try Self.run(try Self.oneTierOrg())
        let reps = try #require(result.table("by_rep"))
        // Estimates: R01–R05 and R11 met all (x = 1), R06–R10 none (x = 0); p̄ = 31/61.
        let p = 31.0 / 61
        let x = [Double](repeating: 1, count: 5) + [Double](repeating: 0, count: 5) + [1]
        let v = [Double](repeating: p * (1 - p) / 6, count: 10) + [p * (1 - p)]
        let mean = x.reduce(0, +) / 11
        let s2 = x.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 10
        let tau2 = s2 - v.reduce(0, +) / 11
        let w = v.map { 1 / (tau2 + $0) }
        let mu = zip(w, x).map { $0 * $1 }.reduce(0, +) / w.reduce(0, +)
        let vMu = 1 / w.reduce(0, +)
        let b = tau2 / (tau2 + v[10])
        let shrunk = mu + b * (1 - mu)
        let variance = b * v[10] + (1 - b) * (1 - b) * vMu
        let probability = 0.5 * erfc((0.5 - shrunk) / variance.squareRoot() / 2.0.squareRoot())
        let check: [(String, Double)] = [("share_met_shrunk", shrunk), ("share_met_own_weight", b), ("probability_follows", probability)]
        for (key, expected) in check {
            let actual = try #require(reps.value(row: 10, key)?.doubleValue)
            #expect(Tolerance.agrees(actual, expected, relative: 1e-12), "\(key): \(actual) vs \(expected)")
        }
        let tier = try #require(result.table("shrinkage_by_tier"))
        #expect(Tolerance.agrees(try #require(tier.value(row: 1, "share_met_mean")?.doubleValue), mu, relative: 1e-12))
        #expect(Tolerance.agrees(try #require(tier.value(row: 1, "share_met_between_sd")?.doubleValue), tau2.squareRoot(), relative: 1e-12))
    }

    /// Splits a folder's commitments per rep into odd- and even-numbered by date (ties in file
    /// order), as the split-half check does, into two folders.
    static func halves(of folder: URL) throws -> (odd: URL, even: URL) {
        let text = try String(contentsOf: folder.appendingPathComponent("assignments.csv"), encoding: .utf8)
        var lines = text.split(separator: "\n").map(String.init)
        let header = lines.removeFirst()
        let columns = header.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        let rep = try #require(columns.firstIndex(of: "rep_id")), date = try #require(columns.firstIndex(of: "assigned_on"))
        let metric = try #require(columns.firstIndex(of: "target_metric")), target = try #require(columns.firstIndex(of: "target_value"))
        let fields = lines.map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        let commitments = fields.indices.filter { !fields[$0][metric].isEmpty && !fields[$0][target].isEmpty }
            .sorted { (fields[$0][rep], fields[$0][date], $0) < (fields[$1][rep], fields[$1][date], $1) }
        var position: [String: Int] = [:]
        var odd: [String] = [], even: [String] = []
        for index in commitments {
            let n = position[fields[index][rep], default: 0]
            position[fields[index][rep]] = n + 1
            if n % 2 == 0 { odd.append(lines[index]) } else { even.append(lines[index]) }
        }
        var out: [URL] = []
        for part in [odd, even] {
            let half = TestFiles.temporaryDirectory("half")
            for name in ["managers.csv", "reps.csv", "performance.csv", "coaching_sessions.csv"] {
                try FileManager.default.copyItem(at: folder.appendingPathComponent(name), to: half.appendingPathComponent(name))
            }
            try write(half, "assignments.csv", [header] + part)
            out.append(half)
        }
        return (out[0], out[1])
    }

    /// On a generated org where reps follow through to different degrees, the unshrunk labels
    /// of a rep's two halves agree little beyond chance, while the labels given after shrinkage
    /// (in each half on its own) agree wherever both halves place the rep.
    @Test func reliabilityOnAGeneratedOrg() throws {
        var model = OrgModel()
        model.commitmentCallIncrease = 0.25
        let folder = TestFiles.temporaryDirectory("skill-will-org")
        _ = try OrgGenerator(reps: 600, months: 24, seed: 31, model: model).write(to: folder.path)
        let whole = try Self.run(folder)
        let agreement = try #require(whole[summary: "split_half_agreement"]?.doubleValue)
        let chance = try #require(whole[summary: "split_half_chance_agreement"]?.doubleValue)
        let kappa = try #require(whole[summary: "split_half_kappa"]?.doubleValue)
        let pairs = try #require(whole[summary: "split_half_reps"]?.integerValue)
        #expect(pairs > 450, "\(pairs) reps with both halves labelled")
        #expect(Tolerance.agrees(kappa, (agreement - chance) / (1 - chance), relative: 1e-12))
        // Mostly noise: well short of the 0.6 of "substantial" agreement, but above chance.
        #expect(kappa > 0.1 && kappa < 0.45, "kappa \(kappa)")
        #expect(agreement > 0.45 && agreement < 0.7, "agreement \(agreement)")
        let uncertain = try #require(whole[summary: "share_uncertain"]?.doubleValue)
        // Reps of a tier whose reps do not differ measurably get no label of their own: on
        // this org nearly all (the between-rep variance of change is 0 in the large tiers).
        #expect(uncertain > 0.05, "share uncertain \(uncertain)")
        let byTier = try #require(whole[summary: "reps_placed_by_tier"]?.integerValue)
        #expect(byTier > 0 && byTier <= (whole[summary: "uncertain"]?.integerValue ?? 0))

        let (oddFolder, evenFolder) = try Self.halves(of: folder)
        let odd = try #require(try Self.run(oddFolder).table("by_rep"))
        let even = try #require(try Self.run(evenFolder).table("by_rep"))
        let placed: Set<String> = ["on_track", "skill_gap", "will_gap"]
        var both = 0, same = 0, rawBoth = 0, rawSame = 0
        for row in odd.rows.indices {
            let a = odd.value(row: row, "quadrant")?.textValue ?? "", b = even.value(row: row, "quadrant")?.textValue ?? ""
            if placed.contains(a) && placed.contains(b) {
                both += 1
                if a == b { same += 1 }
            }
            let rawA = odd.value(row: row, "raw_quadrant")?.textValue ?? "", rawB = even.value(row: row, "raw_quadrant")?.textValue ?? ""
            if placed.contains(rawA) && placed.contains(rawB) {
                rawBoth += 1
                if rawA == rawB { rawSame += 1 }
            }
        }
        // The halves' unshrunk labels are the split-half check's.
        #expect(rawBoth == pairs)
        #expect(Tolerance.agrees(Double(rawSame) / Double(rawBoth), agreement, relative: 1e-12))
        // Labels given are the rep's own; where both halves give one they mostly agree.
        if both > 0 { #expect(Double(same) / Double(both) > 0.8, "shrunk labels agree for \(same) of \(both)") }
    }
}
