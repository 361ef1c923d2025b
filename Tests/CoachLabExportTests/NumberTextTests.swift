@testable import CoachLabExport
import CoachLabTestSupport
import Testing

@Suite struct NumberTextTests {
    func text(_ value: Double) -> String {
        var bytes: [UInt8] = []
        NumberText.appendNumber(value, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    @Test func wholeNumbersHaveNoFraction() {
        #expect(text(49500) == "49500")
        #expect(text(-250) == "-250")
        #expect(text(0) == "0")
        #expect(text(-0.0) == "0")
        #expect(text(9_007_199_254_740_991) == "9007199254740991")
    }

    @Test func othersAreTheShortestTextThatReadsBack() {
        #expect(text(61553.61) == "61553.61")
        #expect(text(-0.00455) == "-0.00455")
        #expect(text(1.0 / 3.0) == "0.3333333333333333")
        #expect(text(2.2222222222222225e-06) == "2.2222222222222225e-06")
        #expect(text(1e300) == "1e+300")
    }

    @Test func integersOfEveryWidth() {
        for value in [0, 7, -7, 10, 99, 100, 123_456_789, Int.max, Int.min] {
            var bytes: [UInt8] = []
            NumberText.appendInteger(value, to: &bytes)
            #expect(String(decoding: bytes, as: UTF8.self) == String(value))
        }
    }
}

/// Values with at most two decimals are written without `description`: the same text.
@Suite struct CentsTests {
    func text(_ value: Double) -> String {
        var bytes: [UInt8] = []
        NumberText.appendNumber(value, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `description`, less the trailing `.0` of a whole number below 2^53, as the export
    /// writes every number.
    func reference(_ value: Double) -> String {
        let text = value.description
        return text.hasSuffix(".0") && abs(value) < NumberText.largestWhole ? String(text.dropLast(2)) : text
    }

    @Test func amountsMatchTheShortestText() {
        for value in [61553.61, -250.25, 0.1, 0.01, -0.05, 100.5, 999_999_999_999.99, 15000.125, 0.30000000000000004, 1e-7] {
            #expect(text(value) == reference(value), "\(value)")
        }
    }

    /// Seeded random amounts in cents and random doubles of every size: each text reads back
    /// to its value and equals the shortest text.
    @Test func randomValuesMatchTheShortestText() {
        var random = SplitMixGenerator(seed: 27)
        for _ in 0..<200_000 {
            let cents = Int64.random(in: -100_000_000_000_000...100_000_000_000_000, using: &random)
            let amount = Double(cents) / 100
            #expect(text(amount) == reference(amount), "\(amount)")
            let any = Double(bitPattern: random.next())
            if any.isFinite { #expect(text(any) == reference(any), "\(any)") }
            let ratio = Double(Int.random(in: 1...10_000_000, using: &random)) / Double(Int.random(in: 1...10_000, using: &random))
            #expect(text(ratio) == reference(ratio), "\(ratio)")
        }
    }
}
