import CoachLabSystem
extension Partial {
    /// A value that can be a field of a state record: written in full, read back equal.
    public protocol Field {
        /// The field's text: no tab, no line break.
        var stateText: String { get }
        init?(stateText: Substring)
    }
}

extension Int: Partial.Field {
    /// The decimal digits.
    public var stateText: String { String(self) }
    /// The number the decimal digits `stateText` give; nil for anything else.
    public init?(stateText: Substring) { self.init(stateText, radix: 10) }
}

extension Int32: Partial.Field {
    /// The decimal digits.
    public var stateText: String { String(self) }
    /// The number the decimal digits `stateText` give; nil for anything else.
    public init?(stateText: Substring) { self.init(stateText, radix: 10) }
}

extension Double: Partial.Field {
    /// The shortest text that reads back as the same double (`nan`, `inf` included).
    public var stateText: String { description }
    /// The double `stateText` writes; nil when it writes none.
    public init?(stateText: Substring) { self.init(stateText) }
}

extension Partial.ExactSum: Partial.Field {
    /// The sum in units of 2⁻⁶⁴ as a decimal integer; `invalid` when it overflowed.
    public var stateText: String { isValid ? String(scaled) : "invalid" }
    /// The sum ``stateText`` wrote; nil for text it never writes.
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

extension String: Partial.Field {
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

    /// The text ``stateText`` wrote, escapes undone; nil for an unknown or unfinished escape.
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

extension Partial {
    /// Writes a state as records: one line each, a name then tab-separated fields.
    public struct Writer: Sendable {
        /// The records written so far, a line each, in order.
        public private(set) var lines: [String] = []

        /// A writer with nothing written.
        public init() {}

        /// Appends the record `name` with `fields`. Names are lowercase words, not starting
        /// with `@` (the state file's own lines).
        public mutating func record(_ name: String, _ fields: any Partial.Field...) {
            record(name, fields)
        }

        /// Appends the record `name` with `fields`, as the variadic form does.
        public mutating func record(_ name: String, _ fields: [any Partial.Field]) {
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

        /// Appends every record `other` wrote, in order (a state nested in another).
        public mutating func append(_ other: Partial.Writer) {
            lines.append(contentsOf: other.lines)
        }
    }
}

extension Partial {
    /// Why a state file could not be read.
    public struct FormatError: Error, Sendable, CustomStringConvertible {
        /// 1-based line in the state file, when known.
        public var line: Int?
        /// What is wrong, for the user.
        public var message: String

        /// An error at `line` of the state file (nil when not known).
        public init(line: Int?, _ message: String) {
            self.line = line
            self.message = message
        }

        /// The message, after its line number when known.
        public var description: String { line.map { "line \($0): \(message)" } ?? message }
    }
}

extension Partial {
    /// Why two states that each read well cannot be merged (``PartialState/mergeProblem(with:)``).
    public struct MergeError: Error, Sendable, CustomStringConvertible {
        /// Why the states cannot be merged, for the user.
        public var message: String

        /// An error saying `message`.
        public init(_ message: String) { self.message = message }

        /// The message.
        public var description: String { message }
    }
}

extension Partial {
    /// One record of a state, with typed access to its fields.
    public struct Record: Sendable {
        /// The record's name, its first field.
        public var name: String
        /// The fields after the name, as written.
        public var fields: [Substring]
        /// 1-based line in the state file.
        public var line: Int

        /// The record a line of a state file holds: `text`, at `line`.
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
        /// - Throws: ``Partial/FormatError`` when the record is too short or the field malformed.
        @inlinable
        public func field<T: Partial.Field>(_ index: Int, as type: T.Type = T.self) throws(Partial.FormatError) -> T {
            guard index < fields.count else {
                throw Partial.FormatError(line: line, "record '\(shownName)' has \(fields.count) fields; field \(index + 1) is missing")
            }
            guard let value = T(stateText: fields[index]) else {
                throw Partial.FormatError(line: line, "record '\(shownName)': field \(index + 1) '\(Self.shownField(fields[index]))' is not a valid \(T.self)")
            }
            return value
        }

        /// Throws unless the record has exactly `count` fields.
        public func expectFields(_ count: Int) throws(Partial.FormatError) {
            guard fields.count == count else {
                throw Partial.FormatError(line: line, "record '\(shownName)' has \(fields.count) fields, expected \(count)")
            }
        }

