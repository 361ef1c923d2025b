import CoachLabData
import CoachLabTestSupport
import PropertyBased
import Testing

/// Month order and repeated rep-months found by parts of the rows at once give the answer
/// of one pass: reps month after month or each rep's months together, with repeats at and
/// across part boundaries, and months that go back.
@Suite struct RepMonthOrderTests {
    @Test func partsGiveTheAnswerOfOnePass() async {
        let layout = zip(Gen.int(in: 1...40), Gen.int(in: 1...9), Gen.int(in: 0...2), Gen.int(in: 0...1_000))
        await propertyCheck(count: 300, input: layout, Gen.int(in: 1...4)) { shape, threads in
            let (repCount, months, kind, seed) = shape
            var random = SplitMixGenerator(seed: UInt64(seed))
            var rows: [(rep: Int32, period: Int32)] = []
            for outer in 0..<(kind == 1 ? repCount : months) {
                for inner in 0..<(kind == 1 ? months : repCount) {
                    let (rep, month) = kind == 1 ? (outer, inner) : (inner, outer)
                    rows.append((Int32(rep), Int32(24_000 + month)))
                }
            }
            // Some rows repeated right after themselves or later (a repeated rep-month), and
            // in one layout in three a row moved back (its month goes back).
            for _ in 0..<Int.random(in: 0...3, using: &random) where !rows.isEmpty {
                let row = Int.random(in: 0..<rows.count, using: &random)
                rows.insert(rows[row], at: min(rows.count, row + Int.random(in: 1...5, using: &random)))
            }
            if kind == 2 && rows.count > 1 { rows.swapAt(0, rows.count - 1) }
            let reps = rows.map(\.rep)
            let periods = rows.map(\.period)
            let whole = RepMonthOrder.repeatsIfAscending(reps: reps, periods: periods, repCount: repCount)
            let parted = RepMonthOrder.repeatsIfAscending(
                reps: reps, periods: periods, repCount: repCount, threads: threads, rowsPerPart: 3)
            #expect(parted.map { $0.map { [$0.first, $0.second] } } == whole.map { $0.map { [$0.first, $0.second] } })
        }
    }
}
