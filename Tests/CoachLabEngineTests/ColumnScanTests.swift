import CoachLabData
import PropertyBased
import Testing
@testable import CoachLabEngine

/// The whole-column checks the loader asks first, against the plain loops they replace.
@Suite struct ColumnScanTests {
    static let codes = Gen.int(in: -1...40).array(of: 0...500).map { $0.map(Int32.init) }

    @Test func distinctCodesCountsEachCodeOnceAndNoMissing() async {
        await propertyCheck(count: 300, input: Self.codes, Gen.int(in: 0...45)) { codes, count in
            let expected = Set(codes.filter { $0 >= 0 && Int($0) < count }).count
            #expect(ColumnScan.distinctCodes(Column(codes), count: count) == expected)
        }
    }

    @Test func monthSpanSkipsMissingMonths() {
        let missing = MonthIndex.missing
        #expect(ColumnScan.monthSpan([missing, 24_300, missing, 24_290, 24_310]) == (2, 24_290...24_310))
        let none = ColumnScan.monthSpan([missing, missing])
        #expect(none.missing == 2 && none.span == nil)
        #expect(ColumnScan.monthSpan([]).span == nil)
    }

    @Test func countsMissingZeroAndNegativeValues() {
        let values: [Double] = [.nan, 0, -0.0, 3, -2, .nan, .infinity]
        #expect(ColumnScan.countMissingAndZero(values) == (2, 2))
        #expect(ColumnScan.countNegative(values) == 1)
    }

    @Test func allWithinChecksBothEnds() {
        #expect(ColumnScan.allWithin([0, 3, 4], 0..<5))
        #expect(!ColumnScan.allWithin([0, 5], 0..<5))
        #expect(!ColumnScan.allWithin([-1, 2], 0..<5))
        #expect(ColumnScan.allWithin([], 0..<0))
    }
}
