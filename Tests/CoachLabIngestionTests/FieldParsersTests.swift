import CoachLabData
import CoachLabTestSupport
import PropertyBased
import Testing
@testable import CoachLabIngestion

func parseNumber(_ text: String) -> Double? {
    var bytes = Array(text.utf8)
    return bytes.withUnsafeMutableBytes { FieldParsers.number(UnsafeRawBufferPointer($0)) }
}

func parseDate(_ text: String) -> Int32? {
    var bytes = Array(text.utf8)
    return bytes.withUnsafeMutableBytes { FieldParsers.date(UnsafeRawBufferPointer($0)) }
}

func parseMonth(_ text: String) -> Int32? {
    var bytes = Array(text.utf8)
    return bytes.withUnsafeMutableBytes { FieldParsers.month(UnsafeRawBufferPointer($0)) }
}

@Suite struct FieldParsersTests {
    @Test func parsesNumbersExactly() {
        let cases: [(String, Double)] = [
            ("0", 0), ("-0", -0.0), ("12", 12), ("-3.5", -3.5), ("+7", 7), ("0.1", 0.1), (".5", 0.5), ("5.", 5),
            ("1e3", 1000), ("2.5E-3", 0.0025), ("49500.00", 49500), ("1234567890123456789", 1234567890123456768),
            ("0.000000000000000000000000001", 1e-27), ("9007199254740993", 9007199254740992),
            ("179769313486231570000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000", 1.7976931348623157e308),
        ]
        for (text, value) in cases {
            #expect(parseNumber(text) == value, "\(text)")
        }
    }

    @Test func rejectsWhatIsNotANumber() {
        for text in ["", "-", ".", "e5", "1e", "1e+", "abc", "1,5", "1.2.3", "nan", "inf", "0x10", "1 2", "$5", "5%", "1e400"] {
            #expect(parseNumber(text) == nil, "\(text)")
        }
    }

    @Test func numbersRoundTripWhatSwiftPrints() async {
        await propertyCheck(count: 2_000, input: Gen.double(in: -1e300...1e300)) { value in
            #expect(parseNumber("\(value)") == value)
        }
    }

    @Test func decimalsAgreeWithTheCorrectlyRoundedParser() async {
        await propertyCheck(count: 2_000, input: Gen.int64(in: -99_999_999_999_999_999...99_999_999_999_999_999), Gen.int(in: -30...30)) { mantissa, exponent in
            let text = "\(mantissa)e\(exponent)"
            #expect(parseNumber(text) == Double(text), "\(text)")
            let digits = String(mantissa.magnitude)
            let point = max(0, min(digits.count, digits.count + exponent / 4))
            let decimal = (mantissa < 0 ? "-" : "") + digits.prefix(point) + "." + digits.dropFirst(point)
            #expect(parseNumber(decimal) == Double(decimal), "\(decimal)")
        }
    }

    /// Fields of 8 to 17 bytes, the lengths of most amounts and where the fast path ends:
    /// every place of the point, a sign, and a stray byte at every position must read as
    /// Swift's correctly rounded `Double(String)` reads them.
    @Test func amountsOfEightToSeventeenBytesReadExactly() async {
        await propertyCheck(count: 3_000, input: Gen.int(in: 8...17), Gen.int(in: 0...17), Gen.int(in: 0...40), Gen.uint64(in: 0...UInt64.max)) { length, point, stray, draw in
            var state = draw
            var bytes = (0..<length).map { _ -> UInt8 in
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                return UInt8(ascii: "0") + UInt8(state >> 60 % 10)
            }
            if point < length { bytes[point] = UInt8(ascii: ".") }
            if stray < length && stray != point { bytes[stray] = [UInt8(ascii: "x"), UInt8(ascii: "/"), UInt8(ascii: ":"), 0x2E, 0xB0, UInt8(ascii: "-")][stray % 6] }
            if draw % 3 == 0 { bytes.insert(UInt8(ascii: "-"), at: 0) }
            let text = String(decoding: bytes, as: UTF8.self)
            #expect(parseNumber(text) == Double(text), "\(text)")
        }
        for (text, value) in [("12345678", 12_345_678.0), ("1234567.8", 1_234_567.8), (".1234567", 0.1234567), ("1234567.", 1_234_567),
                              ("123456789012345", 123_456_789_012_345), ("12345678901234.5", 12_345_678_901_234.5),
                              ("-54000.00", -54_000), ("+00000000000000001", 1), ("0.00000000000001", 1e-14)] {
            #expect(parseNumber(text) == value, "\(text)")
        }
    }

    @Test func datesRoundTrip() async {
        await propertyCheck(count: 2_000, input: Gen.int(in: -200_000...200_000)) { days in
            let day = Int32(days)
            let text = CivilDate.format(day)
            if text.count == 10 { #expect(parseDate(text) == day, "\(text)") }
        }
    }

    @Test func datesAreChecked() {
        #expect(parseDate("2024-02-29") == CivilDate.days(year: 2024, month: 2, day: 29))
        #expect(parseDate("1970-01-01") == 0)
        for text in ["2023-02-29", "2024-04-31", "2024-00-10", "2024-1-01", "24-01-01", "2024/01/01", "2024-01-01T00"] {
            #expect(parseDate(text) == nil, "\(text)")
        }
    }

    @Test func monthsAreChecked() {
        #expect(parseMonth("2024-03") == MonthIndex.make(year: 2024, month: 3))
        #expect(MonthIndex.format(parseMonth("2024-12")!) == "2024-12")
        for text in ["2024-13", "2024-00", "2024-3", "Mar 2024", "2024-03-01"] {
            #expect(parseMonth(text) == nil, "\(text)")
        }
    }
}
