import CoachLabData
import CoachLabTestSupport
import PropertyBased
import Testing
@testable import CoachLabEngine

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
