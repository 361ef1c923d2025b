#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CoachLabData
import CoachLabSystem

/// The line-level view of a shard: finding its header lines, whatever engine cut it.
enum ShardText {
    struct Normalized {
        /// A header line, then the shard's lines with its header lines blanked (so every
        /// data line keeps its line number, shifted by `linesAdded`); nil when that is the
        /// shard as read: its own header first, no other header line and no byte-order mark.
        var text: [UInt8]?
        /// 1 when a header line was put in front of the shard, else 0.
        var linesAdded: Int
        /// Lines that are neither blank nor a header.
        var dataLines: Int
        /// FNV-1a of the data lines, as 16 hex digits: the shard's default identity; empty
        /// when not asked for.
        var checksum: String
        /// ``ShardRecord/fingerprint``: the data lines' SipHashes added up, in any order.
        var fingerprint: UInt64
    }

    /// - Parameters:
    ///   - delimiter: the byte between the fields of the shard's lines.
    ///   - checksum: whether to compute ``Normalized/checksum`` (a shard given its id needs none).
    static func normalize(_ bytes: [UInt8], header: [String], delimiter: UInt8, checksum: Bool = true) -> Normalized {
        var dataLines = 0
        var hasher = FNV1a()
        var fingerprint: UInt64 = 0
        var firstIsHeader = false, seenFirst = false
        // Header lines after the first line, blanked in the text (their bytes, no line break).
        var blanked: [Range<Int>] = []
        let firstName = Array((header.first ?? "").utf8)
        let hasMark = bytes.starts(with: [0xEF, 0xBB, 0xBF])
        bytes.withUnsafeBufferPointer { (all: UnsafeBufferPointer<UInt8>) -> Void in
            var start = hasMark ? 3 : 0
            while start < all.count {
                let end = Self.lineEnd(in: all, from: start)
                let line = UnsafeBufferPointer(rebasing: all[start..<end])
                let isHeader = startsWithName(line, firstName, delimiter: delimiter) && fields(of: line, delimiter: delimiter) == header
                let isBlank = line.isEmpty || (line.count == 1 && line[0] == 0x0D)
                if !seenFirst && !isBlank {
                    // The shard's own header stays where it is; a shard without one gets ours.
                    seenFirst = true
                    firstIsHeader = isHeader
                } else if isHeader {
                    blanked.append(start..<end)
                }
                if !isHeader && !isBlank {
                    dataLines += 1
                    let content = line.last == 0x0D ? UnsafeBufferPointer(rebasing: line.dropLast()) : line
                    if checksum {
                        for byte in content { hasher.add(byte) }
                        hasher.add(UInt8(0x0A))
                    }
                    fingerprint &+= SipHash.hash(content)
                }
                start = end + 1
            }
        }
        let linesAdded = firstIsHeader ? 0 : 1
        var text: [UInt8]?
        if linesAdded == 1 || hasMark || !blanked.isEmpty {
            text = Self.text(bytes, header: linesAdded == 1 ? header : nil, delimiter: delimiter, from: hasMark ? 3 : 0, blanking: blanked)
        }
        return Normalized(text: text, linesAdded: linesAdded, dataLines: dataLines,
                          checksum: checksum ? hasher.value.hexDigits : "", fingerprint: fingerprint)
    }

    /// The index of the first line feed in `all` from `start`, or its count when none.
    private static func lineEnd(in all: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        guard let base = all.baseAddress, let found = memchr(base + start, 0x0A, all.count - start) else { return all.count }
        return UnsafePointer(found.assumingMemoryBound(to: UInt8.self)) - base
    }

    /// `bytes` from `start`, after `header` as a line when given, with the bytes of each of
    /// `blanked` left out (their line breaks kept) and a line break at the end.
    private static func text(
        _ bytes: [UInt8], header: [String]?, delimiter: UInt8, from start: Int, blanking blanked: [Range<Int>]
    ) -> [UInt8] {
        var text: [UInt8] = []
        text.reserveCapacity(bytes.count + 256)
        if let header {
            text += Array(header.joined(separator: String(Character(Unicode.Scalar(delimiter)))).utf8)
            text.append(0x0A)
        }
        var next = start
        for range in blanked {
            text += bytes[next..<range.lowerBound]
            next = range.upperBound
        }
        text += bytes[next...]
        // Every line ends in a line break, the last one too.
        if bytes.count > start && bytes.last != 0x0A { text.append(0x0A) }
        return text
    }

    /// Whether the first field of `line`, trimmed and lowercased, is `name` (a cheap test
    /// before splitting the whole line).
    static func startsWithName(_ line: UnsafeBufferPointer<UInt8>, _ name: [UInt8], delimiter: UInt8) -> Bool {
        var index = 0
        while index < line.count && (line[index] == 0x20 || line[index] == 0x22 || line[index] == 0x09) { index += 1 }
        for byte in name {
            guard index < line.count else { return false }
            let found = line[index] >= 0x41 && line[index] <= 0x5A ? line[index] | 0x20 : line[index]
            if found != byte { return false }
            index += 1
        }
        return index == line.count || [delimiter, 0x20, 0x22, 0x09, 0x0D].contains(line[index])
    }

    /// The fields of a header line: split at each `delimiter`, quotes and spaces trimmed,
    /// lowercased. (A header holds plain names; a data line never reads as the header.)
    static func fields(of line: UnsafeBufferPointer<UInt8>, delimiter: UInt8) -> [String] {
        var content = Array(line)
        if content.last == 0x0D { content.removeLast() }
        return content.split(separator: delimiter, omittingEmptySubsequences: false).map {
            normalizedName(String(decoding: $0, as: UTF8.self))
        }
    }

    static func fields(of line: [UInt8], delimiter: UInt8) -> [String] {
        line.withUnsafeBufferPointer { fields(of: $0, delimiter: delimiter) }
    }

    static func normalizedName(_ name: String) -> String {
        name.trimmingCharacters(in: " \t\"").lowercased()
    }

    /// The first non-blank line of `bytes`, without its line break or a byte-order mark.
    static func firstLine(of bytes: [UInt8]) -> [UInt8]? {
        var rest = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(bytes.dropFirst(3)) : bytes
        while !rest.isEmpty {
            let end = rest.firstIndex(of: 0x0A) ?? rest.endIndex
            var line = Array(rest[..<end])
            if line.last == 0x0D { line.removeLast() }
            if !line.isEmpty { return line }
            rest = end < rest.endIndex ? Array(rest[(end + 1)...]) : []
        }
        return nil
    }

    /// The first line of the file at `path` (its first 64 KiB), or nil when unreadable.
    static func firstLine(ofFile path: String) -> [UInt8]? {
        guard case .success(let descriptor) = RegularFile.open(path) else { return nil }
        defer { close(descriptor) }
        var buffer = [UInt8](repeating: 0, count: 65_536)
        let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress!, $0.count) }
        guard count > 0 else { return nil }
        return firstLine(of: Array(buffer[..<count]))
    }
}

extension String {
    /// The string without any of `characters` at either end.
    fileprivate func trimmingCharacters(in characters: String) -> String {
        let set = Set(characters)
        guard let first = firstIndex(where: { !set.contains($0) }) else { return "" }
        let last = lastIndex(where: { !set.contains($0) })!
        return String(self[first...last])
    }
}
