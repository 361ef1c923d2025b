import CoachLabData
@testable import CoachLabDistributed
import CoachLabSystem
import CoachLabTestSupport
import Testing

/// The rep-months a state covers: built from rows, united, refused where they overlap.
@Suite struct RepMonthCoverageTests {
    typealias Run = RepMonthCoverage.Run

    /// The coverage of rows given as (rep, month) pairs, in this order.
    static func coverage(_ pairs: [(Int32, Int32)], reps: Int = 10) -> RepMonthCoverage {
        let performance = Performance(
            reps: Column(pairs.map(\.0)), periods: Column(pairs.map(\.1)),
            quotas: Column(pairs.map { _ in 1.0 }), bookings: Column(pairs.map { _ in 1.0 }))
        return RepMonthCoverage(of: performance, repCount: reps)
    }

    @Test func rowsInAnyOrderBecomeRunsOfConsecutiveMonths() {
        let coverage = Self.coverage([(3, 105), (1, 100), (3, 101), (1, 101), (3, 102), (3, 100), (1, 103), (3, 103), (3, 104)])
        #expect(coverage.runs == [Run(rep: 1, first: 100, months: 2), Run(rep: 1, first: 103, months: 1), Run(rep: 3, first: 100, months: 6)])
        #expect(coverage.repMonths == 9)
        #expect(coverage.repCount == 2)
        #expect(coverage.covers(rep: 1, month: 101) && !coverage.covers(rep: 1, month: 102) && coverage.covers(rep: 3, month: 105))
        #expect(!coverage.covers(rep: 0, month: 100) && !coverage.covers(rep: 3, month: 106) && !coverage.covers(rep: 9, month: 100))
    }

    @Test func touchingRunsJoinAndGapsStay() throws {
        let a = Self.coverage([(0, 10), (0, 11), (2, 5)])
        let b = Self.coverage([(0, 12), (0, 14), (1, 7)])
        let union = try a.union(b)
        #expect(union.runs == [Run(rep: 0, first: 10, months: 3), Run(rep: 0, first: 14, months: 1), Run(rep: 1, first: 7, months: 1), Run(rep: 2, first: 5, months: 1)])
        #expect(union == (try b.union(a)))
        #expect(union.repMonths == 6 && union.repCount == 3)
        #expect(try a.union(RepMonthCoverage()) == a && (try RepMonthCoverage().union(a)) == a)
    }

    @Test func anOverlapIsTheFirstRepMonthBothHold() {
        let cases: [([(Int32, Int32)], [(Int32, Int32)], RepMonthCoverage.Overlap)] = [
            ([(0, 10)], [(0, 10)], .init(rep: 0, month: 10)),
            ([(0, 10), (0, 11), (0, 12)], [(0, 12), (0, 13)], .init(rep: 0, month: 12)),
            ([(1, 5), (1, 6), (1, 7), (1, 8)], [(1, 7)], .init(rep: 1, month: 7)),
            ([(1, 7)], [(1, 5), (1, 6), (1, 7), (1, 8)], .init(rep: 1, month: 7)),
            ([(0, 1), (4, 20), (4, 30)], [(0, 2), (4, 25), (4, 30), (5, 1)], .init(rep: 4, month: 30)),
        ]
        for (a, b, overlap) in cases {
            #expect(throws: overlap) { try Self.coverage(a).union(Self.coverage(b)) }
            #expect(throws: overlap) { try Self.coverage(b).union(Self.coverage(a)) }
        }
    }

    /// Any split of distinct rep-months into parts unites, in any order, to the whole.
    @Test func anySplitUnitesToTheWholeInAnyOrder() throws {
        for seed in 0..<200 {
            var random = SplitMixGenerator(seed: UInt64(seed))
            var pairs: [(Int32, Int32)] = []
            for rep in 0..<Int32.random(in: 1...8, using: &random) {
                for month in Int32(100)..<Int32(130) where Int.random(in: 0..<3, using: &random) > 0 { pairs.append((rep, month)) }
            }
            pairs.shuffle(using: &random)
            let whole = Self.coverage(pairs)
            let parts = Int.random(in: 1...6, using: &random)
            var pieces = (0..<parts).map { part in
                Self.coverage(pairs.enumerated().filter { $0.offset % parts == part }.map(\.element))
            }
            while pieces.count > 1 {
                let a = pieces.remove(at: Int.random(in: 0..<pieces.count, using: &random))
                let b = pieces.remove(at: Int.random(in: 0..<pieces.count, using: &random))
                pieces.append(try a.union(b))
            }
            #expect(pieces[0] == whole, "seed \(seed)")
            #expect(pieces[0].repMonths == pairs.count, "seed \(seed)")
        }
    }

