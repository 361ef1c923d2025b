import CoachLabData
import CoachLabPluginAPI
import CoachLabStatistics
import CoachLabTestSupport
import Testing
import CoachLabKernels

/// The entry points the plugins call give the plain definition's answer, the same bits for
/// any layout of the rows, split of them and number of threads.
@Suite struct KernelEntryPointTests {
    /// Rows of `reps` reps over up to 30 months (some missing, some quotas zero or missing),
    /// laid out: 0 all reps month after month, 1 each rep's months together, 2 reps shuffled
    /// within each month, 3 shuffled entirely (the loader's month order then given).
    static func performance(reps: Int, layout: Int, seed: UInt64 = 7) -> Performance {
        var random = SplitMixGenerator(seed: seed)
        var shuffler = SplitMixGenerator(seed: seed + 1)  // the same rows in every layout
        var rows: [(rep: Int32, month: Int32, quota: Double, booked: Double, calls: Double)] = []
        for month in 0..<30 {
            var monthRows = (0..<reps).filter { _ in Int.random(in: 0..<10, using: &random) > 0 }.map { rep in
                let quota = [0, .nan, 1000, 5000, 12000][Int.random(in: 0...4, using: &random)]
                let calls = Int.random(in: 0..<8, using: &random) == 0 ? Double.nan : Double(Int.random(in: 0...90, using: &random))
                return (Int32(rep), Int32(24_001 + month), quota, Double.random(in: 0...15000, using: &random), calls)
            }
            if layout == 2 { monthRows.shuffle(using: &shuffler) }
            rows += monthRows
        }
        if layout == 1 { rows.sort { ($0.rep, $0.month) < ($1.rep, $1.month) } }
        if layout == 3 { rows.shuffle(using: &shuffler) }
        let (repColumn, periods) = (rows.map(\.rep), rows.map(\.month))
        return Performance(
            reps: Column(repColumn), periods: Column(periods), quotas: Column(rows.map(\.quota)),
            bookings: Column(rows.map(\.booked)), calls: Column(rows.map(\.calls)),
            monthOrder: layout == 3 ? Column(RepMonthOrder.permutation(reps: repColumn, periods: periods, repCount: reps)) : nil)
    }

    @Test func repTrendsAreTheSameForAnyLayoutSplitAndThreads() throws {
        let reps = 4_500  // three blocks of reps
        let monthAfterMonth = Self.performance(reps: reps, layout: 0)
        let reference = RepAttainmentTrends(monthAfterMonth, rows: 0..<monthAfterMonth.count, reps: reps, threads: 1)
        for layout in 0...3 {
            let performance = Self.performance(reps: reps, layout: layout)
            for threads in 1...3 {
                let same = RepAttainmentTrends(performance, rows: 0..<performance.count, reps: reps, threads: threads) == reference
                #expect(same, "layout \(layout), \(threads) threads")
            }
        }
        let cut = monthAfterMonth.count / 3
        var merged = RepAttainmentTrends(monthAfterMonth, rows: cut..<monthAfterMonth.count, reps: reps, threads: 2)
        merged.merge(RepAttainmentTrends(monthAfterMonth, rows: 0..<cut, reps: reps, threads: 1))
        let mergedIsWhole = merged == reference
        #expect(mergedIsWhole)
        var writer = Partial.Writer()
        merged.encode(to: &writer)
        var reader = Partial.Reader(writer)
        let readBack = try RepAttainmentTrends(decoding: &reader, reps: reps) == reference
        #expect(readBack)
    }

