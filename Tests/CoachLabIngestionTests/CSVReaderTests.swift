import CoachLabData
import CoachLabTestSupport
import Foundation
import Synchronization
import Testing
@testable import CoachLabIngestion

/// Reads `bytes` as a file with every named column requested as text.
func readText(_ bytes: [UInt8], columns: [String], bufferSize: Int = 64 * 1024) throws -> ParsedTable {
    let folder = TestFiles.temporaryDirectory()
    let url = TestFiles.write(Data(bytes), to: "t.csv", in: folder)
    var reader = CSVReader()
    reader.bufferSize = bufferSize
    return try reader.read(path: url.path, displayName: "t.csv", columns: columns.map { CSVColumnRequest($0, .text) })
}

func readText(_ text: String, columns: [String], bufferSize: Int = 64 * 1024) throws -> ParsedTable {
    try readText(Array(text.utf8), columns: columns, bufferSize: bufferSize)
}

/// The file at `url` as one parser reads it: what a read in pieces must match.
func readByOneParser(_ url: URL, _ requests: [CSVColumnRequest]) throws -> ParsedTable {
    var reader = CSVReader()
    reader.threads = 1
    return try reader.read(path: url.path, displayName: url.lastPathComponent, columns: requests)
}

/// `text` as a file the reader's helpers can be pointed at.
func withInput(_ text: String, _ body: (Input) throws -> Void) throws {
    let url = TestFiles.write(text, to: "input.csv", in: TestFiles.temporaryDirectory())
    let descriptor = open(url.path, O_RDONLY)
    defer { close(descriptor) }
    try body(Input(descriptor: descriptor, size: text.utf8.count, path: url.path))
}

func values(_ table: ParsedTable, _ column: String) -> [String?] {
    let text = table.text(column)!
    return (0..<text.count).map { text[$0] }
}

@Suite struct CSVReaderTests {
    @Test func readsQuotedCommasQuotesAndLineBreaks() throws {
        let table = try readText("a,b\n\"x, y\",\"say \"\"hi\"\"\"\n\"two\nlines\",z\n", columns: ["a", "b"])
        #expect(table.problems.isEmpty)
        #expect(values(table, "a") == ["x, y", "two\nlines"])
        #expect(values(table, "b") == ["say \"hi\"", "z"])
        #expect(table.lines.line(ofRow: 1) == 3)
    }

    @Test func acceptsBOMAndCRLFAndNoFinalNewline() throws {
        let table = try readText([0xEF, 0xBB, 0xBF] + Array("\"id\",v\r\n1,2\r\n3,4".utf8), columns: ["id", "v"])
        #expect(table.problems.isEmpty)
        #expect(table.header == ["id", "v"])
        #expect(values(table, "id") == ["1", "3"])
        #expect(table.lines.line(ofRow: 1) == 3)
    }

    @Test func findsColumnsByNameInAnyOrderAndIgnoresExtras() throws {
        let table = try readText("extra,b,a\nx,2,1\n", columns: ["a", "b"])
        #expect(values(table, "a") == ["1"])
        #expect(values(table, "b") == ["2"])
        #expect(table.columns["extra"] == nil)
    }

    @Test func skipsBlankLinesAndKeepsLineNumbers() throws {
        let table = try readText("a\n1\n\n\n2\n\n", columns: ["a"])
        #expect(values(table, "a") == ["1", "2"])
        #expect(table.lines.blankLines == 3)
        #expect(table.lines.line(ofRow: 0) == 2)
        #expect(table.lines.line(ofRow: 1) == 5)
    }

