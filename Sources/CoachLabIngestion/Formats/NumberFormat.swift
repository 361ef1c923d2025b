/// How an export writes numbers: `$1,234.50`, `1.234,50 €`, `(1,200)`, `85%`.
///
/// Parsing is exact: the value is rewritten as a plain decimal (`-1234.50`, a percent as
/// `85e-2`) and handed to ``FieldParsers/number(_:)``, so `12.3%` gives the same `Double`
/// as `0.123`, never a product rounded twice.
public struct NumberFormat: Sendable, Hashable {
    /// The decimal separator: `.` or `,`.
    public var decimalSeparator: UInt8
    /// The thousands separator, if the export groups digits (`,` `.` ` ` `'` or a
    /// non-breaking space). Groups must be of three digits.
    public var groupingSeparator: [UInt8]?
    /// A currency symbol or code written before or after the amount (`$`, `€`, `USD`).
    public var currencySymbol: [UInt8]?
    /// Values are percentages: `85%` and `85` both read as 0.85.
    public var isPercent: Bool

    public init(decimalSeparator: UInt8 = UInt8(ascii: "."), groupingSeparator: String? = nil,
                currencySymbol: String? = nil, isPercent: Bool = false) {
        self.decimalSeparator = decimalSeparator
        self.groupingSeparator = groupingSeparator.map { Array($0.utf8) }
        self.currencySymbol = currencySymbol.map { Array($0.utf8) }
        self.isPercent = isPercent
    }

    /// The number written in `bytes` (already trimmed), or nil. Negative amounts may be
    /// written with a sign before or after the currency symbol, or in parentheses.
    public func parse(_ bytes: UnsafeRawBufferPointer) -> Double? {
        var slice = Slice(base: bytes, bounds: 0..<bytes.count)
        slice = Self.trim(slice)
        var negative = false
        if let first = slice.first, first == UInt8(ascii: "("), slice.last == UInt8(ascii: ")") {
            negative = true
            slice = Self.trim(slice.dropFirst().dropLast())
        }
        var signs = 0
        func takeSign() {
            guard let first = slice.first, first == UInt8(ascii: "-") || first == UInt8(ascii: "+") else { return }
            if first == UInt8(ascii: "-") { negative.toggle() }
            signs += 1
            slice = Self.trim(slice.dropFirst())
        }
        takeSign()
        if let symbol = currencySymbol, !symbol.isEmpty {
            if slice.starts(with: symbol) {
                slice = Self.trim(slice.dropFirst(symbol.count))
                takeSign()
            } else if slice.count >= symbol.count && slice.suffix(symbol.count).elementsEqual(symbol) {
                slice = Self.trim(slice.dropLast(symbol.count))
            }
        }
        guard signs <= 1 else { return nil }
        if isPercent, slice.last == UInt8(ascii: "%") { slice = Self.trim(slice.dropLast()) }
        guard !slice.isEmpty else { return nil }
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: slice.count + 5) { buffer -> Double? in
            var length = 0
            func put(_ byte: UInt8) {
                buffer[length] = byte
                length += 1
            }
            if negative { put(UInt8(ascii: "-")) }
            var index = slice.startIndex
            // Integer part, in groups when the export groups digits.
            var digitsInGroup = 0
            var groups = 0
            while index < slice.endIndex {
                let byte = slice[index]
                if byte &- UInt8(ascii: "0") <= 9 {
                    put(byte)
                    digitsInGroup += 1
                    index += 1
                } else if let separator = groupingSeparator, !separator.isEmpty,
                          slice[index...].starts(with: separator) {
                    // A separator follows 1-3 digits first, then exactly 3.
                    guard digitsInGroup >= 1, digitsInGroup <= 3, groups == 0 || digitsInGroup == 3 else { return nil }
                    groups += 1
                    digitsInGroup = 0
                    index += separator.count
                } else {
                    break
                }
            }
            if groups > 0 && digitsInGroup != 3 { return nil }
            var hasExponent = false
            if index < slice.endIndex && slice[index] == decimalSeparator {
                put(UInt8(ascii: "."))
                index += 1
            }
            while index < slice.endIndex {
                let byte = slice[index]
                if byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") { hasExponent = true }
                // The rest (fraction digits, an exponent) is checked by the exact parser.
                guard byte &- UInt8(ascii: "0") <= 9 || byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E")
                        || ((byte == UInt8(ascii: "-") || byte == UInt8(ascii: "+")) && hasExponent) else { return nil }
                put(byte)
                index += 1
            }
            let scaleAfter = isPercent && hasExponent
            if isPercent && !hasExponent {
                put(UInt8(ascii: "e"))
                put(UInt8(ascii: "-"))
                put(UInt8(ascii: "2"))
            }
            let value = FieldParsers.number(UnsafeRawBufferPointer(start: buffer.baseAddress, count: length))
            return scaleAfter ? value.map { $0 / 100 } : value
        }
    }

    static func trim(_ slice: Slice<UnsafeRawBufferPointer>) -> Slice<UnsafeRawBufferPointer> {
        var slice = slice
        while let first = slice.first, first == 0x20 || first == 0x09 { slice = slice.dropFirst() }
        while let last = slice.last, last == 0x20 || last == 0x09 { slice = slice.dropLast() }
        // A non-breaking space (U+00A0) often sits between an amount and its symbol.
        while slice.starts(with: [0xC2, 0xA0]) { slice = trim(slice.dropFirst(2)) }
        while slice.count >= 2 && slice.suffix(2).elementsEqual([0xC2, 0xA0]) { slice = trim(slice.dropLast(2)) }
        return slice
    }
}
