import CoachLabData

/// Numbers and calendar values as export cells write them: whole numbers without a
/// fraction (`49500`, not `49500.0`), others as the shortest text that reads back to the
/// same double, months `YYYY-MM` and dates `YYYY-MM-DD`, written straight into bytes.
enum NumberText {
    /// Doubles whole and below 2^53 in magnitude are written as integers: every such
    /// double is exactly an integer, and a reader gets the same value back.
    static let largestWhole = 9_007_199_254_740_992.0

    /// Appends `value` (finite) to `bytes`.
    @inline(__always)
    static func appendNumber(_ value: Double, to bytes: inout [UInt8]) {
        if value == value.rounded(.towardZero) && Swift.abs(value) < largestWhole {
            appendInteger(Int(value), to: &bytes)
        } else if let cents = cents(of: value) {
            appendCents(cents, to: &bytes)
        } else {
            var digits = value.description
            digits.withUTF8 { bytes.append(contentsOf: $0) }
        }
    }

    /// Amounts of money and other values with at most two decimals are most of a table's
    /// numbers; `description` spent more time on them than all else a cell takes.
    static let largestCents = 1e12

    /// `value` × 100 when that is a whole number k and k / 100 is `value` again (then
    /// `k / 100` written out is the shortest text that reads back to `value`: any shorter
    /// text is coarser, so at least 0.01 away, and doubles below 10^12 lie closer together
    /// than that); nil otherwise.
    @inline(__always)
    static func cents(of value: Double) -> Int? {
        guard Swift.abs(value) < largestCents else { return nil }
        let scaled = (value * 100).rounded()
        return scaled / 100 == value ? Int(scaled) : nil
    }

    /// Appends k / 100: the integer part, a point and one or two decimals (no trailing zero;
    /// `k` is not a multiple of 100).
    @inline(__always)
    static func appendCents(_ cents: Int, to bytes: inout [UInt8]) {
        if cents < 0 { bytes.append(0x2D) }
        let magnitude = cents.magnitude
        appendInteger(Int(magnitude / 100), to: &bytes)
        bytes.append(0x2E)
        let fraction = Int(magnitude % 100)
        bytes.append(UInt8(0x30 + fraction / 10))
        if fraction % 10 != 0 { bytes.append(UInt8(0x30 + fraction % 10)) }
    }

    /// Appends the decimal digits of `value`, with a minus sign when negative.
    @inline(__always)
    static func appendInteger(_ value: Int, to bytes: inout [UInt8]) {
        if value < 0 {
            bytes.append(0x2D)
            // The magnitude of Int.min does not fit an Int; the one such value is spelled out.
            if value == .min {
                bytes.append(contentsOf: "9223372036854775808".utf8)
                return
            }
        }
        var magnitude = UInt(value.magnitude)
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)
        var count = 0
        withUnsafeMutableBytes(of: &digits) { buffer in
            repeat {
                buffer[23 - count] = UInt8(truncatingIfNeeded: 0x30 + magnitude % 10)
                magnitude /= 10
                count += 1
            } while magnitude > 0
            bytes.append(contentsOf: buffer[(24 - count)...])
        }
    }

    /// Appends `YYYY-MM` of a ``MonthIndex``.
    @inline(__always)
    static func appendMonth(_ index: Int32, to bytes: inout [UInt8]) {
        let (year, month) = MonthIndex.components(index)
        appendPadded(year, width: 4, to: &bytes)
        bytes.append(0x2D)
        appendPadded(month, width: 2, to: &bytes)
    }

    /// Appends `YYYY-MM-DD` of a ``CivilDate``.
    @inline(__always)
    static func appendDate(_ days: Int32, to bytes: inout [UInt8]) {
        let (year, month, day) = CivilDate.components(days)
        appendPadded(year, width: 4, to: &bytes)
        bytes.append(0x2D)
        appendPadded(month, width: 2, to: &bytes)
        bytes.append(0x2D)
        appendPadded(day, width: 2, to: &bytes)
    }

    /// Appends `value` with leading zeros up to `width` digits, as `MonthIndex.format` does.
    @inline(__always)
    private static func appendPadded(_ value: Int, width: Int, to bytes: inout [UInt8]) {
        guard value >= 0 else {
            var text = String(value)
            if text.utf8.count < width { text = String(repeating: "0", count: width - text.utf8.count) + text }
            text.withUTF8 { bytes.append(contentsOf: $0) }
            return
        }
        var digits = 1
        var power = 10
        while value >= power && digits < 19 {
            digits += 1
            power *= 10
        }
        for _ in digits..<max(digits, width) { bytes.append(0x30) }
        appendInteger(value, to: &bytes)
    }
}
