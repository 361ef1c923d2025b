import CoachLabData

/// A date or period as an export writes it, described by a pattern in the style of Unicode
/// date patterns: `MM/dd/yyyy`, `dd.MM.yyyy`, `MMM yyyy`, `yyyy-MM`, `'FY'yy-'P'PP`.
///
/// Fields: `yyyy` (four-digit year), `yy` (two digits: 00-69 → 2000s, 70-99 → 1900s),
/// `M`/`MM` (month, one or two digits), `MMM` (`Jan`), `MMMM` (`January`), `d`/`dd` (day,
/// one or two digits), `P`/`PP` (fiscal period 1-12, counted from the fiscal year's first
/// month). Any other character stands for itself; text in single quotes is literal
/// (`''` is a quote). Month names are English and match in any case.
///
/// With a fiscal period, the year is the fiscal year: named by the calendar year in which
/// it ends (the usual convention: with a February start, FY24 runs Feb 2023 – Jan 2024)
/// unless ``FiscalCalendar/namedByStartYear`` says otherwise.
public struct DatePattern: Sendable, Hashable, CustomStringConvertible {
    enum Field: Sendable, Hashable {
        case year4, year2, month, monthShortName, monthLongName, day, fiscalPeriod
        case literal([UInt8])
    }

    let fields: [Field]
    public let description: String
    public var fiscalCalendar: FiscalCalendar

    /// Where a fiscal year starts and which calendar year names it.
    public struct FiscalCalendar: Sendable, Hashable {
        /// 1 (January) to 12.
        public var startMonth: Int
        /// FY24 starts in 2024 (true) or ends in 2024 (false, the default).
        public var namedByStartYear: Bool

        public init(startMonth: Int = 1, namedByStartYear: Bool = false) {
            self.startMonth = startMonth
            self.namedByStartYear = namedByStartYear
        }
    }

    public struct PatternError: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    public init(_ pattern: String, fiscalCalendar: FiscalCalendar = FiscalCalendar()) throws(PatternError) {
        var fields: [Field] = []
        let characters = Array(pattern)
        var index = 0
        func literal(_ bytes: [UInt8]) {
            if case .literal(let previous)? = fields.last {
                fields[fields.count - 1] = .literal(previous + bytes)
            } else {
                fields.append(.literal(bytes))
            }
        }
        while index < characters.count {
            let character = characters[index]
            var run = 1
            while index + run < characters.count && characters[index + run] == character { run += 1 }
            switch character {
            case "y":
                guard run == 2 || run == 4 else { throw PatternError(description: "'\(pattern)': a year is yy or yyyy") }
                fields.append(run == 4 ? .year4 : .year2)
            case "M":
                guard run <= 4 else { throw PatternError(description: "'\(pattern)': a month is M, MM, MMM or MMMM") }
                fields.append(run <= 2 ? .month : run == 3 ? .monthShortName : .monthLongName)
            case "d":
                guard run <= 2 else { throw PatternError(description: "'\(pattern)': a day is d or dd") }
                fields.append(.day)
            case "P":
                guard run <= 2 else { throw PatternError(description: "'\(pattern)': a fiscal period is P or PP") }
                fields.append(.fiscalPeriod)
            case "'":
                if run >= 2 {
                    for _ in 0..<(run / 2) { literal([UInt8(ascii: "'")]) }
                    index += run / 2 * 2
                    continue
                }
                guard let close = characters[(index + 1)...].firstIndex(of: "'") else {
                    throw PatternError(description: "'\(pattern)': a quote is not closed")
                }
                literal(Array(String(characters[(index + 1)..<close]).utf8))
                index = close + 1
                continue
            default:
                literal(Array(String(repeating: character, count: run).utf8))
            }
            index += run
        }
        let has = { (wanted: Field) in fields.contains(wanted) }
        guard has(.year4) || has(.year2) else { throw PatternError(description: "'\(pattern)' has no year (yyyy or yy)") }
        let hasMonth = has(.month) || has(.monthShortName) || has(.monthLongName)
        guard hasMonth != has(.fiscalPeriod) else {
            throw PatternError(description: "'\(pattern)' needs a month (M, MM, MMM, MMMM) or a fiscal period (P, PP), not both")
        }
        guard (1...12).contains(fiscalCalendar.startMonth) else {
            throw PatternError(description: "a fiscal year starts in a month from 1 to 12, not \(fiscalCalendar.startMonth)")
        }
        self.fields = fields
        self.description = pattern
        self.fiscalCalendar = fiscalCalendar
    }

    /// Whether the pattern names a day (so it can give a date, not only a month).
    public var hasDay: Bool { fields.contains(.day) }

