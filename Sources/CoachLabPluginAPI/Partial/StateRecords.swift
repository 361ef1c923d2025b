import CoachLabSystem
/// A value that can be a field of a state record: written in full, read back equal.
public protocol StateField {
    /// The field's text: no tab, no line break.
    var stateText: String { get }
    init?(stateText: Substring)
}

extension Int: StateField {
    public var stateText: String { String(self) }
    public init?(stateText: Substring) { self.init(stateText, radix: 10) }
}

extension Int32: StateField {
    public var stateText: String { String(self) }
    public init?(stateText: Substring) { self.init(stateText, radix: 10) }
}

extension Double: StateField {
    /// The shortest text that reads back as the same double (`nan`, `inf` included).
    public var stateText: String { description }
    public init?(stateText: Substring) { self.init(stateText) }
}

extension ExactSum: StateField {
    /// The sum in units of 2⁻⁶⁴ as a decimal integer; `invalid` when it overflowed.
    public var stateText: String { isValid ? String(scaled) : "invalid" }
    public init?(stateText: Substring) {
        if stateText == "invalid" {
            self.init(scaled: 0, isValid: false)
        } else if let small = Int64(stateText, radix: 10) {
            // Most sums fit in 64 bits of units; the generic 128-bit parse is slower.
            self.init(scaled: Int128(small))
        } else if let scaled = Int128(stateText, radix: 10) {
            self.init(scaled: scaled)
        } else {
            return nil
        }
    }
}

extension String: StateField {
    /// Backslash, tab, carriage return and line feed escaped as `\\`, `\t`, `\r`, `\n`.
    public var stateText: String {
        var text = ""
        text.reserveCapacity(utf8.count)
        for character in unicodeScalars {
            switch character {
            case "\\": text += "\\\\"
            case "\t": text += "\\t"
            case "\r": text += "\\r"
            case "\n": text += "\\n"
            default: text.unicodeScalars.append(character)
            }
        }
        return text
    }

    public init?(stateText: Substring) {
        guard stateText.utf8.contains(0x5C) else {
            self = String(stateText)
            return
        }
        var text = ""
        var escaped = false
        for character in stateText.unicodeScalars {
            if escaped {
                switch character {
                case "\\": text += "\\"
                case "t": text += "\t"
                case "r": text += "\r"
                case "n": text += "\n"
                default: return nil
                }
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else {
                text.unicodeScalars.append(character)
            }
        }
        if escaped { return nil }
        self = text
    }
}

/// Writes a state as records: one line each, a name then tab-separated fields.
public struct StateWriter: Sendable {
    public private(set) var lines: [String] = []

    public init() {}

    /// Appends the record `name` with `fields`. Names are lowercase words, not starting
    /// with `@` (the state file's own lines).
    public mutating func record(_ name: String, _ fields: any StateField...) {
        record(name, fields)
    }

    public mutating func record(_ name: String, _ fields: [any StateField]) {
        precondition(!name.isEmpty && !name.hasPrefix("@") && !name.contains("\t"), "bad record name '\(name)'")
        var line = name
        // Room for the fields up front: a line grown field by field is copied as it grows.
        line.reserveCapacity(name.utf8.count + 24 * fields.count)
        for field in fields {
            line += "\t"
            line += field.stateText
        }
        lines.append(line)
    }
}

/// Why a state file could not be read.
public struct StateFormatError: Error, Sendable, CustomStringConvertible {
    /// 1-based line in the state file, when known.
    public var line: Int?
    public var message: String

    public init(line: Int?, _ message: String) {
        self.line = line
        self.message = message
    }

    public var description: String { line.map { "line \($0): \(message)" } ?? message }
}

/// Why two states that each read well cannot be merged (``PartialState/mergeProblem(with:)``).
public struct StateMergeError: Error, Sendable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) { self.message = message }

    public var description: String { message }
}

/// One record of a state, with typed access to its fields.
public struct StateRecord: Sendable {
    public var name: String
    public var fields: [Substring]
    /// 1-based line in the state file.
    public var line: Int

    public init(text: Substring, line: Int) {
        let parts = Self.cut(text, at: 0x09)
        name = String(parts[0])
        fields = Array(parts.dropFirst())
        self.line = line
    }

