import CoachLabIngestion
import CoachLabTestSupport
import Foundation
import Testing

/// Records streamed whole, whatever the chunk size: quotes holding delimiters and line
/// breaks, CR, LF and CRLF, a byte-order mark, blank lines and no final line break.
@Suite struct CSVRecordStreamTests {
    struct Seen: Equatable {
        var bytes: String
        var line: Int
        var rep: String?
    }

    static let header = "\u{FEFF}id, rep ,note\r\n"
    /// Each record as the file holds it, with its line and its rep value (quotes removed).
    static let records: [Seen] = [
        Seen(bytes: "1,\"A,1\",plain\r\n", line: 2, rep: "A,1"),
        Seen(bytes: "2, B ,\"two\r\nlines\"\n", line: 3, rep: "B"),
        Seen(bytes: "3,\"C \"\"q\"\"\",x\r", line: 7, rep: "C \"q\""),
        Seen(bytes: "4, D\t,\"\"\n", line: 8, rep: "D"),
        Seen(bytes: "5\n", line: 9, rep: nil),
        Seen(bytes: "6,E,last", line: 10, rep: "E"),
    ]
    static let text = header + records[0].bytes + records[1].bytes + "\n  \r\n" + records[2].bytes + records[3].bytes
        + records[4].bytes + records[5].bytes

    func read(_ text: String, chunk: Int) throws -> (header: CSVRecordStream.Header, records: [Seen]) {
        let folder = TestFiles.temporaryDirectory("record-stream")
        let file = TestFiles.write(text, to: "table.csv", in: folder)
        var stream = CSVRecordStream()
        stream.chunkBytes = chunk
        var header: CSVRecordStream.Header?
        var seen: [Seen] = []
        let outcome = try stream.read(path: file.path) { found in
            header = found
            return [1]
        } record: { record in
            seen.append(Seen(bytes: String(decoding: record.bytes, as: UTF8.self), line: record.line,
                             rep: record.value(0).map { String(decoding: $0, as: UTF8.self) }))
        }
        #expect(outcome.records == seen.count && outcome.footer == nil)
        return (header!, seen)
    }

    @Test func everyChunkSizeGivesTheSameRecords() throws {
        for chunk in [2, 3, 4, 5, 7, 11, 16, 1 << 20] {
            let (header, records) = try read(Self.text, chunk: chunk)
            #expect(header.bytes == Array(Self.header.utf8), "chunk \(chunk)")
            #expect(header.fields.map { String(decoding: $0, as: UTF8.self) } == ["id", "rep", "note"], "chunk \(chunk)")
            #expect(records.count == Self.records.count, "chunk \(chunk)")
            for (found, expected) in zip(records, Self.records) where found != expected {
                Issue.record("chunk \(chunk): \(found) is not \(expected)")
            }
        }
    }

    @Test func aBrokenQuoteOrAnEmptyFileIsAFailureWithItsLine() throws {
        for chunk in [3, 1 << 20] {
            #expect(throws: CSVRecordStream.Failure.self) { try read("a,b\n1,x\"y\n", chunk: chunk) }
            do {
                _ = try read("a,b\n1,2\n3,\"open\n4,5\n", chunk: chunk)
                Issue.record("an unterminated quote was read")
            } catch let failure as CSVRecordStream.Failure {
                #expect(failure.line == 3 && failure.message.hasPrefix("unterminated quoted field"), "\(failure)")
            }
            do {
                _ = try read("\n \n", chunk: chunk)
                Issue.record("an empty file was read")
            } catch let failure as CSVRecordStream.Failure {
                #expect(failure.message.contains("the file is empty"), "\(failure)")
            }
        }
    }
}