    /// Lines written read back to the same coverage.
    @Test func linesRoundTrip() throws {
        let coverage = Self.coverage([(0, 24277), (0, 24278), (0, 24281), (7, 24280)])
        let text = coverage.text
        #expect(text.lines == "@rep-months\t0\t24277\t2\t24281\t1\n@rep-months\t7\t24280\t1")
        #expect(text.count == 2)
        var reader = RepMonthCoverage.Reader(reps: 8, rows: 4, periods: 24277...24281)
        for line in text.lines.split(separator: "\n") {
            #expect(reader.read(line) == nil)
        }
        #expect(try reader.finish().get() == coverage)
        #expect(RepMonthCoverage().text.count == 0)
    }

    /// Each line is checked against the dimension tables, the shards' months and rows, and
    /// the lines before it.
    @Test func forgedLinesAreRefusedBeforeTheyAreKept() {
        let cases: [([String], String)] = [
            (["@rep-months\t0"], "malformed '@rep-months' line"),
            (["@rep-months\t0\t24277"], "malformed '@rep-months' line"),
            (["@rep-months\tx\t24277\t1"], "malformed '@rep-months' line"),
            (["@rep-months\t8\t24277\t1"], "names rep 8, but the state's dimension tables have 8 reps"),
            (["@rep-months\t-1\t24277\t1"], "names rep -1"),
            (["@rep-months\t3\t24277\t1", "@rep-months\t3\t24279\t1"], "of rep 3 is out of order or repeated"),
            (["@rep-months\t3\t24277\t1", "@rep-months\t2\t24279\t1"], "of rep 2 is out of order or repeated"),
            (["@rep-months\t0\t24277\t0"], "malformed run '24277\t0' of rep 0"),
            (["@rep-months\t0\t24277\t-5"], "malformed run"),
            (["@rep-months\t0\t24277\t1\t"], "malformed '@rep-months' line"),
            (["@rep-months\t0\t\t1"], "malformed run '\t1' of rep 0"),
            (["@rep-months\t0\t+24277\t1"], "malformed run '+24277\t1' of rep 0"),
            (["@rep-months\t0\t24277\t1234567890123456789"], "malformed run '24277\t1234567890123456789' of rep 0"),
            (["@rep-months\t0\t24277\t2147483648"], "malformed run '24277\t2147483648' of rep 0"),
            (["@rep-months\t\t24277\t1"], "malformed '@rep-months' line"),
            (["@rep-months\t0\t24277\t1\r"], "malformed run '24277\t1\r' of rep 0"),
            (["@rep-months\t0\t24277\t2147483647"], "months 24277 to 2147507923 lie outside its shards' months 24277 to 24281"),
            (["@rep-months\t0\t24276\t1"], "lie outside its shards' months"),
            (["@rep-months\t0\t24277\t2\t24278\t1"], "rep 0's runs overlap, touch or are out of order at month 24278"),
            (["@rep-months\t0\t24277\t2\t24279\t1"], "rep 0's runs overlap, touch or are out of order at month 24279"),
            (["@rep-months\t0\t24280\t1\t24277\t1"], "out of order at month 24277"),
            (["@rep-months\t0\t24277\t5", "@rep-months\t1\t24277\t5"], "hold more rep-months than the 6 row(s)"),
        ]
        for (lines, message) in cases {
            var reader = RepMonthCoverage.Reader(reps: 8, rows: 6, periods: 24277...24281)
            let problems = lines.compactMap { reader.read(Substring($0)) }
            #expect(problems.first?.contains(message) == true, "\(lines): \(problems)")
        }
        var short = RepMonthCoverage.Reader(reps: 8, rows: 6, periods: 24277...24281)
        #expect(short.read("@rep-months\t0\t24277\t5") == nil)
        guard case .failure(let mismatch) = short.finish() else { Issue.record("accepted 5 rep-months for 6 rows"); return }
        #expect(mismatch.message.contains("hold 5 rep-month(s), but its shards 6 row(s)"))
        var noRows = RepMonthCoverage.Reader(reps: 8, rows: 0, periods: nil)
        #expect(noRows.read("@rep-months\t0\t24277\t1")?.contains("hold no rows of performance.csv") == true)
    }

    /// The reference implementation's vectors (key 00…0f, messages 00, 00 01, …).
    @Test func sipHashMatchesItsReference() {
        #expect(SipHash.hash([]) == 0x726F_DB47_DD0E_0E31)
        #expect(SipHash.hash(Array(0..<15)) == 0xA129_CA61_49BE_45E5)
        #expect(SipHash.hash(Array(0..<8)) == 0x93F5_F579_9A93_2462)
    }
}
