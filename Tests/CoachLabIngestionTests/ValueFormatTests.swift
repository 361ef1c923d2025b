import CoachLabData
import PropertyBased
import Testing
@testable import CoachLabIngestion

private func parse(_ format: NumberFormat, _ text: String) -> Double? {
    Array(text.utf8).withUnsafeBytes { format.parse($0) }
}

private func month(_ pattern: DatePattern, _ text: String) -> String? {
    Array(text.utf8).withUnsafeBytes { pattern.month($0) }.map(MonthIndex.format)
}

private func date(_ pattern: DatePattern, _ text: String) -> String? {
    Array(text.utf8).withUnsafeBytes { pattern.date($0) }.map(CivilDate.format)
}

@Suite struct NumberFormatTests {
    let dollars = NumberFormat(groupingSeparator: ",", currencySymbol: "$")
    let euros = NumberFormat(decimalSeparator: UInt8(ascii: ","), groupingSeparator: ".", currencySymbol: "€")

    @Test func currencyAmountsAsExportsWriteThem() {
        #expect(parse(dollars, "$1,234.50") == 1234.5)
        #expect(parse(dollars, "1,234.50 $") == 1234.5)
        #expect(parse(dollars, "$ 12") == 12)
        #expect(parse(dollars, "1234.5") == 1234.5)
        #expect(parse(dollars, "(1,200.00)") == -1200)
        #expect(parse(dollars, "($1,200)") == -1200)
        #expect(parse(dollars, "-$1,200") == -1200)
        #expect(parse(dollars, "$-1,200") == -1200)
        #expect(parse(dollars, "$1,234,567.891") == 1234567.891)
        #expect(parse(euros, "1.234,50 €") == 1234.5)
        #expect(parse(euros, "€1.234.567,5") == 1234567.5)
        #expect(parse(euros, "1.234,50\u{00A0}€") == 1234.5)
    }

    @Test func malformedAmountsAreRefused() {
        for text in ["$", "", "1,23", "12,3456", ",123", "1,,234", "$1,234.5.6", "--5", "-(5)", "(5", "1 234", "£5", "$5$", "1e", "abc", "1,234,56"] {
            #expect(parse(dollars, text) == nil, "\(text)")
        }
        #expect(parse(euros, "1,234.50") == nil)
    }

    @Test func percentagesAreExactFractions() {
        let percent = NumberFormat(isPercent: true)
        #expect(parse(percent, "85%") == 0.85)
        #expect(parse(percent, "85") == 0.85)
        #expect(parse(percent, "12.3 %") == 0.123)
        #expect(parse(percent, "-0.5%") == -0.005)
        #expect(parse(percent, "1e2%") == 1)
    }

    /// Printed with grouping, a currency and any sign style, every amount reads back to the
    /// same double.
    @Test func printedAmountsReadBack() async {
        await propertyCheck(count: 2_000, input: Gen.int64(in: -999_999_999_999...999_999_999_999), Gen.int(in: 0...4), Gen.int(in: 0...2)) { cents, decimals, style in
            let scale = [1, 10, 100, 1000, 10000][decimals]
            let magnitude = cents.magnitude
            let whole = String(magnitude / UInt64(scale))
            var grouped = ""
            for (index, character) in whole.reversed().enumerated() {
                if index > 0 && index % 3 == 0 { grouped.append(",") }
                grouped.append(character)
            }
            grouped = String(grouped.reversed())
            let fraction = decimals == 0 ? "" : "." + String(String(magnitude % UInt64(scale) + UInt64(scale)).dropFirst())
            let amount = "$" + grouped + fraction
            let text = cents < 0 ? (style == 0 ? "(\(amount))" : style == 1 ? "-" + amount : "$-" + grouped + fraction) : amount
            let plain = (cents < 0 ? "-" : "") + whole + fraction
            #expect(parse(dollars, text) == Array(plain.utf8).withUnsafeBytes { FieldParsers.number($0) }, "\(text)")
        }
    }

    @Test func noInputCrashesTheParsers() async {
        let bytes = Gen.int(in: 0...255).map { UInt8($0) }.array(of: 0...24)
        await propertyCheck(count: 3_000, input: bytes) { bytes in
            _ = bytes.withUnsafeBytes { dollars.parse($0) }
            _ = bytes.withUnsafeBytes { euros.parse($0) }
            _ = bytes.withUnsafeBytes { NumberFormat(isPercent: true).parse($0) }
        }
    }
}

@Suite struct DatePatternTests {
    @Test func datesInCommonExportPatterns() throws {
        #expect(date(try DatePattern("MM/dd/yyyy"), "03/07/2024") == "2024-03-07")
        #expect(date(try DatePattern("MM/dd/yyyy"), "3/7/2024") == "2024-03-07")
        #expect(date(try DatePattern("dd.MM.yyyy"), "07.03.2024") == "2024-03-07")
        #expect(date(try DatePattern("d MMM yyyy"), "7 mar 2024") == "2024-03-07")
        #expect(date(try DatePattern("MMMM d, yyyy"), "March 7, 2024") == "2024-03-07")
        #expect(date(try DatePattern("MM/dd/yy"), "02/29/24") == "2024-02-29")
        #expect(date(try DatePattern("MM/dd/yy"), "12/31/99") == "1999-12-31")
        #expect(date(try DatePattern("MM/dd/yyyy"), "02/30/2024") == nil)
        #expect(date(try DatePattern("MM/dd/yyyy"), "13/01/2024") == nil)
        #expect(date(try DatePattern("MM/dd/yyyy"), "03/07/2024 ") == nil)
        #expect(date(try DatePattern("MM/dd/yyyy"), "03-07-2024") == nil)
    }

