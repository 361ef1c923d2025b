/// A calendar month as the index `12 × year + month` (month 1…12), the `x` of RESULTS.md.
public enum MonthIndex {
    /// Stored in place of a missing month.
    public static let missing = Int32.min

    public static func make(year: Int, month: Int) -> Int32 { Int32(12 * year + month) }

    /// Every month a dataset's periods can name: years 0000 to 9999, and a year either side
    /// for a fiscal calendar's shift. A state's months outside it are damage.
    public static let representable: ClosedRange<Int32> = make(year: -1, month: 1)...make(year: 10_000, month: 12)

    /// The year and month (1…12) of an index.
    public static func components(_ index: Int32) -> (year: Int, month: Int) {
        let zeroBased = Int(index) - 1
        let year = zeroBased >= 0 ? zeroBased / 12 : (zeroBased - 11) / 12
        return (year, zeroBased - 12 * year + 1)
    }

    /// `YYYY-MM`.
    public static func format(_ index: Int32) -> String {
        let (year, month) = components(index)
        return "\(zeroPadded(year, 4))-\(zeroPadded(month, 2))"
    }
}

/// A calendar date as days since 1970-01-01 (proleptic Gregorian).
public enum CivilDate {
    /// Stored in place of a missing date.
    public static let missing = Int32.min

    /// Days since 1970-01-01 of a valid date (Howard Hinnant's `days_from_civil`).
    public static func days(year: Int, month: Int, day: Int) -> Int32 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return Int32(era * 146_097 + dayOfEra - 719_468)
    }

    /// The year, month and day of a day count (Howard Hinnant's `civil_from_days`).
    public static func components(_ days: Int32) -> (year: Int, month: Int, day: Int) {
        let z = Int(days) + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// The number of days in a month of a year.
    public static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// The month index of a day count.
    public static func monthIndex(_ days: Int32) -> Int32 {
        let (year, month, _) = components(days)
        return MonthIndex.make(year: year, month: month)
    }

    /// `YYYY-MM-DD`.
    public static func format(_ days: Int32) -> String {
        let (year, month, day) = components(days)
        return "\(zeroPadded(year, 4))-\(zeroPadded(month, 2))-\(zeroPadded(day, 2))"
    }
}

func zeroPadded(_ value: Int, _ width: Int) -> String {
    let digits = String(value)
    return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
}

extension MonthIndex {
    /// How many of `months` are ``missing``, and the earliest and latest of the others
    /// (`first > last` when there are none), in one pass.
    ///
    /// Eight months at a time in vector registers: written as a plain loop, the missing
    /// mark's select kept the compiler from vectorising it (Benchmarks/README.md, *Numbers
    /// behind the code*).
    public static func span(of months: UnsafeBufferPointer<Int32>) -> (missing: Int, first: Int32, last: Int32) {
        let mark = SIMD8<Int32>(repeating: missing)
        var first = SIMD8<Int32>(repeating: .max)
        var last = SIMD8<Int32>(repeating: .min)
        var missingCount = 0
        let raw = UnsafeRawBufferPointer(months)
        var index = 0
        while index + 8 <= months.count {
            // Counted per block, in lanes that cannot overflow.
            var marked = SIMD8<Int32>()
            let blockEnd = min(months.count, index + 8 * (1 << 20))
            while index + 8 <= blockEnd {
                let eight = raw.loadUnaligned(fromByteOffset: index * 4, as: SIMD8<Int32>.self)
                let isMissing = eight .== mark
                marked &+= SIMD8<Int32>().replacing(with: 1, where: isMissing)
                first = pointwiseMin(first, eight.replacing(with: .max, where: isMissing))
                last = pointwiseMax(last, eight)
                index += 8
            }
            missingCount += Int(marked.wrappedSum())
        }
        var (earliest, latest) = (first.min(), last.max())
        for month in months[index...] {
            if month == missing {
                missingCount += 1
            } else {
                earliest = min(earliest, month)
                latest = max(latest, month)
            }
        }
        return (missingCount, earliest, latest)
    }
}
