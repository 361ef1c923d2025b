/// Input text as a terminal, a log or an error message shows it. An id, a tier or a header
/// from an export may hold a line break or a terminal's escape sequence, which would
/// otherwise forge a line of output ("Dataset …: usable") or rewrite the reader's screen.
package enum DisplayText {
    /// `text` with every control character written out — `\n`, `\r`, `\t`, `\x1B` for C0,
    /// DEL and C1, `\u{202E}` for line and paragraph separators and the bidirectional
    /// controls that reorder what a terminal shows — and, past `limit` characters, cut with
    /// its length stated: `aaaa… (1048576 bytes)`.
    /// - Complexity: O(n) in the characters kept; text without them is returned as is.
    package static func escaped(_ text: some StringProtocol, limit: Int? = nil) -> String {
        let scalars = text.unicodeScalars
        let cut = limit.map { scalars.count > $0 } ?? false
        guard cut || scalars.contains(where: needsEscape) else { return String(text) }
        var shown = String.UnicodeScalarView()
        var kept = 0
        for scalar in scalars {
            if cut && kept == limit { break }
            kept += 1
            if needsEscape(scalar) {
                shown.append(contentsOf: escape(scalar).unicodeScalars)
            } else {
                shown.append(scalar)
            }
        }
        return String(shown) + (cut ? "… (\(text.utf8.count) bytes)" : "")
    }

    /// Bytes that may not be UTF-8 (a path as the system gives it) for a message: the text
    /// as ``escaped(_:limit:)`` shows it, and each byte that is not UTF-8 as `\xFF`.
    package static func escaped(bytes: [UInt8]) -> String {
        var shown = ""
        var index = 0
        while index < bytes.count {
            // The scalar starting here (one to four bytes), or none: one byte written out.
            let width = (1...4).first { width in
                index + width <= bytes.count && String(validating: bytes[index..<(index + width)], as: UTF8.self) != nil
            }
            if let width {
                shown += escaped(String(decoding: bytes[index..<(index + width)], as: UTF8.self))
                index += width
            } else {
                let hex = String(bytes[index], radix: 16, uppercase: true)
                shown += "\\x" + (hex.count < 2 ? "0" : "") + hex
                index += 1
            }
        }
        return shown
    }

    /// Whether `scalar` must be written out rather than shown.
    package static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0..<0x20, 0x7F...0x9F, 0x2028, 0x2029, 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: true
        default: false
        }
    }

    private static func escape(_ scalar: Unicode.Scalar) -> String {
        switch scalar {
        case "\n": return "\\n"
        case "\r": return "\\r"
        case "\t": return "\\t"
        default:
            let hex = String(scalar.value, radix: 16, uppercase: true)
            return scalar.value <= 0xFF ? "\\x" + (hex.count < 2 ? "0" : "") + hex : "\\u{" + hex + "}"
        }
    }
}