    /// The quick pass that answers "no blank lines" must agree with the full scan on every
    /// shape a blank line, or something that looks like one, can take; it answers alone only
    /// where no line could be blank.
    @Test func blankLinesAreCountedTheSameWithAndWithoutTheQuickPass() throws {
        let cases: [(text: String, blank: Int, quick: Bool)] = [
            ("a\n1\n2\n", 0, true), ("a\n1\n2", 0, true), ("a\r\n1\r\n2\r\n", 0, true),
            ("\n\na\n1\n", 0, false), ("a\n1\n   ", 0, true), ("a\n\"x\n\n y\"\n", 0, false),
            ("a\n1\n\n2\n", 1, false), ("a\r\n1\r\n\r\n2\r\n", 1, false), ("a\n1\n  \t\n2\n", 1, false),
            ("a\r1\r\r2\r", 1, false), ("a\n\"x\n  \n y\"\n\n", 1, false), ("a\n1\n\n", 1, false),
        ]
        let folder = TestFiles.temporaryDirectory("blank-lines")
        for (index, (text, blank, quick)) in cases.enumerated() {
            let path = TestFiles.write(text, to: "case\(index).csv", in: folder).path
            #expect(LineLocator.certainlyHasNoBlankLines(path: path) == quick, "\(text.debugDescription)")
            #expect(LineScan(path: path).blankLines == blank, "\(text.debugDescription)")
            #expect(LineLocator(path: path).blankLines == blank, "\(text.debugDescription)")
        }
    }

    @Test func trimsSpacesAroundFields() throws {
        let table = try readText("a , b\n  x  ,\" y \"\n", columns: ["a", "b"])
        #expect(values(table, "a") == ["x"])
        #expect(values(table, "b") == ["y"])
    }

    @Test func emptyFieldsAreMissing() throws {
        let folder = TestFiles.temporaryDirectory()
        let url = TestFiles.write("n,t\n,\n1.5,x\n", to: "t.csv", in: folder)
        let table = try CSVReader().read(path: url.path, displayName: "t.csv",
                                         columns: [CSVColumnRequest("n", .number), CSVColumnRequest("t", .text)])
        #expect(table.numbers("n")![0].isNaN)
        #expect(table.numbers("n")![1] == 1.5)
        #expect(values(table, "t") == [nil, "x"])
    }

    @Test func dictionaryEncodesText() throws {
        let table = try readText("a\nx\ny\nx\nx\n", columns: ["a"])
        let column = table.text("a")!
        #expect(column.categories == ["x", "y"])
        #expect(column.codes == [0, 1, 0, 0])
    }

    @Test func handlesAFieldOverOneMegabyte() throws {
        let big = String(repeating: "é", count: 700_000)
        let table = try readText("a,b\n\"\(big)\",1\n", columns: ["a", "b"])
        #expect(table.problems.isEmpty)
        #expect(values(table, "a") == [big])
    }

    @Test func handlesMoreThanAThousandColumns() throws {
        let names = (0..<1_200).map { "c\($0)" }
        let row = (0..<1_200).map { "\($0)" }
        let table = try readText(names.joined(separator: ",") + "\n" + row.joined(separator: ",") + "\n", columns: ["c0", "c1199"])
        #expect(values(table, "c1199") == ["1199"])
    }

    @Test func resultsDoNotDependOnBufferBoundaries() throws {
        var text = "id,note\n"
        for i in 0..<500 { text += "r\(i),\"a \"\"quoted\"\", multi\r\nline \(i)\"\r\n" }
        let whole = try readText(text, columns: ["id", "note"])
        for size in [1, 2, 3, 7, 64, 1000] {
            let split = try readText(text, columns: ["id", "note"], bufferSize: size)
            #expect(values(split, "note") == values(whole, "note"), "buffer size \(size)")
            #expect((0..<500).map(split.lines.line(ofRow:)) == (0..<500).map(whole.lines.line(ofRow:)), "buffer size \(size)")
        }
        #expect(whole.lines.line(ofRow: 499) == 2 + 2 * 499)
    }