        /// A count checked against `limit`: for a count of rows (rep-months, say), the rows the
        /// state covers (``Partial/Bounds/rows``), which no count can exceed, so that none can
        /// overflow when states are merged or a result adds counts up.
        public func count(_ index: Int, atMost limit: Int) throws(Partial.FormatError) -> Int {
            let value: Int = try field(index)
            guard value >= 0 && value <= limit else {
                throw Partial.FormatError(line: line, "record '\(shownName)': field \(index + 1) is \(value), not a count from 0 to \(limit)")
            }
            return value
        }

        /// A dense code (a row of managers.csv or reps.csv) checked against `count`.
        public func code(_ index: Int, below count: Int) throws(Partial.FormatError) -> Int {
            let value: Int = try field(index)
            guard value >= 0 && value < count else {
                throw Partial.FormatError(line: line, "record '\(shownName)': \(value) is not a row of a table of \(count) rows")
            }
            return value
        }
    }
}

extension Partial {
    /// Reads the records of one state, in order, parsing each line as it is reached.
    public struct Reader: Sendable {
        /// What the state's counts and tables are checked against while it is read.
        public let bounds: Partial.Bounds
        private var lines: StateLines
        /// The line reported when the records end too soon: the last record's.
        private let lastLine: Int?

        /// The records of `lines`, whose last line is `lastLine`.
        package init(lines: StateLines, lastLine: Int?, bounds: Partial.Bounds) {
            self.lines = lines
            self.lastLine = lastLine
            self.bounds = bounds
        }

        /// The records `writer` wrote, numbered from line 1 (for tests and in-process use).
        public init(_ writer: Partial.Writer, bounds: Partial.Bounds = .format) {
            var text = writer.lines.joined(separator: "\n")
            if !writer.lines.isEmpty { text += "\n" }
            self.init(lines: StateLines(text), lastLine: writer.lines.isEmpty ? nil : writer.lines.count, bounds: bounds)
        }

        /// The same records, checked against `bounds` instead: a state nested in another
        /// that covers other rows (the merged first pass inside a second pass).
        public func bounded(by bounds: Partial.Bounds) -> Reader {
            Reader(lines: lines, lastLine: lastLine, bounds: bounds)
        }

        /// Whether every record has been read.
        public var isAtEnd: Bool { peek() == nil }

        /// The next record without reading it, or nil at the end.
        public func peek() -> Partial.Record? {
            var ahead = lines
            return ahead.next().map { Partial.Record(text: $0.text, line: $0.number) }
        }

        /// The next record, or nil at the end.
        public mutating func next() -> Partial.Record? {
            lines.next().map { Partial.Record(text: $0.text, line: $0.number) }
        }

        /// The next record, which must be named `name`.
        public mutating func expect(_ name: String) throws(Partial.FormatError) -> Partial.Record {
            guard let record = next() else {
                throw Partial.FormatError(line: lastLine, "the state ends where a '\(name)' record was expected")
            }
            guard record.name == name else {
                throw Partial.FormatError(line: record.line, "found a '\(record.shownName)' record where a '\(name)' record was expected")
            }
            return record
        }

        /// A reader of the next `count` records alone, which this reader then passes over: a
        /// state nested in another. Throws when fewer than `count` records are left.
        /// - Parameter record: the record that gave the count, for the message.
        public mutating func records(_ count: Int, after record: Partial.Record) throws(Partial.FormatError) -> Reader {
            let start = lines.position
            let firstNumber = lines.nextNumber
            var last: Int?
            for _ in 0..<count {
                guard let line = lines.next() else {
                    throw Partial.FormatError(line: lastLine, "record '\(record.shownName)' counts \(count) records after it; the state ends sooner")
                }
                last = line.number
            }
            return Reader(lines: lines.lines(from: start, to: lines.position, firstNumber: firstNumber), lastLine: last ?? record.line, bounds: bounds)
        }

        /// Throws unless every record was read.
        public func expectEnd() throws(Partial.FormatError) {
            if let record = peek() {
                throw Partial.FormatError(line: record.line, "unexpected '\(record.shownName)' record after the state")
            }
        }
    }
}
