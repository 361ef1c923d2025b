import CoachLabDistributed
import CoachLabPluginAPI
import CoachLabPlugins
import CoachLabTestSupport
import Testing

/// A state's `@rep-months` lines are untrusted like the rest of it: damaged or forged, they
/// are refused with their line, or read as consistent with the state's rows, and a forged
/// overlap is refused by `merge`; nothing traps.
@Suite struct ForgedRepMonthsTests {
    let registry = BuiltinPlugins.registry()

    /// The first four months of the org, and the rest: two states that merge.
    static let early = try! ShardedOrg.shared.stateText(name: "early") { $0 < "2023-05" }
    static let late = try! ShardedOrg.shared.stateText(name: "late") { $0 >= "2023-05" }

    /// `lines` as a document again, its `@end` line counting them (as a forger would fix it).
    static func document(_ lines: [String]) -> String {
        let body = lines.filter { !$0.hasPrefix("@end\t") }
        return (body + ["@end\t\(body.count)"]).joined(separator: "\n") + "\n"
    }

    static func edit(_ lines: inout [String], using random: inout SplitMixGenerator) {
        let coverage = lines.indices.filter { lines[$0].hasPrefix("@rep-months\t") }
        let index = coverage.randomElement(using: &random)!
        var fields = lines[index].split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
        let extremes = ["0", "-1", "1", "2", "24276", "24290", "2147483647", "-2147483648", "9223372036854775807", "", "x", "1e3"]
        switch Int.random(in: 0..<7, using: &random) {
        case 0:
            fields[Int.random(in: 1..<fields.count, using: &random)] = extremes.randomElement(using: &random)!
        case 1:
            lines.insert(lines[index], at: index + 1)
            return
        case 2:
            lines.remove(at: index)
            return
        case 3:
            lines.swapAt(index, coverage.randomElement(using: &random)!)
            return
        case 4:
            fields += [String(Int.random(in: 24270...24300, using: &random)), String(Int.random(in: 1...3, using: &random))]
        case 5:
            let shift = Bool.random(using: &random) ? 1 : -1
            for field in stride(from: 2, to: fields.count, by: 2) { fields[field] = String(Int(fields[field])! + shift) }
        default:
            fields[1] = String(Int.random(in: 0..<260, using: &random))
        }
        lines[index] = fields.joined(separator: "\t")
    }

    @Test func randomEditsAreRefusedWithTheirLineOrReadConsistently() throws {
        let lines = Self.early.split(separator: "\n").map(String.init)
        let late = try StateFileCodec.decode(Self.late, source: "late.state", registry: registry)[0]
        var refused = 0
        for seed in 0..<400 {
            var random = SplitMixGenerator(seed: UInt64(seed))
            var edited = lines
            for _ in 0..<Int.random(in: 1...3, using: &random) { Self.edit(&edited, using: &random) }
            do {
                let state = try StateFileCodec.decode(Self.document(edited), source: "s", registry: registry)[0]
                // What reads holds a rep-month per row of performance.csv, within the calendar.
                let rows = state.shards.filter { $0.table == .performance }.reduce(0) { $0 + $1.rows }
                #expect(state.repMonths.repMonths == rows, "seed \(seed)")
                #expect(state.repMonths.runs.allSatisfy { $0.months >= 1 && $0.rep >= 0 && Int($0.rep) < state.dimensions.reps }, "seed \(seed)")
                do {
                    _ = try StateMerger(registry: registry).merge([("s", state), ("late.state", late)])
                } catch {
                    #expect(!error.description.isEmpty)
                }
            } catch {
                refused += 1
                #expect(error.line != nil, "seed \(seed): \(error)")
            }
        }
        // Most edits break the sum of months, their order or their bounds.
        #expect(refused > 300)
    }

    /// A state whose `@shard` and `@rep-months` lines were both moved onto another state's
    /// months reads (it is consistent), but does not merge with it.
    @Test func aForgedOverlapIsRefusedByMerge() throws {
        var lines = Self.late.split(separator: "\n").map(String.init)
        for index in lines.indices {
            var fields = lines[index].split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            if fields[0] == "@shard" {
                fields[6] = String(Int(fields[6])! - 4)
                fields[7] = String(Int(fields[7])! - 4)
            } else if fields[0] == "@rep-months" {
                for field in stride(from: 2, to: fields.count, by: 2) { fields[field] = String(Int(fields[field])! - 4) }
            }
            lines[index] = fields.joined(separator: "\t")
        }
        let forged = try StateFileCodec.decode(Self.document(lines), source: "forged.state", registry: registry)[0]
        let early = try StateFileCodec.decode(Self.early, source: "early.state", registry: registry)[0]
        #expect(throws: StateFileError.self) { try StateMerger(registry: registry).merge([("early.state", early), ("forged.state", forged)]) }
        do {
            _ = try StateMerger(registry: registry).merge([("early.state", early), ("forged.state", forged)])
        } catch {
            #expect(error.description.hasPrefix("forged.state: holds the row of rep with code 0 (data row 1 of reps.csv) for 2023-01, which early.state holds too"), "\(error)")
        }
    }

    /// The file's own lines in their places: rep-months after the dimensions and shards.
    @Test func repMonthsLinesHaveTheirPlace() throws {
        let lines = Self.early.split(separator: "\n").map(String.init)
        let firstCoverage = lines.firstIndex { $0.hasPrefix("@rep-months\t") }!
        let shard = lines.firstIndex { $0.hasPrefix("@shard\t") }!
        // An empty shard of the same layout, which could be anywhere among the shards.
        var emptyShard = lines[shard].split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
        emptyShard.replaceSubrange(1...8, with: ["empty", "performance", "0", "0", "0", "-", "-", "0000000000000000"])
        var shardAfter = lines
        shardAfter.insert(emptyShard.joined(separator: "\t"), at: firstCoverage + 1)
        var beforeDimensions = lines
        beforeDimensions.insert(beforeDimensions.remove(at: firstCoverage), at: 1)
        var none = lines
        none.removeAll { $0.hasPrefix("@rep-months\t") }
        for (edited, message) in [
            (shardAfter, "a '@shard' line after the '@rep-months' lines"),
            (beforeDimensions, "a '@rep-months' line before the '@dimensions' line"),
            (none, "its '@rep-months' lines hold 0 rep-month(s), but its shards"),
        ] {
            do {
                _ = try StateFileCodec.decode(Self.document(edited), source: "s", registry: registry)
                Issue.record("accepted: \(message)")
            } catch {
                #expect(error.description.contains(message), "\(error)")
            }
        }
    }
}