    @Test func anyNumberOfThreadsGivesTheSameColumns() throws {
        var generator = SplitMixGenerator(seed: 99)
        var text = "\u{FEFF}id,amount,note,day\r\n"
        for row in 0..<20_000 {
            let id = "R\(Int.random(in: 0..<3_000, using: &generator))"
            let note = row % 7 == 0 ? "\"multi\nline, \"\"quoted\"\"\"" : "plain \(row % 13)"
            text += "\(id),\(Double(row) * 1.25),\(note),2024-01-\(10 + row % 18)\r\n"
        }
        let folder = TestFiles.temporaryDirectory()
        let url = TestFiles.write(text, to: "big.csv", in: folder)
        let requests = [CSVColumnRequest("id", .text), CSVColumnRequest("amount", .number),
                        CSVColumnRequest("note", .text), CSVColumnRequest("day", .date)]
        let reference = try readByOneParser(url, requests)
        #expect(reference.rowCount == 20_000)
        for threads in [2, 3, 5] {
            var reader = CSVReader()
            reader.threads = threads
            reader.minimumPieceBytes = 50_000
            let table = try reader.read(path: url.path, displayName: "big.csv", columns: requests)
            #expect(table.rowCount == reference.rowCount)
            #expect(table.text("id") == reference.text("id"), "\(threads) threads")
            #expect(table.text("note") == reference.text("note"), "\(threads) threads")
            #expect(table.numbers("amount") == reference.numbers("amount"), "\(threads) threads")
            #expect(table.dates("day") == reference.dates("day"), "\(threads) threads")
        }
    }

    /// Many more pieces than threads, taken by whichever thread is free: the same columns
    /// as one parser, and progress counts every piece's bytes.
    @Test(arguments: [4_096, 40_000, 300_000])
    func pieceSizesDoNotChangeTheColumns(minimumPieceBytes: Int) throws {
        var text = "id,amount,month\n"
        for row in 0..<30_000 { text += "r\(row % 1_111),\(Double(row) / 8),2024-\(String(format: "%02d", 1 + row % 12))\n" }
        let folder = TestFiles.temporaryDirectory()
        let url = TestFiles.write(text, to: "pieces.csv", in: folder)
        let size = text.utf8.count
        let requests = [CSVColumnRequest("id", .text), CSVColumnRequest("amount", .number), CSVColumnRequest("month", .month)]
        let reference = try readByOneParser(url, requests)
        var reader = CSVReader()
        reader.threads = 2
        reader.minimumPieceBytes = minimumPieceBytes
        reader.progressInterval = 16_384
        reader.bufferSize = 4_096
        let calls = Mutex<[Int]>([])
        let table = try reader.read(path: url.path, displayName: "pieces.csv", columns: requests) { read, total in
            #expect(total == size)
            calls.withLock { $0.append(read) }
        }
        #expect(table.rowCount == 30_000)
        #expect(table.text("id") == reference.text("id"))
        #expect(table.numbers("amount") == reference.numbers("amount"))
        #expect(table.months("month") == reference.months("month"))
        let reported = calls.withLock { $0 }
        #expect(reported.last == size)
        #expect(reported.allSatisfy { $0 <= size })
        // Every piece adds its bytes to the count, whichever thread reads it.
        #expect(reported.count >= size / reader.progressInterval / 2)
    }

    /// A column of ids seeded with another table's dictionary (sorted ids, most referred to
    /// out of order, some not at all, one unknown): every piece starts from the seed, whose
    /// hash table is built once for all of them; the codes are the single parser's.
    @Test func seededIdsReadInPiecesKeepTheSeedsCodes() throws {
        var seedFile = "session_id\n"
        for id in 0..<5_000 { seedFile += "S\(100_000 + id)\n" }
        var generator = SplitMixGenerator(seed: 5)
        var text = "assignment_id,session_id\n"
        for row in 0..<40_000 {
            let session = row == 20_000 ? "S999999" : "S\(100_000 + Int.random(in: 0..<4_000, using: &generator))"
            text += "A\(row),\(session)\n"
        }
        let folder = TestFiles.temporaryDirectory()
        let seedURL = TestFiles.write(seedFile, to: "sessions.csv", in: folder)
        let url = TestFiles.write(text, to: "assignments.csv", in: folder)
        let seed = try #require(try readByOneParser(seedURL, [CSVColumnRequest("session_id", .text)]).dictionary("session_id"))
        let requests = [CSVColumnRequest("assignment_id", .text), CSVColumnRequest("session_id", .text, dictionary: seed)]
        let reference = try readByOneParser(url, requests)
        var reader = CSVReader()
        reader.threads = 3
        reader.minimumPieceBytes = 8_192
        let table = try reader.read(path: url.path, displayName: "assignments.csv", columns: requests)
        let codes = try #require(table.text("session_id")).codes
        #expect(codes == (try #require(reference.text("session_id")).codes))
        #expect(table.text("session_id")?.categories.count == 5_001)
        #expect(codes[20_000] == 5_000)
        #expect(codes[..<20_000].allSatisfy { $0 < 4_000 } && codes[20_001...].allSatisfy { $0 < 4_000 })
        #expect(seed.count == 5_000)
    }

