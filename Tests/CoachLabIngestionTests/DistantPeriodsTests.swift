import CoachLabData
import CoachLabIngestion
import Testing

@Suite struct DistantPeriodsTests {
    static func months(_ texts: [String]) -> Column<Int32> {
        Column(texts.map { text in
            let parts = text.split(separator: "-").map { Int($0)! }
            return MonthIndex.make(year: parts[0], month: parts[1])
        })
    }

    @Test func monthsWithinFiveYearsOfEachOtherAreOneSpan() {
        #expect(DistantPeriods(Self.months(["2019-01", "2021-06", "2024-12", "2024-12"])) == nil)
        #expect(DistantPeriods(Self.months(["2014-01", "2018-12", "2023-12"])) == nil)
        #expect(DistantPeriods(Column<Int32>([MonthIndex.missing])) == nil)
    }

    @Test func theSmallerRunBeyondAGapAndImplausibleMonthsAreDistant() throws {
        let distant = try #require(DistantPeriods(Self.months(["2024-01", "2024-02", "2024-02", "2014-01", "1850-03", "2024-03"])))
        #expect(distant.usual == MonthIndex.make(year: 2024, month: 1)...MonthIndex.make(year: 2024, month: 3))
        #expect(distant.months.map(\.month) == [MonthIndex.make(year: 1850, month: 3), MonthIndex.make(year: 2014, month: 1)])
        #expect(distant.months.map(\.firstRow) == [4, 3])
        // Nothing plausible at all: every month is distant, and there are no usual ones.
        let all = try #require(DistantPeriods(Self.months(["0224-01", "0224-01"])))
        #expect(all.usual == nil && all.months.map(\.rows) == [2])
        #expect(all.message(for: all.months[0]) == "is far outside 1900-01 to 2200-12; so are 1 more row(s) of that month: a typo? Fix it, or pass --allow-periods to use it")
    }
}
