#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CoachLabSystem

/// Counts a file's lines as the CSV reader ends records: at LF, at a bare CR, and at CR LF
/// once. The line scan that numbers rows and the rejects file's raw text both step through
/// a file with it (``walk(path:_:)``), so a row's line and its raw text agree whatever the
/// line ends.
struct LineCounter {
    /// The 1-based line of the next byte.
    private(set) var line = 1
    private var pendingCR = false

    /// Steps over `byte`.
    /// - Returns: the line `byte` belongs to (a line's ending belongs to it), and whether it
    ///   is the LF of a CR LF pair, which ends no line of its own.
    @inline(__always)
    mutating func advance(_ byte: UInt8) -> (line: Int, pairedLF: Bool) {
        if pendingCR {
            pendingCR = false
            if byte == 0x0A { return (line - 1, true) }
        }
        let current = line
        if byte == 0x0A || byte == 0x0D {
            line += 1
            pendingCR = byte == 0x0D
        }
        return (current, false)
    }
}

extension LineCounter {
    /// Steps through the text of the file at `path` (in `encoding`, transcoded to UTF-8 as
    /// the reader parses it) after a UTF-8 byte order mark, handing `body` each byte with
    /// what ``advance(_:)`` says of it, until `body` returns false or the text ends: the one
    /// walk over a file's lines that the line scan and the rejects file take. Returns false
    /// when the file cannot be opened.
    @discardableResult
    static func walk(
        path: String, encoding: TextEncoding = .utf8, _ body: (_ byte: UInt8, _ line: Int, _ pairedLF: Bool) -> Bool
    ) -> Bool {
        var counter = LineCounter()
        var first = true
        return SourceText.scan(path: path, encoding: encoding) { buffer in
            let count = buffer.count
            var start = 0
            if first {
                first = false
                if count >= 3 && buffer[0] == 0xEF && buffer[1] == 0xBB && buffer[2] == 0xBF { start = 3 }
            }
            for index in start..<count {
                let byte = buffer[index]
                let (line, pairedLF) = counter.advance(byte)
                if !body(byte, line, pairedLF) { return true }
            }
            return false
        }
    }
}