    /// Trends of blocks of whole reps merged in any order — the first merge gathers the
    /// points into arrays of their own, each later one appends a block's — are the whole
    /// rows' trends, and so is a merge of rows that split reps after them.
    @Test func wholeRepBlocksMergeInAnyOrderIntoTheWholeTrends() throws {
        let reps = 900
        let performance = Self.performance(reps: reps, layout: 1)  // each rep's months together
        let reference = RepAttainmentTrends(performance, rows: 0..<performance.count, reps: reps, threads: 1)
        // Rows where a rep's months start: cuts there leave every rep in one block.
        let repStarts = (1..<performance.count).filter { performance.reps[$0] != performance.reps[$0 - 1] }
        var random = SplitMixGenerator(seed: 5)
        for round in 0..<6 {
            let cuts = [0] + repStarts.shuffled(using: &random).prefix(4).sorted() + [performance.count]
            var blocks = zip(cuts, cuts.dropFirst()).map { RepAttainmentTrends(performance, rows: $0..<$1, reps: reps, threads: 2) }
            blocks.shuffle(using: &random)
            var merged = blocks.removeFirst()
            for block in blocks { merged.merge(block) }
            let same = merged == reference
            #expect(same, "round \(round), blocks cut at \(cuts)")
            var written = Partial.Writer(), expected = Partial.Writer()
            merged.encode(to: &written)
            reference.encode(to: &expected)
            #expect(written.lines == expected.lines, "round \(round)")
        }
        // Blocks appended, then rows that split reps with them: the merge of both still.
        let cut = repStarts[repStarts.count / 2]
        var appended = RepAttainmentTrends(performance, rows: 0..<(cut / 2), reps: reps, threads: 1)
        appended.merge(RepAttainmentTrends(performance, rows: cut..<performance.count, reps: reps, threads: 1))
        appended.merge(RepAttainmentTrends(performance, rows: (cut / 2)..<cut, reps: reps, threads: 1))
        let same = appended == reference
        #expect(same)
    }

    /// Each rep's slope is the OLS slope of its attainment on month, its means those of its
    /// first and last six months.
    @Test func repOutcomesFollowTheirDefinitions() {
        let reps = 300
        let performance = Self.performance(reps: reps, layout: 1)
        let outcomes = RepAttainmentTrends(performance, rows: 0..<performance.count, reps: reps, threads: 2)
            .outcomes(minimumMonths: 6, threads: 2)
        var points = [[(x: Double, y: Double)]](repeating: [], count: reps)
        for row in 0..<performance.count where performance.quotas[row] > 0 {
            points[Int(performance.reps[row])].append((Double(performance.periods[row]), performance.bookings[row] / performance.quotas[row]))
        }
        for rep in 0..<reps {
            let p = points[rep]
            guard p.count >= 6 else {
                #expect(!outcomes.kinds[rep].hasSlope)
                continue
            }
            let (mx, my) = (p.map(\.x).reduce(0, +) / Double(p.count), p.map(\.y).reduce(0, +) / Double(p.count))
            let slope = p.map { ($0.x - mx) * ($0.y - my) }.reduce(0, +) / p.map { ($0.x - mx) * ($0.x - mx) }.reduce(0, +)
            #expect(Tolerance.agrees(outcomes.slopes[rep], slope, relative: 1e-9, absolute: 1e-12), "rep \(rep)")
            #expect(outcomes.kinds[rep] == (p.count >= 12 ? .slopeAndMeans : .slope))
        }
        let tiers = (0..<reps).map { Int8($0 % 3) }
        let grouped = outcomes.groupedByTier(tiers, tierCount: 3, threads: 3)
        for tier in 0..<3 {
            let expected = (0..<reps).filter { $0 % 3 == tier && outcomes.kinds[$0].hasSlope }.map { outcomes.slopes[$0] }
            #expect(Array(grouped.slopes[tier]) == expected)
            let early = (0..<reps).filter { $0 % 3 == tier && points[$0].count >= 12 }
                .map { rep in points[rep].prefix(6).map(\.y).reduce(0, +) / 6 }
            #expect(zip(grouped.early[tier], early).allSatisfy { Tolerance.agrees($0, $1) } && grouped.early[tier].count == early.count)
        }
    }

    @Test func foldByRepAddsEveryRowToItsRep() {
        let performance = Self.performance(reps: 200, layout: 2)
        let rows = 100..<(performance.count - 50)
        let folded = Kernels.foldByRep(performance, rows: rows, repCount: 200, initial: [Double]()) { values, row in
            values.append(row.calls)
        }
        var expected = [[Double]](repeating: [], count: 200)
        for row in rows { expected[Int(performance.reps[row])].append(performance.calls![row]) }
        #expect(folded.map { $0.map(\.bitPattern) } == expected.map { $0.map(\.bitPattern) })
    }

    @Test(arguments: [1, 2, 3])
    func columnKernelsDoNotDependOnThreads(threads: Int) {
        let performance = Self.performance(reps: 500, layout: 0)
        let calls = performance.calls!
        #expect(Kernels.logs(of: calls, threads: threads).map(\.bitPattern)
                == calls.map { $0 > 0 ? Double.log($0) : .nan }.map(\.bitPattern))
        #expect(Kernels.map(10, threads: threads) { $0 * $0 } == (0..<10).map { $0 * $0 })
    }
}