    @Test func piecesShrinkTowardsTheEndAndCoverTheFile() {
        let targets = CSVReader.guidedTargets(from: 3, to: 651_000_003, threads: 2, minimumPiece: 2_000_000)
        let bounds = [3] + targets + [651_000_003]
        let sizes = zip(bounds, bounds.dropFirst()).map { $1 - $0 }
        #expect(sizes.count == 19)
        #expect(sizes.first == 162_750_000)
        #expect(zip(sizes, sizes.dropFirst()).allSatisfy { $0 >= $1 || $1 < 4_000_000 })
        #expect(sizes.allSatisfy { $0 >= 2_000_000 })
        #expect(CSVReader.guidedTargets(from: 0, to: 3_999_999, threads: 2, minimumPiece: 2_000_000).isEmpty)
        #expect(CSVReader.guidedTargets(from: 0, to: 4_000_000, threads: 2, minimumPiece: 2_000_000) == [2_000_000])
    }

    /// Pieces shrink to half the minimum in a large file, less in a file of a few megabytes,
    /// never below an eighth of it.
    @Test func theSmallestPieceFollowsTheFileSize() {
        let minimum = 2 << 20
        #expect(CSVReader.smallestPiece(of: 651_449_523, threads: 2, minimum: minimum) == 1 << 20)
        #expect(CSVReader.smallestPiece(of: 12_121_342, threads: 2, minimum: minimum) == 12_121_342 / 32)
        #expect(CSVReader.smallestPiece(of: 4 << 20, threads: 2, minimum: minimum) == minimum / 8)
        #expect(CSVReader.smallestPiece(of: 12_121_342, threads: 8, minimum: minimum) == minimum / 8)
    }

    /// Cuts are made at the line break after each share of the file, unchecked, unless the
    /// file's start shows quoted fields holding line breaks. A file whose quoted fields hold
    /// line breaks almost everywhere must read exactly as one parser reads it: cut by
    /// counting quotes when its start is looked at, and when it is not (every unchecked cut
    /// lands inside a field, is found and moved out, and the file is read again).
    @Test(arguments: [0, 1 << 20])
    func cutsInsideQuotedLineBreaksAreAvoidedOrRedone(quoteSampleBytes: Int) throws {
        var text = "id,note,amount\n"
        for row in 0..<6_000 {
            let lines = (0..<8).map { "line \($0) of \"\"row\"\" \(row)" }.joined(separator: "\n")
            text += "r\(row % 97),\"\(lines)\",\(row)\n"
        }
        let folder = TestFiles.temporaryDirectory()
        let url = TestFiles.write(text, to: "notes.csv", in: folder)
        let requests = [CSVColumnRequest("id", .text), CSVColumnRequest("note", .text), CSVColumnRequest("amount", .number)]
        let reference = try readByOneParser(url, requests)
        #expect(reference.rowCount == 6_000 && reference.problems.isEmpty)
        var reader = CSVReader()
        reader.threads = 2
        reader.minimumPieceBytes = 8_192
        reader.quoteSampleBytes = quoteSampleBytes
        let table = try reader.read(path: url.path, displayName: "notes.csv", columns: requests)
        #expect(table.problems.isEmpty, "\(table.problems)")
        #expect(table.text("id") == reference.text("id"))
        #expect(table.text("note") == reference.text("note"))
        #expect(table.numbers("amount") == reference.numbers("amount"))
        #expect(table.lines.line(ofRow: 5_999) == reference.lines.line(ofRow: 5_999))
    }

