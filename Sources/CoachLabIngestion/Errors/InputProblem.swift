import CoachLabData
import CoachLabSystem

/// One thing wrong with an input file, located as precisely as it can be:
/// `performance.csv:1042: column 'quota': 'abc' is not a number`.
public struct InputProblem: Sendable, Hashable, CustomStringConvertible {
    public var file: String
    /// 1-based line, when the problem belongs to one.
    public var line: Int?
    /// The column's header name, when the problem belongs to one column.
    public var column: String?
    /// What is wrong, phrased to follow the quoted value when there is one.
    public var message: String
    /// The offending value as it was in the file.
    public var value: String?
    /// The category of a problem that belongs to one row (what `--on-error skip` counts).
    public var reason: RejectReason?
    /// When this stands for many problems of one cause: them, counted, with examples.
    public var group: ProblemGroup?

    public init(file: String, line: Int? = nil, column: String? = nil, message: String, value: String? = nil,
                reason: RejectReason? = nil) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
        self.value = value
        self.reason = reason
    }

    /// A problem standing for all of `group`.
    public init(group: ProblemGroup) {
        self.init(file: group.file, column: group.column, message: group.headline, reason: group.reason)
        self.group = group
    }

    /// How many problems this stands for.
    public var occurrences: Int { group?.count ?? 1 }

    /// The problem as one line: every piece of input text in it (the file's name, the
    /// column's header, the value, ids in the message) escaped by ``DisplayText``, a long
    /// header or value cut with its length stated.
    public var description: String {
        // A group's headline escapes its own input text; its examples are listed apart.
        if let group { return group.headline }
        var text = DisplayText.escaped(file)
        if let line { text += ":\(line)" }
        text += ":"
        if let column { text += " column '\(DisplayText.escaped(column, limit: 80))':" }
        // A value read as raw bytes comes already cut by `display` (60 characters, each at
        // most four once escaped); an id from a table's dictionary is cut here.
        if let value { text += " '\(DisplayText.escaped(value, limit: 300))'" }
        return text + " " + DisplayText.escaped(message)
    }

    /// Renders raw field bytes for a message: invalid UTF-8 and control bytes escaped,
    /// long values cut.
    static func display(_ bytes: UnsafeRawBufferPointer, limit: Int = 60) -> String {
        var text = ""
        var iterator = bytes.prefix(limit * 4).makeIterator()
        var decoder = UTF8()
        var shown = 0
        var offset = 0
        let raw = Array(bytes.prefix(limit * 4))
        loop: while shown < limit {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar):
                let width = String(scalar).utf8.count
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    text += scalar == "\n" ? "\\n" : scalar == "\r" ? "\\r" : scalar == "\t" ? "\\t"
                        : "\\x" + hex(UInt8(scalar.value))
                } else {
                    text.unicodeScalars.append(scalar)
                }
                offset += width
            case .emptyInput:
                break loop
            case .error:
                // The decoder consumed an unknown number of bytes; show the one at `offset`.
                text += "\\x" + hex(offset < raw.count ? raw[offset] : 0)
                offset += 1
            }
            shown += 1
        }
        if bytes.count > offset && shown >= limit { text += "… (\(bytes.count) bytes)" }
        return text
    }

    private static func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return String([digits[Int(byte >> 4)], digits[Int(byte & 15)]])
    }
}
