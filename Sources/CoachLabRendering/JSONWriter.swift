import CoachLabPluginAPI

/// Pretty-printed JSON written into bytes as it is produced: two spaces a level, one member
/// or element a line, `{}` and `[]` for empty containers. Containers are opened and closed
/// in order; ``key(_:)`` starts an object member and ``element()`` an array element.
struct JSONWriter {
    private var text: TextPieces
    /// Per open container, whether it has no member or element yet.
    private var empty: [Bool] = []

    /// A writer handing its text to `output` a piece at a time.
    init(to output: @escaping (UnsafeRawBufferPointer) -> Void) {
        text = TextPieces(to: output)
    }

    /// Ends the text with a line break, after the outermost container, and hands on the
    /// last piece.
    mutating func endDocument() {
        text.append(0x0A)
        text.handOn()
    }

    mutating func beginObject() { open(0x7B) }
    mutating func endObject() { close(0x7D) }
    mutating func beginArray() { open(0x5B) }
    mutating func endArray() { close(0x5D) }

    /// Starts the next member of the innermost object: its key, then a value must follow.
    mutating func key(_ name: String) {
        element()
        string(name)
        text.append(0x3A)
        text.append(0x20)
    }

    /// Starts the next element of the innermost array (or member of an object).
    mutating func element() {
        text.handOnIfFull()
        if empty[empty.count - 1] {
            empty[empty.count - 1] = false
        } else {
            text.append(0x2C)
        }
        newline(depth: empty.count)
    }

    mutating func value(_ value: MetricResult.Value) {
        switch value {
        case .null: null()
        case .integer(let integer): self.integer(integer)
        case .number(let number): self.number(number)
        case .text(let text): string(text)
        }
    }

    mutating func null() {
        text.append(contentsOf: [0x6E, 0x75, 0x6C, 0x6C])
    }

    /// The shortest text that reads back to `number` (Swift's `description`); null when it
    /// is not finite, which JSON cannot write.
    mutating func number(_ number: Double) {
        guard number.isFinite else { return null() }
        var digits = number.description
        digits.withUTF8 { text.append(contentsOf: $0) }
    }

    mutating func integer(_ integer: Int) {
        var digits = String(integer)  // at most 20 bytes; up to 15 stay inline, unallocated
        digits.withUTF8 { text.append(contentsOf: $0) }
    }

    /// `text` quoted, with `"`, `\` and control characters escaped.
    mutating func string(_ value: String) {
        text.append(0x22)
        var value = value
        value.withUTF8 { utf8 in
            // Most strings (ids, keys, labels) need no escape: appended whole.
            guard utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }) else {
                text.append(contentsOf: utf8)
                return
            }
            for byte in utf8 {
                switch byte {
                case 0x22: text.append(contentsOf: [0x5C, 0x22])
                case 0x5C: text.append(contentsOf: [0x5C, 0x5C])
                case 0x0A: text.append(contentsOf: [0x5C, 0x6E])
                case 0x0D: text.append(contentsOf: [0x5C, 0x72])
                case 0x09: text.append(contentsOf: [0x5C, 0x74])
                case ..<0x20:
                    text.append(contentsOf: [0x5C, 0x75, 0x30, 0x30, Self.hexDigits[Int(byte >> 4)], Self.hexDigits[Int(byte & 0xF)]])
                default: text.append(byte)
                }
            }
        }
        text.append(0x22)
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    private mutating func open(_ bracket: UInt8) {
        text.append(bracket)
        empty.append(true)
    }

    private mutating func close(_ bracket: UInt8) {
        if !empty.removeLast() { newline(depth: empty.count) }
        text.append(bracket)
    }

    /// A line break and the indentation of reports' deepest nesting, appended in part.
    private static let indentation: [UInt8] = [0x0A] + [UInt8](repeating: 0x20, count: 32)

    private mutating func newline(depth: Int) {
        let width = 2 * depth
        if width < Self.indentation.count {
            text.append(contentsOf: Self.indentation[...width])
        } else {
            text.append(0x0A)
            text.append(contentsOf: repeatElement(0x20, count: width))
        }
    }
}