    @Test func quotedLineBreaksAreSeenInTheSample() throws {
        for (text, expected) in [("a,\"x\ny\"\n", true), ("a,\"x\"\"\",y\nb,c\n", false), ("a\n\"\"\n", false), ("", false)] {
            try withInput(text) { input in
                #expect(CSVReader.quotedLineBreak(input, from: 0, within: 1 << 20) == expected, "\(text)")
            }
        }
    }

    @Test func aCutInsideQuotesMovesToTheNextLineBreakOutside() throws {
        // h ⏎ " 1 ⏎ 2 " ⏎ 3 ⏎ — a cut after the first line break in the quotes (byte 5) is
        // inside the field; the next line break outside quotes ends at byte 8.
        try withInput("h\n\"1\n2\"\n3\n") { input in
            #expect(CSVReader.cutsMovedOutOfQuotes(input, [0..<5, 5..<10], quotesPerPiece: [1, 1]) == [0..<8, 8..<10])
            #expect(CSVReader.cutsMovedOutOfQuotes(input, [0..<2, 2..<8, 8..<10], quotesPerPiece: [0, 2, 0]) == [0..<2, 2..<8, 8..<10])
            // A moved cut that passes the next one takes its place.
            #expect(CSVReader.cutsMovedOutOfQuotes(input, [0..<5, 5..<6, 6..<10], quotesPerPiece: [1, 0, 1]) == [0..<8, 8..<10])
        }
    }

    @Test func cutsAreOutsideQuotesWhenEvenlyManyQuotesPrecedeEach() {
        #expect(CSVReader.cutsOutsideQuotes(quotesPerPiece: [2, 0, 4, 3]))  // the last piece's own count does not matter
        #expect(CSVReader.cutsOutsideQuotes(quotesPerPiece: [0, 6, 1]))
        #expect(!CSVReader.cutsOutsideQuotes(quotesPerPiece: [1, 1, 0]))
        #expect(!CSVReader.cutsOutsideQuotes(quotesPerPiece: [2, 1, 2]))
        #expect(!CSVReader.cutsOutsideQuotes(quotesPerPiece: [1, 0]))
        #expect(CSVReader.cutsOutsideQuotes(quotesPerPiece: [5]))
    }

    /// Pieces write into regions of the final columns sized from the first lines' length:
    /// files whose later rows are much shorter outgrow them (in the last piece only, or in
    /// every piece) and must still give the single-parser columns.
    @Test(arguments: [(0.5, 120, 2), (0.95, 120, 3), (0.0, 120, 4), (0.7, 40, 4)])
    func piecesThatOutgrowTheirRegionsGiveTheSameColumns(longShare: Double, longNote: Int, threads: Int) throws {
        var text = "id,amount,month,note\n"
        let rows = 40_000
        for row in 0..<rows {
            // The first rows are long (so the row count is underestimated), the rest short;
            // with longShare 0 only the first 4 KiB are long.
            let long = row < 40 || Double(row) < longShare * Double(rows)
            let note = String(repeating: "x", count: long ? longNote : 16)
            text += "r\(row % 977),\(row),2024-\(String(format: "%02d", 1 + row % 12)),\(note)\n"
        }
        let folder = TestFiles.temporaryDirectory()
        let url = TestFiles.write(text, to: "uneven.csv", in: folder)
        let requests = [CSVColumnRequest("id", .text), CSVColumnRequest("amount", .number), CSVColumnRequest("month", .month)]
        let reference = try readByOneParser(url, requests)
        var reader = CSVReader()
        reader.threads = threads
        reader.minimumPieceBytes = 20_000
        let table = try reader.read(path: url.path, displayName: "uneven.csv", columns: requests)
        #expect(reference.rowCount == rows && table.rowCount == rows)
        #expect(table.text("id") == reference.text("id"))
        #expect(table.numbers("amount") == reference.numbers("amount"))
        #expect(table.months("month") == reference.months("month"))
    }

