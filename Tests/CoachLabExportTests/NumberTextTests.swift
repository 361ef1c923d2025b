@testable import CoachLabExport
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
