#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CoachLabData

/// Exact parsers for field bytes: no `String` is made on the way.
public enum FieldParsers {
    @usableFromInline static let exactPowersOfTen: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ]

    /// Parses a decimal number: optional sign, digits with an optional `.` fraction, an
    /// optional exponent. The result is the correctly rounded `Double`.
    ///
    /// Up to 19 significant digits and a power of ten within ±22 take Clinger's exact fast
    /// path; anything else, once its syntax is checked here, goes to the C library's
    /// correctly rounded `strtod`.
    /// - Returns: nil for anything that is not such a number (including `inf`, `nan`, hex).
    @inlinable
    public static func number(_ bytes: UnsafeRawBufferPointer) -> Double? {
        let count = bytes.count
        guard count > 0 else { return nil }
        // The common case first: [sign] digits [. digits], at most 15 digits (so the
        // integer is below 2⁵³ and the one division is correctly rounded). Two plain
        // loops, the digits counted from where they stop: a few instructions a byte.
        if count <= 17, let base = bytes.baseAddress {
            let first = base.load(as: UInt8.self)
            var index = first == UInt8(ascii: "-") || first == UInt8(ascii: "+") ? 1 : 0
            var mantissa: UInt64 = 0
            let integerStart = index
            while index < count {
                let digit = base.load(fromByteOffset: index, as: UInt8.self) &- UInt8(ascii: "0")
                if digit > 9 { break }
                mantissa = mantissa &* 10 &+ UInt64(digit)
                index &+= 1
            }
            var digits = index &- integerStart
            var fraction = 0
            if index < count && base.load(fromByteOffset: index, as: UInt8.self) == UInt8(ascii: ".") {
                index &+= 1
                let fractionStart = index
                while index < count {
                    let digit = base.load(fromByteOffset: index, as: UInt8.self) &- UInt8(ascii: "0")
                    if digit > 9 { break }
                    mantissa = mantissa &* 10 &+ UInt64(digit)
                    index &+= 1
                }
                fraction = index &- fractionStart
                digits &+= fraction
            }
            if index == count && digits > 0 && digits <= 15 {
                // Below 2⁵³, so signed: one conversion instruction instead of the unsigned sequence.
                let whole = Double(Int64(bitPattern: mantissa))
                let value = fraction == 0 ? whole : whole / exactPowersOfTen[fraction]
                return first == UInt8(ascii: "-") ? -value : value
            }
        }
        var index = 0
        var negative = false
        let first = bytes[0]
        if first == UInt8(ascii: "-") {
            negative = true
            index = 1
        } else if first == UInt8(ascii: "+") {
            index = 1
        }
        var mantissa: UInt64 = 0
        var significantDigits = 0
        var exponent = 0
        var sawDigit = false
        var inexact = false
        while index < count {
            let digit = bytes[index] &- UInt8(ascii: "0")
            if digit > 9 { break }
            sawDigit = true
            if significantDigits < 19 {
                if mantissa != 0 || digit != 0 {
                    mantissa = mantissa &* 10 &+ UInt64(digit)
                    significantDigits += 1
                }
            } else {
                exponent += 1
                if digit != 0 { inexact = true }
            }
            index += 1
        }
        if index < count && bytes[index] == UInt8(ascii: ".") {
            index += 1
            while index < count {
                let digit = bytes[index] &- UInt8(ascii: "0")
                if digit > 9 { break }
                sawDigit = true
                if significantDigits < 19 {
                    if mantissa != 0 || digit != 0 {
                        mantissa = mantissa &* 10 &+ UInt64(digit)
                        significantDigits += 1
                    }
                    exponent -= 1
                } else if digit != 0 {
                    inexact = true
                }
                index += 1
            }
        }
        guard sawDigit else { return nil }
        if index < count && (bytes[index] | 0x20) == UInt8(ascii: "e") {
            index += 1
            var exponentNegative = false
            if index < count && (bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+")) {
                exponentNegative = bytes[index] == UInt8(ascii: "-")
                index += 1
            }
            var written = 0
            var sawExponentDigit = false
            while index < count {
                let digit = bytes[index] &- UInt8(ascii: "0")
                if digit > 9 { break }
                sawExponentDigit = true
                if written < 100_000 { written = written * 10 + Int(digit) }
                index += 1
            }
            guard sawExponentDigit else { return nil }
            exponent += exponentNegative ? -written : written
        }
        guard index == count else { return nil }
        if mantissa == 0 { return negative ? -0.0 : 0.0 }
        if !inexact && mantissa <= 1 << 53 && exponent >= -22 && exponent <= 22 {
            let value = Double(mantissa)
            let scaled = exponent >= 0 ? value * exactPowersOfTen[exponent] : value / exactPowersOfTen[-exponent]
            return negative ? -scaled : scaled
        }
        return correctlyRounded(bytes)
    }

    @usableFromInline
    static func correctlyRounded(_ bytes: UnsafeRawBufferPointer) -> Double? {
        withUnsafeTemporaryAllocation(of: CChar.self, capacity: bytes.count + 1) { buffer in
            for index in 0..<bytes.count { buffer[index] = CChar(bitPattern: bytes[index]) }
            buffer[bytes.count] = 0
            let value = strtod(buffer.baseAddress!, nil)
            return value.isFinite ? value : nil
        }
    }

    /// Parses `YYYY-MM-DD` into days since 1970-01-01, checking the day exists.
    @inlinable
    public static func date(_ bytes: UnsafeRawBufferPointer) -> Int32? {
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
              let year = digits(bytes, 0, 4), let month = digits(bytes, 5, 2), let day = digits(bytes, 8, 2),
              (1...12).contains(month), day >= 1, day <= CivilDate.daysInMonth(year: year, month: month)
        else { return nil }
        return CivilDate.days(year: year, month: month, day: day)
    }

    /// Parses `YYYY-MM` into ``MonthIndex``.
    @inlinable
    public static func month(_ bytes: UnsafeRawBufferPointer) -> Int32? {
        guard bytes.count == 7, bytes[4] == UInt8(ascii: "-"),
              let year = digits(bytes, 0, 4), let month = digits(bytes, 5, 2), (1...12).contains(month)
        else { return nil }
        return MonthIndex.make(year: year, month: month)
    }

    @inlinable @inline(__always)
    static func digits(_ bytes: UnsafeRawBufferPointer, _ start: Int, _ length: Int) -> Int? {
        var value = 0
        for index in start..<(start + length) {
            let digit = bytes[index] &- UInt8(ascii: "0")
            if digit > 9 { return nil }
            value = value * 10 + Int(digit)
        }
        return value
    }
}