    @Test func problemsAreTheSameForAnyNumberOfThreads() throws {
        var text = "id,amount\n"
        for row in 0..<30_000 { text += row == 25_000 ? "r\(row),x\(row)\n" : "r\(row),\(row)\n" }
        text += "r,\"open\n"
        let folder = TestFiles.temporaryDirectory()
        let url = TestFiles.write(text, to: "bad.csv", in: folder)
        let requests = [CSVColumnRequest("id", .text), CSVColumnRequest("amount", .number)]
        var reader = CSVReader()
        reader.minimumPieceBytes = 10_000
        for threads in [1, 4] {
            reader.threads = threads
            let table = try reader.read(path: url.path, displayName: "bad.csv", columns: requests)
            #expect(table.problems.map(\.description) == [
                "bad.csv:25002: column 'amount': 'x25000' is not a number",
                "bad.csv:30002: unterminated quoted field: the quote opened in the row starting here is never closed",
            ], "\(threads) threads")
        }
        let clean = TestFiles.write(text.replacingOccurrences(of: ",x25000", with: ",1").replacingOccurrences(of: "r,\"open\n", with: ""), to: "ok.csv", in: folder)
        reader.threads = 4
        let table = try reader.read(path: clean.path, displayName: "ok.csv", columns: requests)
        #expect(table.problems.isEmpty)
        #expect(table.lines.line(ofRow: 29_999) == 30_001)
    }

    @Test func headerOnlyFileHasNoRows() throws {
        let table = try readText("a,b\n", columns: ["a", "b"])
        #expect(table.rowCount == 0)
        #expect(table.problems.isEmpty)
    }
}

@Suite struct CSVReaderProblemTests {
    func problems(_ text: String, _ columns: [CSVColumnRequest]) throws -> [String] {
        try problems(Array(text.utf8), columns)
    }

    func problems(_ bytes: [UInt8], _ columns: [CSVColumnRequest]) throws -> [String] {
        let folder = TestFiles.temporaryDirectory()
        let url = TestFiles.write(Data(bytes), to: "p.csv", in: folder)
        return try CSVReader().read(path: url.path, displayName: "p.csv", columns: columns).problems.map(\.description)
    }

    @Test func unterminatedQuoteAtEndOfFile() throws {
        let found = try problems("a,b\n1,2\n3,\"open\nmore\n", [CSVColumnRequest("a", .text)])
        #expect(found == ["p.csv:3: unterminated quoted field: the quote opened in the row starting here is never closed"])
    }

    @Test func malformedQuoteNamesLineAndColumn() throws {
        let found = try problems("a,b\n1,2\n3,\"ab\"c\n", [CSVColumnRequest("a", .text), CSVColumnRequest("b", .text)])
        #expect(found.count == 1)
        #expect(found[0].hasPrefix("p.csv:3: column 'b': malformed quoted field"))
    }

    @Test func raggedRows() throws {
        let found = try problems("a,b\n1,2\n3\n4,5,6\n", [CSVColumnRequest("a", .text)])
        #expect(found == ["p.csv:3: has 1 fields but the header has 2", "p.csv:4: has 3 fields but the header has 2"])
    }

