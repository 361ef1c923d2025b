import CoachLabData
import PropertyBased
import Testing
@testable import CoachLabIngestion

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

    /// The vector loop and its tail, any length, any mix of missing marks and months (the
    /// smallest and largest Int32 besides the mark among them).
    @Test func monthSpanEqualsThatOfAPlainLoop() async {
        let months = Gen.int(in: 0...5).array(of: 0...70).map { draws in
            draws.map { [MonthIndex.missing, Int32.min + 1, Int32.max, 24_300, 24_301, -7][$0] }
        }
        await propertyCheck(count: 300, input: months) { months in
            let present = months.filter { $0 != MonthIndex.missing }
            let span = months.withUnsafeBufferPointer { MonthIndex.span(of: $0) }
            #expect(span.missing == months.count - present.count)
            #expect(span.first == present.min() ?? .max && span.last == present.max() ?? MonthIndex.missing)
        }
    }

    @Test func countsMissingZeroAndNegativeValues() {
        let values: [Double] = [.nan, 0, -0.0, 3, -2, .nan, .infinity]
        #expect(ColumnScan.counts(values) == .init(missing: 2, zero: 2, negative: 1))
    }

    /// Any length (the vector loop's tail included) and any mix of the values that count.
    @Test func countsEqualThoseOfAPlainLoop() async {
        let special: [Double] = [.nan, 0, -0.0, 1.5, -2, .infinity, -.infinity, -.leastNonzeroMagnitude]
        let values = Gen.int(in: 0...(special.count - 1)).array(of: 0...40).map { $0.map { special[$0] } }
        await propertyCheck(count: 300, input: values) { values in
            let expected = ColumnScan.NumberCounts(
                missing: values.filter(\.isNaN).count, zero: values.filter { $0 == 0 }.count,
                negative: values.filter { $0 < 0 }.count)
            #expect(ColumnScan.counts(values) == expected)
        }
    }

    /// The vector loop and its tail, against a plain check.
    @Test func allWithinEqualsAPlainCheck() async {
        await propertyCheck(count: 300, input: Self.codes, Gen.int(in: -2...3), Gen.int(in: 30...42)) { codes, low, high in
            let range = Int32(low)..<Int32(high)
            #expect(ColumnScan.allWithin(codes, range) == codes.allSatisfy { range.contains($0) })
        }
    }

    @Test func allWithinChecksBothEnds() {
        #expect(ColumnScan.allWithin([0, 3, 4], 0..<5))
        #expect(!ColumnScan.allWithin([0, 5], 0..<5))
        #expect(!ColumnScan.allWithin([-1, 2], 0..<5))
        #expect(ColumnScan.allWithin([], 0..<0))
    }

    /// A column long enough to be cut into parts gives every thread count the answer of one
    /// pass: the odd values sit in the last part, at a cut and in the first.
    @Test(arguments: [2, 3, 7])
    func partsOfALongColumnGiveTheAnswerOfOnePass(threads: Int) {
        let count = 3 * ColumnScan.valuesPerPart + 5
        var months = [Int32](repeating: 24_300, count: count)
        var numbers = [Double](repeating: 1.5, count: count)
        var codes = [Int32](repeating: 0, count: count)
        for (offset, row) in [0, count / 2, count / 3, count - 1].enumerated() {
            months[row] = offset.isMultiple(of: 2) ? MonthIndex.missing : 24_280 + Int32(offset)
            numbers[row] = [Double.nan, 0, -1, .nan][offset]
            codes[row] = [7, -1, 40, 3][offset]
        }
        #expect(ColumnScan.monthSpan(months, threads: threads) == ColumnScan.monthSpan(months))
        #expect(ColumnScan.monthSpan(months, threads: threads) == (2, 24_281...24_300))
        #expect(ColumnScan.counts(numbers, threads: threads) == .init(missing: 2, zero: 1, negative: 1))
        #expect(ColumnScan.allWithin(codes, -1..<41, threads: threads))
        #expect(!ColumnScan.allWithin(codes, 0..<41, threads: threads))
        #expect(!ColumnScan.allWithin(codes, -1..<40, threads: threads))
        #expect(ColumnScan.distinctCodes(Column(codes), count: 10, threads: threads) == 3)
    }
}
