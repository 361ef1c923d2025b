#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Quote repair: the quotes each piece counts, and cuts moved out of quoted fields that
/// hold line breaks.
extension CSVReader {
    /// `pieces` with each cut that has an odd number of quotes before it moved on to the
    /// next line break outside quotes (cuts it passes are dropped).
    static func cutsMovedOutOfQuotes(_ input: Input, _ pieces: [Range<Int>], quotesPerPiece: [Int]) -> [Range<Int>] {
        var bounds = [pieces[0].lowerBound]
        var quotesBefore = 0
        for (piece, quotes) in zip(pieces, quotesPerPiece).dropLast() {
            quotesBefore += quotes
            var cut: Int? = piece.upperBound
            if quotesBefore % 2 != 0 {
                var position = piece.upperBound
                var parity = 1
                cut = lineBreaksOutsideQuotes(input, target: position, position: &position, quotes: &parity)
            }
            guard let cut, cut < input.size else { break }
            if cut > bounds[bounds.count - 1] { bounds.append(cut) }
        }
        bounds.append(input.size)
        return zip(bounds, bounds.dropFirst()).map { $0..<$1 }.filter { !$0.isEmpty }
    }

    /// Whether a line break lies inside a quoted field within the first `limit` bytes
    /// from `start` (a file whose cuts would likely land inside one).
    static func quotedLineBreak(_ input: Input, from start: Int, within limit: Int) -> Bool {
        var inQuotes = false
        var found = false
        input.scan(start..<max(start, min(input.size, start + limit))) { _, bytes in
            for byte in bytes {
                if byte == 0x22 { inQuotes.toggle() } else if byte == 0x0A && inQuotes { found = true }
            }
            return found
        }
        return found
    }

    /// Whether every cut between pieces has an even number of quotes before it (so lies
    /// outside any quoted field), from the quotes each piece counted.
    static func cutsOutsideQuotes(quotesPerPiece: [Int]) -> Bool {
        var before = 0
        for quotes in quotesPerPiece.dropLast() {
            before += quotes
            if before % 2 != 0 { return false }
        }
        return true
    }

    /// The number of `"` bytes in `bytes` (memchr skips to each: almost free in a file
    /// without quotes).
    @inline(__always)
    static func quotes(in bytes: UnsafeRawBufferPointer) -> Int {
        guard let base = bytes.baseAddress else { return 0 }
        var count = 0
        var index = 0
        while index < bytes.count, let hit = memchr(base + index, 0x22, bytes.count - index) {
            count += 1
            index = base.distance(to: UnsafeRawPointer(hit)) + 1
        }
        return count
    }

    /// Just after the first line break at or after `target` preceded by an even number of
    /// quotes (so outside any quoted field), counting quotes from `position` with `quotes`
    /// counted before it.
    static func lineBreaksOutsideQuotes(_ input: Input, target: Int, position: inout Int, quotes: inout Int) -> Int? {
        var found: Int?
        var counted = quotes
        input.scan(position..<input.size) { offset, bytes in
            // Up to the target only quotes matter.
            let scanEnd = max(0, min(bytes.count, target - offset))
            counted += Self.quotes(in: UnsafeRawBufferPointer(rebasing: bytes[0..<scanEnd]))
            for index in scanEnd..<bytes.count {
                if bytes[index] == 0x22 { counted += 1 }
                if bytes[index] == 0x0A && counted % 2 == 0 {
                    found = offset + index + 1
                    return true
                }
            }
            return false
        }
        quotes = counted
        if let found { position = found }
        return found
    }
}