    @Test func notANumberNotADateNotAMonth() throws {
        let found = try problems(
            "n,d,m,i\nabc,2024-02-30,2024-13,1.5\n1e5,2024-02-29,2024-12,7\n",
            [CSVColumnRequest("n", .number), CSVColumnRequest("d", .date), CSVColumnRequest("m", .month),
             CSVColumnRequest("i", .integer)])
        #expect(found == [
            "p.csv:2: column 'n': 'abc' is not a number",
            "p.csv:2: column 'd': '2024-02-30' is not a date (expected YYYY-MM-DD)",
            "p.csv:2: column 'm': '2024-13' is not a month (expected YYYY-MM)",
            "p.csv:2: column 'i': '1.5' is not a whole number",
        ])
    }

    /// A file with a byte that is not UTF-8 and no multi-byte UTF-8 character is in another
    /// encoding: one problem for the file, at the first such line, saying which.
    @Test func invalidUTF8() throws {
        let found = try problems(Array("a\nok\n".utf8) + [0x66, 0xFF, 0x6F, 0x0A], [CSVColumnRequest("a", .text)])
        #expect(found == ["p.csv:3: is not UTF-8 text (this line holds 'f\\xFFo'): it looks like windows-1252 (what Excel on Windows saves as CSV; iso-8859-1 reads these bytes the same); read it through a mapping with the line `encoding: windows-1252` (coachlab mapping init drafts one), or save it as UTF-8"])
    }

    /// In a UTF-8 file (it holds multi-byte characters) a stray byte is its value's problem.
    @Test func aStrayByteInAUTF8FileIsItsValuesProblem() throws {
        let found = try problems(Array("a\nché\n".utf8) + [0x66, 0xFF, 0x6F, 0x0A], [CSVColumnRequest("a", .text)])
        #expect(found == ["p.csv:3: column 'a': 'f\\xFFo' is not valid UTF-8 text"])
    }

    @Test func missingRequiredColumnListsTheHeader() throws {
        let found = try problems("x,y\n1,2\n", [CSVColumnRequest("a", .text, required: true)])
        #expect(found == ["p.csv:1: column 'a': required column is missing (the header has 'x', 'y')"])
    }

    @Test func emptyFile() throws {
        #expect(try problems("", [CSVColumnRequest("a", .text)]) == ["p.csv: the file is empty: a header row is required"])
        #expect(try problems("\n\n", [CSVColumnRequest("a", .text)]) == ["p.csv: the file is empty: a header row is required"])
    }

    @Test func binaryFilesFailFast() throws {
        #expect(try problems(Array("%PDF-1.7\n".utf8), [CSVColumnRequest("a", .text)]) == ["p.csv: this is a PDF document; expected CSV text"])
        #expect(try problems([0x50, 0x4B, 0x03, 0x04, 0, 0], [CSVColumnRequest("a", .text)])
            == ["p.csv: this is a zip archive (an .xlsx workbook?); expected CSV text"])
        #expect(try problems(Array("a\nx\u{0}y\n".utf8) + [UInt8](repeating: 0, count: 64), [CSVColumnRequest("a", .text)])
            == ["p.csv: this is binary data (it holds NUL bytes); expected CSV text"])
    }

    /// A stray NUL is judged where it lies, near the top as deep in the file: a problem of
    /// its row in a column that is read, nothing in one that is not.
    @Test func aStrayNULIsTheRowsProblemWhereverItLies() throws {
        let deep = String(repeating: "x,y\n", count: 5_000)
        for prefix in ["", deep] {
            #expect(try problems(Array("a,b\n\(prefix)x,y\u{0}z\n".utf8), [CSVColumnRequest("a", .text)]) == [])
            let read = try problems(Array("a,b\n\(prefix)x\u{0}w,y\n".utf8), [CSVColumnRequest("a", .text)])
            #expect(read.count == 1 && read[0].contains("NUL"), "\(read)")
        }
    }

    @Test func problemsAreCappedButCounted() throws {
        var text = "n\n"
        for _ in 0..<50 { text += "x\n" }
        let folder = TestFiles.temporaryDirectory()
        let url = TestFiles.write(text, to: "p.csv", in: folder)
        let table = try CSVReader().read(path: url.path, displayName: "p.csv", columns: [CSVColumnRequest("n", .number)])
        #expect(table.problems.count == 20)
        #expect(table.problemCount == 50)
    }

    @Test func missingFileIsUnreadable() {
        #expect(throws: DatasetError.self) {
            try CSVReader().read(path: "/nonexistent/x.csv", displayName: "x.csv", columns: [])
        }
    }
}

