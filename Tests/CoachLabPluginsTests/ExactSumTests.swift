import CoachLabPluginAPI
import CoachLabTestSupport
import PropertyBased
import Testing

@Suite struct ExactSumTests {
    @Test func anyOrderAndGroupingGivesTheSameBits() async {
        await propertyCheck(count: 300, input: Gen.double(in: -1e6...1e6).array(of: 1...60), Gen.int(in: 0...Int(Int32.max))) { terms, seed in
            var random = SplitMixGenerator(seed: UInt64(seed))
            let whole = Partial.ExactSum(terms)
            let shuffled = terms.shuffled(using: &random)
            let cut = Int.random(in: 0...shuffled.count, using: &random)
            var left = Partial.ExactSum(shuffled[..<cut])
            left.merge(Partial.ExactSum(shuffled[cut...]))
            #expect(left == whole)
            #expect(left.value == whole.value)
        }
    }

    @Test func sumsAreCorrectWhereDoublesLoseDigits() {
        #expect(Partial.ExactSum([1e16, 1, -1e16]).value == 1)
        // The exact sum of the three doubles nearest 0.1, 0.2 and -0.3 is 2⁻⁵⁵.
        #expect(Partial.ExactSum([0.1, 0.2, -0.3]).value == 0x1p-55)
        var products = Partial.ExactSum()
        products.add(0.5, times: 3)
        products.add(-0.25, times: 2)
        #expect(products.value == 1)
    }

    @Test func infinityAndOverflowMakeItInvalidNotWrong() {
        #expect(Partial.ExactSum([1, .infinity]).value == nil)
        #expect(Partial.ExactSum([1, .nan]).value == nil)
        #expect(Partial.ExactSum([4e18, 4e18, 4e18]).value == nil)
        #expect(Partial.ExactSum([4e18, -4e18, 1]).value == 1)
    }

    @Test func productsAreExactOrInvalidOnBothSidesOfTheFastPath() async {
        // Terms of every size up to 2¹²⁶ units, factors up to and past 2³¹.
        let term = zip(Gen.int(in: 0...126), Gen.int(in: Int.min...Int.max)).map { bits, noise -> Int128 in
            Int128(truncatingIfNeeded: noise) >> (127 - max(bits, 63)) | Int128(1) << bits
        }
        let factor = zip(Gen.int(in: 0...62), Gen.bool).map { bits, negative in (1 << bits) * (negative ? -1 : 1) - 1 }
        await propertyCheck(count: 1_000, input: term, factor) { term, factor in
            var sum = Partial.ExactSum()
            sum.add(units: term, times: factor)
            let (expected, overflow) = term.multipliedReportingOverflow(by: Int128(factor))
            #expect(sum.isValid == !overflow)
            if !overflow { #expect(sum.scaled == expected) }
        }
    }

    @Test func conversionToDoubleRoundsLikeTheStandardLibrary() async {
        await propertyCheck(count: 2_000, input: Gen.int64(in: .min ... .max), Gen.int64(in: .min ... .max)) { high, low in
            let value = Int128(high) << 64 | Int128(UInt64(bitPattern: low))
            #expect(Partial.ExactSum.double(value) == Double(value), "\(value)")
        }
        for value: Int128 in [0, 1, -1, Int128(1) << 100, (Int128(1) << 64) + 1, .max, .min + 1, (Int128(1) << 54) + 1] {
            #expect(Partial.ExactSum.double(value) == Double(value), "\(value)")
        }
    }
}