    /// The parts read from `bytes`, or nil when they do not follow the pattern.
    func components(_ bytes: UnsafeRawBufferPointer) -> (year: Int, month: Int, day: Int?)? {
        var index = 0
        var year: Int?
        var month: Int?
        var day: Int?
        var period: Int?
        func number(maxDigits: Int, exactly: Bool) -> Int? {
            var value = 0
            var count = 0
            while count < maxDigits && index < bytes.count, bytes[index] &- UInt8(ascii: "0") <= 9 {
                value = value * 10 + Int(bytes[index] &- UInt8(ascii: "0"))
                count += 1
                index += 1
            }
            if count == 0 || (exactly && count != maxDigits) { return nil }
            return value
        }
        for field in fields {
            switch field {
            case .year4:
                guard let value = number(maxDigits: 4, exactly: true) else { return nil }
                year = value
            case .year2:
                guard let value = number(maxDigits: 2, exactly: true) else { return nil }
                year = value < 70 ? 2000 + value : 1900 + value
            case .month:
                guard let value = number(maxDigits: 2, exactly: false) else { return nil }
                month = value
            case .day:
                guard let value = number(maxDigits: 2, exactly: false) else { return nil }
                day = value
            case .fiscalPeriod:
                guard let value = number(maxDigits: 2, exactly: false) else { return nil }
                period = value
            case .monthShortName, .monthLongName:
                guard let found = Self.monthName(bytes, at: index, long: field == .monthLongName) else { return nil }
                month = found.month
                index += found.length
            case .literal(let text):
                guard index + text.count <= bytes.count else { return nil }
                for offset in 0..<text.count where bytes[index + offset] != text[offset] { return nil }
                index += text.count
            }
        }
        guard index == bytes.count, let year else { return nil }
        if let period {
            guard (1...12).contains(period) else { return nil }
            let start = fiscalCalendar.startMonth
            let startYear = fiscalCalendar.namedByStartYear || start == 1 ? year : year - 1
            let monthsIn = start - 1 + period - 1
            return (startYear + monthsIn / 12, monthsIn % 12 + 1, day)
        }
        guard let month, (1...12).contains(month) else { return nil }
        return (year, month, day)
    }

    /// The date (days since 1970-01-01) written in `bytes`, checking the day exists.
    public func date(_ bytes: UnsafeRawBufferPointer) -> Int32? {
        guard let parts = components(bytes), let day = parts.day,
              day >= 1, day <= CivilDate.daysInMonth(year: parts.year, month: parts.month) else { return nil }
        return CivilDate.days(year: parts.year, month: parts.month, day: day)
    }

    /// The month (``MonthIndex``) written in `bytes`; a day, when the pattern has one,
    /// must exist but is otherwise ignored.
    public func month(_ bytes: UnsafeRawBufferPointer) -> Int32? {
        guard let parts = components(bytes) else { return nil }
        if let day = parts.day, day < 1 || day > CivilDate.daysInMonth(year: parts.year, month: parts.month) { return nil }
        return MonthIndex.make(year: parts.year, month: parts.month)
    }

    private static func capitalized(_ name: ArraySlice<UInt8>) -> String {
        String(decoding: [name.first! & ~0x20] + name.dropFirst(), as: UTF8.self)
    }

    static let monthNames = ["january", "february", "march", "april", "may", "june", "july",
                             "august", "september", "october", "november", "december"].map { Array($0.utf8) }

    private static func monthName(_ bytes: UnsafeRawBufferPointer, at start: Int, long: Bool) -> (month: Int, length: Int)? {
        for (offset, name) in monthNames.enumerated() {
            let length = long ? name.count : 3
            guard start + length <= bytes.count else { continue }
            var matches = true
            for index in 0..<length where bytes[start + index] | 0x20 != name[index] {
                matches = false
                break
            }
            if matches { return (offset + 1, length) }
        }
        return nil
    }

    /// Writes a date or month with this pattern (the inverse of ``date(_:)`` and
    /// ``month(_:)``, for tests and for the mapping draft's examples).
    public func format(year: Int, month: Int, day: Int = 1) -> String {
        var out = ""
        var fiscalYear = year
        var period = month
        if fields.contains(.fiscalPeriod) {
            let start = fiscalCalendar.startMonth
            let offset = (month - start + 12) % 12
            period = offset + 1
            let startYear = month >= start ? year : year - 1
            fiscalYear = fiscalCalendar.namedByStartYear || start == 1 ? startYear : startYear + 1
        }
        func padded(_ value: Int, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        for field in fields {
            switch field {
            case .year4: out += padded(fiscalYear, 4)
            case .year2: out += padded(fiscalYear % 100, 2)
            case .month: out += padded(month, 2)
            case .day: out += padded(day, 2)
            case .fiscalPeriod: out += padded(period, 2)
            case .monthShortName: out += Self.capitalized(Self.monthNames[month - 1].prefix(3))
            case .monthLongName: out += Self.capitalized(Self.monthNames[month - 1][...])
            case .literal(let text): out += String(decoding: text, as: UTF8.self)
            }
        }
        return out
    }
}