@Suite struct ChangingFileTests {
    @Test func aFileChangedWhileBeingReadIsRefused() throws {
        let folder = TestFiles.temporaryDirectory()
        let url = TestFiles.write("a,b\n1,2\n3,4\n", to: "t.csv", in: folder)
        var reader = CSVReader()
        let path = url.path
        reader.afterParsing = {
            // Another program appends rows while CoachLab reads.
            let handle = FileHandle(forWritingAtPath: path)!
            handle.seekToEndOfFile()
            handle.write(Data("5,6\n".utf8))
            handle.closeFile()
        }
        #expect(throws: DatasetError.self) {
            try reader.read(path: path, displayName: "t.csv", columns: [CSVColumnRequest("a", .text)])
        }
        do {
            _ = try reader.read(path: path, displayName: "t.csv", columns: [CSVColumnRequest("a", .text)])
        } catch {
            #expect(error.description == "t.csv: cannot be read: it changed while it was being read; read it again once it is complete")
        }
        reader.afterParsing = nil
        let table = try reader.read(path: path, displayName: "t.csv", columns: [CSVColumnRequest("a", .text)])
        #expect(table.rowCount >= 3)
    }
}

/// Files whose fields are separated by another byte than a comma.
@Suite struct DelimiterTests {
    /// The same rows written with `;` (commas inside values, as a decimal comma would be)
    /// and with `,`: the same columns, by one parser and in pieces.
    @Test func aSemicolonFileReadsAsItsCommaTwin() throws {
        var generator = SplitMixGenerator(seed: 7)
        var semicolons = "id;amount;note\n"
        var commas = "id,amount,note\n"
        for row in 0..<20_000 {
            let id = "R\(Int.random(in: 0..<500, using: &generator))"
            let note = row % 5 == 0 ? "\"a; b, \"\"c\"\"\nd\"" : "n,\(row % 9)"
            semicolons += "\(id);\(Double(row) / 4);\(note)\n"
            commas += "\(id),\(Double(row) / 4),\(row % 5 == 0 ? note : "\"\(note)\"")\n"
        }
        let folder = TestFiles.temporaryDirectory()
        let semicolonFile = TestFiles.write(semicolons, to: "s.csv", in: folder)
        let commaFile = TestFiles.write(commas, to: "c.csv", in: folder)
        let requests = [CSVColumnRequest("id", .text), CSVColumnRequest("amount", .number), CSVColumnRequest("note", .text)]
        let reference = try readByOneParser(commaFile, requests)
        #expect(reference.problems.isEmpty && reference.rowCount == 20_000)
        for threads in [1, 3] {
            var reader = CSVReader()
            reader.delimiter = UInt8(ascii: ";")
            reader.threads = threads
            reader.minimumPieceBytes = 40_000
            let table = try reader.read(path: semicolonFile.path, displayName: "s.csv", columns: requests)
            #expect(table.problems.isEmpty)
            #expect(table.text("id") == reference.text("id") && table.text("note") == reference.text("note"), "\(threads) threads")
            #expect(table.numbers("amount") == reference.numbers("amount"), "\(threads) threads")
        }
    }

    @Test func aMalformedQuoteNamesTheDelimiterInUse() throws {
        let url = TestFiles.write("a\tb\n1\t\"x\"y\n", to: "t.tsv", in: TestFiles.temporaryDirectory())
        var reader = CSVReader()
        reader.delimiter = UInt8(ascii: "\t")
        let table = try reader.read(path: url.path, displayName: "t.tsv", columns: [CSVColumnRequest("b", .text)])
        #expect(table.problems.first?.description.hasSuffix("a closing quote must be followed by a tab or the end of the line") == true)
    }

    /// Read with commas, a semicolon file's header is one field: the message says why the
    /// columns are missing and what to do.
    @Test func aSemicolonHeaderReadWithCommasSaysWhatToDo() throws {
        let found = try CSVReaderProblemTests().problems("rep_id;period\nR1;2024-01\n", [CSVColumnRequest("rep_id", .text, required: true), CSVColumnRequest("period", .month, required: true)])
        #expect(found == [
            "p.csv:1: column 'rep_id': required column is missing (the header has 'rep_id;period'); the file looks separated by semicolons, not commas: read it through a mapping with `delimiter: \";\"` (coachlab mapping init drafts one)",
            "p.csv:1: column 'period': required column is missing (the header is listed above)",
        ])
    }
}
