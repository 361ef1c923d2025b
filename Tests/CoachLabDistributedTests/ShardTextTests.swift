import CoachLabSystem
import CoachLabTestSupport
import PropertyBased
import Testing
@testable import CoachLabDistributed

/// Reading a shard's lines: the text handed to the loader — or the shard itself when it
/// needs no change — is what the first implementation wrote for any mix of header lines,
/// blank lines, a byte-order mark, CRLF and a missing last line break, with the same counts,
/// checksum and fingerprint.
@Suite struct ShardTextTests {
    static let header = ["rep_id", "period", "quota", "bookings"]

    /// A shard of random lines: data, header (in any case), blank, CR-only; maybe a mark first.
    static func shard(seed: Int) -> [UInt8] {
        var random = SplitMixGenerator(seed: UInt64(seed))
        var text = Int.random(in: 0..<6, using: &random) == 0 ? "\u{FEFF}" : ""
        for _ in 0..<Int.random(in: 0...12, using: &random) {
            let end = Int.random(in: 0..<3, using: &random) == 0 ? "\r\n" : "\n"
            switch Int.random(in: 0..<8, using: &random) {
            case 0: text += "rep_id,period,quota,bookings" + end
            case 1: text += "\"REP_ID\", Period ,quota,bookings" + end
            case 2: text += end
            default: text += "R\(Int.random(in: 0..<50, using: &random)),2024-0\(Int.random(in: 1...9, using: &random)),100,\(Int.random(in: 0..<300, using: &random))" + end
            }
        }
        if Int.random(in: 0..<3, using: &random) == 0, text.hasSuffix("\n") { text.removeLast() }
        return Array(text.utf8)
    }

    @Test func theTextIsTheFirstImplementationsAndUnchangedShardsAreNotCopied() async {
        await propertyCheck(count: 500, input: Gen.int(in: 0...1_000_000)) { seed in
            let bytes = Self.shard(seed: seed)
            let expected = Self.reference(bytes, header: Self.header, delimiter: 0x2C)
            let found = ShardText.normalize(bytes, header: Self.header, delimiter: 0x2C)
            // Unchanged, the shard is read as it is: its lines are the text's, but for a
            // last line break the loader does not need.
            let read = found.text ?? (bytes.last == 0x0A || bytes.isEmpty ? bytes : bytes + [0x0A])
            #expect(read == expected.text, "seed \(seed)")
            #expect(found.linesAdded == expected.linesAdded && found.dataLines == expected.dataLines)
            #expect(found.checksum == expected.checksum && found.fingerprint == expected.fingerprint)
            let plain = ShardText.normalize(bytes, header: Self.header, delimiter: 0x2C, checksum: false)
            #expect(plain.checksum.isEmpty && plain.fingerprint == expected.fingerprint && plain.text == found.text)
        }
    }

    @Test func aShardWithItsOwnHeaderFirstAndNoOtherIsNotCopied() {
        let bytes = Array("rep_id,period,quota,bookings\r\n\nR1,2024-01,100,90\n".utf8)
        #expect(ShardText.normalize(bytes, header: Self.header, delimiter: 0x2C).text == nil)
        #expect(ShardText.normalize(Array("R1,2024-01,100,90\n".utf8), header: Self.header, delimiter: 0x2C).text != nil)
    }

    /// The first implementation, kept as the reference.
    static func reference(_ bytes: [UInt8], header: [String], delimiter: UInt8) -> ShardText.Normalized {
        let headerLine = Array(header.joined(separator: String(Character(Unicode.Scalar(delimiter)))).utf8)
        var text: [UInt8] = []
        text.reserveCapacity(bytes.count + 256)
        var linesAdded = 0
        var dataLines = 0
        var hasher = FNV1a()
        var fingerprint: UInt64 = 0
        var first = true
        let firstName = Array((header.first ?? "").utf8)
        bytes.withUnsafeBufferPointer { all in
            var start = all.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
            while start < all.count {
                var end = start
                while end < all.count && all[end] != 0x0A { end += 1 }
                let line = UnsafeBufferPointer(rebasing: all[start..<end])
                let isHeader = ShardText.startsWithName(line, firstName, delimiter: delimiter) && ShardText.fields(of: line, delimiter: delimiter) == header
                let isBlank = line.isEmpty || (line.count == 1 && line[0] == 0x0D)
                if first && !isBlank {
                    // The shard's own header stays where it is; a shard without one gets ours.
                    if !isHeader {
                        text = headerLine + [0x0A] + text
                        linesAdded = 1
                    }
                    first = false
                    text += line
                    text.append(0x0A)
                    if isHeader {
                        start = end + 1
                        continue
                    }
                } else if isHeader {
                    text.append(0x0A)
                } else {
                    text += line
                    text.append(0x0A)
                }
                if !isHeader && !isBlank {
                    dataLines += 1
                    let content = line.last == 0x0D ? UnsafeBufferPointer(rebasing: line.dropLast()) : line
                    for byte in content { hasher.add(byte) }
                    hasher.add(UInt8(0x0A))
                    fingerprint &+= SipHash.hash(content)
                }
                start = end + 1
            }
        }
        if first {
            text = headerLine + [0x0A] + text
            linesAdded = 1
        }
        return ShardText.Normalized(
            text: text, linesAdded: linesAdded, dataLines: dataLines, checksum: hasher.value.hexDigits, fingerprint: fingerprint)
    }
}
