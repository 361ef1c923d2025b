#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The lines of a state's text, found one at a time as they are read, each with its 1-based
/// number: a final line break ends the last line rather than starting an empty one, and a
/// CR before the LF is dropped.
///
/// Lines are never gathered into a list: a damaged or hostile state of millions of tiny
/// lines costs no more memory than its text.
package struct StateLines: Sendable {
    private var text: String
    /// Byte offsets in `text` of the next line's start and of the end of the lines to read.
    private var offset: Int
    private let end: Int
    /// The number of the line ``next()`` returns next.
    package private(set) var nextNumber: Int

    /// The lines of `text`, the first numbered 1.
    package init(_ text: String) {
        var text = text
        text.makeContiguousUTF8()
        self.text = text
        offset = 0
        end = text.utf8.count
        nextNumber = 1
    }

    private init(text: String, offset: Int, end: Int, nextNumber: Int) {
        self.text = text
        self.offset = offset
        self.end = end
        self.nextNumber = nextNumber
    }

    /// The byte offset of the next line (for ``lines(from:to:firstNumber:)``).
    package var position: Int { offset }

    /// The lines between two ``position``s of the same text, the first numbered `firstNumber`.
    package func lines(from start: Int, to end: Int, firstNumber: Int) -> StateLines {
        StateLines(text: text, offset: start, end: end, nextNumber: firstNumber)
    }

    /// The next line, or nil after the last.
    package mutating func next() -> (number: Int, text: Substring)? {
        guard offset < end else { return nil }
        let start = offset
        let end = self.end
        let (lineEnd, endsInCR) = text.utf8.withContiguousStorageIfAvailable { bytes in
            let base = UnsafeRawPointer(bytes.baseAddress!)
            let found = memchr(base + start, 0x0A, end - start)
            let lineEnd = found.map { base.distance(to: UnsafeRawPointer($0)) } ?? end
            return (lineEnd, lineEnd > start && bytes[lineEnd - 1] == 0x0D)
        }!
        let contentEnd = endsInCR ? lineEnd - 1 : lineEnd
        offset = min(lineEnd + 1, end)
        defer { nextNumber += 1 }
        let utf8 = text.utf8
        let lower = utf8.index(text.startIndex, offsetBy: start)
        let upper = utf8.index(lower, offsetBy: contentEnd - start)
        return (nextNumber, text[lower..<upper])
    }

    /// The next line that is not empty, or nil.
    package mutating func nextNonEmpty() -> (number: Int, text: Substring)? {
        while let line = next() {
            if !line.text.isEmpty { return line }
        }
        return nil
    }
}