    @Test func periodsIncludingFiscalOnes() throws {
        #expect(month(try DatePattern("MMM yyyy"), "Mar 2024") == "2024-03")
        #expect(month(try DatePattern("yyyy-MM"), "2024-03") == "2024-03")
        #expect(month(try DatePattern("MM/dd/yyyy"), "03/01/2024") == "2024-03")
        // FY24 starting in February, named by the year it ends: Feb 2023 – Jan 2024.
        let fiscal = try DatePattern("'FY'yy-'P'PP", fiscalCalendar: .init(startMonth: 2))
        #expect(month(fiscal, "FY24-P01") == "2023-02")
        #expect(month(fiscal, "FY24-P11") == "2023-12")
        #expect(month(fiscal, "FY24-P12") == "2024-01")
        #expect(month(fiscal, "FY24-P13") == nil)
        #expect(month(fiscal, "FY24-P00") == nil)
        let namedByStart = try DatePattern("'FY'yyyy 'P'P", fiscalCalendar: .init(startMonth: 7, namedByStartYear: true))
        #expect(month(namedByStart, "FY2024 P1") == "2024-07")
        #expect(month(namedByStart, "FY2024 P12") == "2025-06")
        #expect(month(try DatePattern("'FY'yy-'P'PP"), "FY24-P03") == "2024-03")
    }

    @Test func badPatternsAreRefused() {
        for text in ["MM/dd", "yyy-MM", "yyyy-MM-'P'PP", "yyyy 'open", "dd.yyyy", "yyyy-MMMMM"] {
            #expect(throws: DatePattern.PatternError.self, "\(text)") { try DatePattern(text) }
        }
        #expect(throws: DatePattern.PatternError.self) { try DatePattern("yyyy-'P'PP", fiscalCalendar: .init(startMonth: 13)) }
    }

    /// Every month formatted with a pattern reads back as that month, fiscal calendars
    /// included.
    @Test func formattedMonthsReadBack() async throws {
        let patterns = ["yyyy-MM", "MMM yyyy", "MMMM yyyy", "MM/yyyy", "'FY'yy-'P'PP", "'FY'yyyy P", "yyyyMM", "MM/dd/yyyy"]
        await propertyCheck(count: 1_500, input: Gen.int(in: 1971...2068), Gen.int(in: 1...12), Gen.int(in: 0...(patterns.count - 1)),
                            Gen.int(in: 1...12), Gen.bool) { year, monthNumber, which, start, byStart in
            let pattern = try! DatePattern(patterns[which], fiscalCalendar: .init(startMonth: start, namedByStartYear: byStart))
            let text = pattern.format(year: year, month: monthNumber, day: 15)
            #expect(month(pattern, text) == MonthIndex.format(MonthIndex.make(year: year, month: monthNumber)), "\(patterns[which]) \(text)")
        }
    }

    @Test func formattedDatesReadBack() async throws {
        let patterns = ["MM/dd/yyyy", "dd.MM.yyyy", "d MMM yyyy", "yyyyMMdd"].map { try! DatePattern($0) }
        await propertyCheck(count: 1_500, input: Gen.int(in: -10_000...40_000), Gen.int(in: 0...3)) { days, which in
            let iso = CivilDate.format(Int32(days))
            let parts = iso.split(separator: "-").map { Int($0)! }
            let text = patterns[which].format(year: parts[0], month: parts[1], day: parts[2])
            #expect(date(patterns[which], text) == iso, "\(text)")
        }
    }

    @Test func noInputCrashesThePatterns() async throws {
        let patterns = try ["MM/dd/yyyy", "'FY'yy-'P'PP", "MMMM yyyy", "d MMM yy"].map { try DatePattern($0) }
        let bytes = Gen.int(in: 0...255).map { UInt8($0) }.array(of: 0...16)
        await propertyCheck(count: 3_000, input: bytes) { bytes in
            for pattern in patterns {
                _ = bytes.withUnsafeBytes { pattern.date($0) }
                _ = bytes.withUnsafeBytes { pattern.month($0) }
            }
        }
    }
}

@Suite struct TierRuleTests {
    @Test func ratingsAndLabels() {
        let rating = TierRule.thresholds(exceeds: 4, meets: 3, number: NumberFormat())
        let tiers = ["5", "4", "3.5", "3", "2.99", "1"].map { text in Array(text.utf8).withUnsafeBytes { rating.tier($0) } }
        #expect(tiers == [.exceeds, .exceeds, .meets, .meets, .needsImprovement, .needsImprovement])
        #expect(Array("n/a".utf8).withUnsafeBytes { rating.tier($0) } == nil)
        let labels = TierRule.labels(["strong": .exceeds, "solid": .meets, "developing": .needsImprovement])
        #expect(Array(" Strong ".utf8).withUnsafeBytes { labels.tier($0) } == .exceeds)
        #expect(Array("Meets Expectations".utf8).withUnsafeBytes { labels.tier($0) } == .meets)
        #expect(Array("great".utf8).withUnsafeBytes { labels.tier($0) } == nil)
    }
}
