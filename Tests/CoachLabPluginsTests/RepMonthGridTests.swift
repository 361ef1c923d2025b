import CoachLabData
import CoachLabTestSupport
import PropertyBased
import Testing
@testable import CoachLabKernels

/// A grid that covers a range of the reps answers for each of them exactly as the grid of
/// every rep does: the same months, cells, means and slopes, so a part may hold its reps
/// only.
@Suite struct RepMonthGridTests {
    /// Rows of `reps` reps over `months` months, some rep-months missing, some without a quota.
    static func performance(reps: Int, months: Int, seed: Int) -> Performance {
        var random = SplitMixGenerator(seed: UInt64(seed))
        var repCodes: [Int32] = [], periods: [Int32] = [], quotas: [Double] = [], bookings: [Double] = []
        for rep in 0..<reps {
            for month in 0..<months where Int.random(in: 0..<5, using: &random) > 0 {
                repCodes.append(Int32(rep))
                periods.append(MonthIndex.make(year: 2024, month: 1) + Int32(month))
                quotas.append(Int.random(in: 0..<8, using: &random) == 0 ? 0 : 100)
                bookings.append(Double(Int.random(in: 0...200, using: &random)))
            }
        }
        return Performance(reps: Column(repCodes), periods: Column(periods), quotas: Column(quotas), bookings: Column(bookings))
    }

    @Test func aRangeOfRepsReadsAsTheWholeGridDoes() async {
        await propertyCheck(count: 100, input: Gen.int(in: 1...40), Gen.int(in: 1...14), Gen.int(in: 0...10_000)) { reps, months, seed in
            let performance = Self.performance(reps: reps, months: months, seed: seed)
            let whole = RepMonthGrid(performance, reps: reps)
            var random = SplitMixGenerator(seed: UInt64(seed))
            let low = Int.random(in: 0...reps, using: &random)
            let range = low..<Int.random(in: low...reps, using: &random)
            let part = RepMonthGrid(performance, reps: reps, covering: range)
            #expect(part.firstMonth == whole.firstMonth && part.months == whole.months && part.reps == reps)
            #expect(part.cellCount == range.count * whole.months)
            for rep in range {
                for column in 0..<whole.months {
                    #expect(part.isPresent(rep: rep, column: column) == whole.isPresent(rep: rep, column: column))
                    #expect(part.attainment(rep: rep, column: column) == whole.attainment(rep: rep, column: column))
                    let columns = (column - 2)...(column + 1)
                    #expect(part.meanAttainment(rep: rep, columns: columns)?.mean == whole.meanAttainment(rep: rep, columns: columns)?.mean)
                }
                #expect(part.slope(rep: rep, minimumMonths: 2) == whole.slope(rep: rep, minimumMonths: 2))
            }
        }
    }
}