    /// The pieces of `text` between the bytes `separator` (an ASCII byte, so every cut is a
    /// character boundary), empty pieces kept: one more piece than separators. The bytes are
    /// scanned, then one index made per piece: walking `String.Index`es byte by byte (each
    /// checked for scalar alignment), or the generic `split`, cost more than the rest of
    /// reading a state.
    package static func cut(_ text: Substring, at separator: UInt8) -> [Substring] {
        let find = { (bytes: UnsafeBufferPointer<UInt8>) in bytes.indices.filter { bytes[$0] == separator } }
        let offsets = text.utf8.withContiguousStorageIfAvailable(find) ?? Array(text.utf8).withUnsafeBufferPointer(find)
        var pieces: [Substring] = []
        pieces.reserveCapacity(offsets.count + 1)
        var start = text.startIndex
        var consumed = 0
        for offset in offsets {
            let end = text.utf8.index(start, offsetBy: offset - consumed)
            pieces.append(text[start..<end])
            start = text.utf8.index(after: end)
            consumed = offset + 1
        }
        pieces.append(text[start...])
        return pieces
    }

    /// The record's name for a message: escaped, and cut when long (it is input text).
    public var shownName: String { DisplayText.escaped(name, limit: 40) }

    /// A field's text for a message, escaped and cut as ``shownName`` is (callable from
    /// inlinable code, which cannot see the support module).
    @usableFromInline static func shownField(_ text: Substring) -> String { DisplayText.escaped(text, limit: 40) }

    /// Field `index` as a `T`.
    /// - Throws: ``StateFormatError`` when the record is too short or the field malformed.
    @inlinable
    public func field<T: StateField>(_ index: Int, as type: T.Type = T.self) throws(StateFormatError) -> T {
        guard index < fields.count else {
            throw StateFormatError(line: line, "record '\(shownName)' has \(fields.count) fields; field \(index + 1) is missing")
        }
        guard let value = T(stateText: fields[index]) else {
            throw StateFormatError(line: line, "record '\(shownName)': field \(index + 1) '\(Self.shownField(fields[index]))' is not a valid \(T.self)")
        }
        return value
    }

    /// Throws unless the record has exactly `count` fields.
    public func expectFields(_ count: Int) throws(StateFormatError) {
        guard fields.count == count else {
            throw StateFormatError(line: line, "record '\(shownName)' has \(fields.count) fields, expected \(count)")
        }
    }

    /// A count checked against `limit`: for a count of rows (rep-months, say), the rows the
    /// state covers (``StateBounds/rows``), which no count can exceed, so that none can
    /// overflow when states are merged or a result adds counts up.
    public func count(_ index: Int, atMost limit: Int) throws(StateFormatError) -> Int {
        let value: Int = try field(index)
        guard value >= 0 && value <= limit else {
            throw StateFormatError(line: line, "record '\(shownName)': field \(index + 1) is \(value), not a count from 0 to \(limit)")
        }
        return value
    }

    /// A dense code (a row of managers.csv or reps.csv) checked against `count`.
    public func code(_ index: Int, below count: Int) throws(StateFormatError) -> Int {
        let value: Int = try field(index)
        guard value >= 0 && value < count else {
            throw StateFormatError(line: line, "record '\(shownName)': \(value) is not a row of a table of \(count) rows")
        }
        return value
    }
}

/// Reads the records of one state, in order, parsing each line as it is reached.
public struct StateReader: Sendable {
    /// What the state's counts and tables are checked against while it is read.
    public let bounds: StateBounds
    private var lines: StateLines
    /// The line reported when the records end too soon: the last record's.
    private let lastLine: Int?

    /// The records of `lines`, whose last line is `lastLine`.
    package init(lines: StateLines, lastLine: Int?, bounds: StateBounds) {
        self.lines = lines
        self.lastLine = lastLine
        self.bounds = bounds
    }

    /// The records `writer` wrote, numbered from line 1 (for tests and in-process use).
    public init(_ writer: StateWriter, bounds: StateBounds = .format) {
        var text = writer.lines.joined(separator: "\n")
        if !writer.lines.isEmpty { text += "\n" }
        self.init(lines: StateLines(text), lastLine: writer.lines.isEmpty ? nil : writer.lines.count, bounds: bounds)
    }

    public var isAtEnd: Bool { peek() == nil }

    /// The next record without reading it, or nil at the end.
    public func peek() -> StateRecord? {
        var ahead = lines
        return ahead.next().map { StateRecord(text: $0.text, line: $0.number) }
    }

    /// The next record, or nil at the end.
    public mutating func next() -> StateRecord? {
        lines.next().map { StateRecord(text: $0.text, line: $0.number) }
    }

    /// The next record, which must be named `name`.
    public mutating func expect(_ name: String) throws(StateFormatError) -> StateRecord {
        guard let record = next() else {
            throw StateFormatError(line: lastLine, "the state ends where a '\(name)' record was expected")
        }
        guard record.name == name else {
            throw StateFormatError(line: record.line, "found a '\(record.shownName)' record where a '\(name)' record was expected")
        }
        return record
    }

    /// Throws unless every record was read.
    public func expectEnd() throws(StateFormatError) {
        if let record = peek() {
            throw StateFormatError(line: record.line, "unexpected '\(record.shownName)' record after the state")
        }
    }
}
