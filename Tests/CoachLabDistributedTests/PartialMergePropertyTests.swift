import CoachLabDistributed
import CoachLabPluginAPI
import CoachLabPlugins
import CoachLabTestSupport
import PropertyBased
import Testing

/// For any split of performance.csv into line-aligned shards — any sizes, any order, header
/// lines repeated anywhere — partial → merge (any order, any tree) → finalize equals `run`.
/// Sums are exact, so "equals" means bit for bit, not within a tolerance.
@Suite struct PartialMergePropertyTests {
    @Test func anySplitAnyMergeOrderReproducesRun() async throws {
        let org = ShardedOrg.shared
        let registry = BuiltinPlugins.registry()
        let whole = try org.state(ofShard: ([org.header] + org.dataLines).joined(separator: "\n"), name: "whole")
        await propertyCheck(count: 25, input: Gen.int(in: 0...Int(Int32.max))) { seed in
            var random = SplitMixGenerator(seed: UInt64(seed))
            // Shuffled rows (row order must not matter), cut at random line boundaries.
            let lines = org.dataLines.shuffled(using: &random)
            let count = Int.random(in: 1...7, using: &random)
            let cuts = ([0, lines.count] + (1..<count).map { _ in Int.random(in: 0...lines.count, using: &random) }).sorted()
            var pool: [StateFile] = []
            for (index, (low, high)) in zip(cuts, cuts.dropFirst()).enumerated() {
                var shard = Array(lines[low..<high])
                // Header lines: at the top, in the middle, several, or none at all.
                for _ in 0..<Int.random(in: 0...2, using: &random) {
                    shard.insert(org.header, at: Int.random(in: 0...shard.count, using: &random))
                }
                let crlf = Bool.random(using: &random)
                let text = shard.joined(separator: crlf ? "\r\n" : "\n") + (Bool.random(using: &random) ? "\n" : "")
                do {
                    var state = try org.state(ofShard: text, name: "shard-\(index)")
                    if Bool.random(using: &random) {
                        // Through the text format and back.
                        state = try StateFileCodec.decode(StateFileCodec.encode(state), source: "s", registry: registry)[0]
                    }
                    pool.append(state)
                } catch {
                    Issue.record("seed \(seed): shard \(index): \(error)")
                    return
                }
            }
            // Merge random pairs until one state is left: every tree shape and order.
            let merger = StateMerger(registry: registry)
            while pool.count > 1 {
                let a = pool.remove(at: Int.random(in: 0..<pool.count, using: &random))
                let b = pool.remove(at: Int.random(in: 0..<pool.count, using: &random))
                guard let merged = try? merger.merge([("a", a), ("b", b)]) else {
                    Issue.record("seed \(seed): merge refused")
                    return
                }
                pool.append(merged)
            }
            let difference = firstDifference(try? org.results(of: pool[0]), org.expected)
            #expect(difference == nil, "seed \(seed), \(count) shards")
            #expect(pool[0].shards.reduce(0) { $0 + $1.rows } == lines.count)
            // The same state as the whole file's, to the byte, but for its shard lines.
            #expect(pool[0].repMonths == whole.repMonths, "seed \(seed)")
            #expect(Self.withoutShards(StateFileCodec.encode(pool[0])) == Self.withoutShards(StateFileCodec.encode(whole)), "seed \(seed)")
        }
    }

    /// A state's text without its `@shard` lines and `@end` line (which counts them).
    static func withoutShards(_ text: String) -> [Substring] {
        text.split(separator: "\n").filter { !$0.hasPrefix("@shard\t") && !$0.hasPrefix("@end\t") }
    }

    @Test func mergeIsCommutativeToTheByte() throws {
        let org = ShardedOrg.shared
        let half = org.dataLines.count / 2
        let a = try org.state(ofShard: ([org.header] + org.dataLines[..<half]).joined(separator: "\n"), name: "a")
        let b = try org.state(ofShard: org.dataLines[half...].joined(separator: "\n"), name: "b")
        let merger = StateMerger(registry: BuiltinPlugins.registry())
        let ab = StateFileCodec.encode(try merger.merge([("a", a), ("b", b)]))
        let ba = StateFileCodec.encode(try merger.merge([("b", b), ("a", a)]))
        #expect(ab == ba)
    }
}
