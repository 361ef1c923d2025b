import CoachLabData
import CoachLabTestSupport
import Foundation
import Testing
@testable import CoachLabIngestion

private func decoded(_ encoding: TextEncoding, _ bytes: [UInt8]) -> String? {
    bytes.withUnsafeBytes { try? encoding.decode($0).get() }.map { String(decoding: $0, as: UTF8.self) }
}

private func failure(_ encoding: TextEncoding, _ bytes: [UInt8]) -> TextEncoding.DecodeFailure? {
    bytes.withUnsafeBytes { raw -> TextEncoding.DecodeFailure? in
        if case .failure(let failure) = encoding.decode(raw) { return failure }
        return nil
    }
}

/// `encoding:` (docs/MAPPING.md): each encoding read into UTF-8, and a file read as UTF-8
/// that is not refused once, with what it looks like.
@Suite struct TextEncodingTests {
    @Test func windows1252AndLatin1() {
        // é, ü, then windows-1252's € ’ Š œ (0x80, 0x92, 0x8A, 0x9C).
        let bytes: [UInt8] = [0x4A, 0x6F, 0x73, 0xE9, 0x20, 0xFC, 0x20, 0x80, 0x92, 0x8A, 0x9C]
        #expect(decoded(.windows1252, bytes) == "José ü €’Šœ")
        #expect(decoded(.iso88591, [0x4A, 0x6F, 0x73, 0xE9, 0xFF]) == "Joséÿ")
        #expect(decoded(.iso88591, [0x80]) == "\u{80}")
        // A byte windows-1252 leaves undefined, at its offset.
        #expect(failure(.windows1252, Array("ab\n".utf8) + [0x81])?.offset == 3)
        #expect(failure(.windows1252, [0x8D])?.message == "byte 0x8D is not a windows-1252 character")
    }

    @Test func utf16WithItsByteOrderMark() {
        let text = "rep_id;Name\nR1;Zoë 😀\n"
        let little = [UInt8]([0xFF, 0xFE]) + Array(text.data(using: .utf16LittleEndian)!)
        let big = [UInt8]([0xFE, 0xFF]) + Array(text.data(using: .utf16BigEndian)!)
        #expect(decoded(.utf16, little) == text)
        #expect(decoded(.utf16, big) == text)
        #expect(failure(.utf16, Array(text.data(using: .utf16LittleEndian)!))?.message.contains("byte-order mark") == true)
        #expect(failure(.utf16, [0xFF, 0xFE, 0x41])?.message.contains("odd number of bytes") == true)
        // A high surrogate with nothing after it.
        #expect(failure(.utf16, [0xFF, 0xFE, 0x41, 0x00, 0x3D, 0xD8, 0x41, 0x00])?.offset == 4)
    }

    @Test func utf8IsReadAsItIs() {
        #expect(decoded(.utf8, [0xEF, 0xBB, 0xBF, 0x41]) == "A")
        #expect(decoded(.utf8WithSignature, Array("é".utf8)) == "é")
        #expect(!TextEncoding.utf8.transcodes && !TextEncoding.utf8WithSignature.transcodes)
        #expect(TextEncoding(name: "Windows-1252") == .windows1252)
        #expect(TextEncoding(name: "latin1") == nil)
    }

    @Test func guessesTellAnotherEncodingFromStrayBytes() {
        func guess(_ bytes: [UInt8], cutShort: Bool = false) -> EncodingGuess {
            bytes.withUnsafeBytes { EncodingGuess.of($0, cutShort: cutShort).guess }
        }
        #expect(guess(Array("plain, é, 😀".utf8)) == .utf8)
        #expect(guess([0x4A, 0xE9, 0x0A]) == .singleByte(onlyWindows1252: false))
        #expect(guess([0x4A, 0xE9, 0x92]) == .singleByte(onlyWindows1252: true))
        #expect(guess(Array("é".utf8) + [0xFF]) == .strayBytes)
        #expect(guess([0x4A, 0x81]) == .unknown)
        // A character cut off by the end of a sample is not held against it.
        #expect(guess(Array("ab".utf8) + [0xC3], cutShort: true) == .utf8)
        #expect(guess(Array("ab".utf8) + [0xC3]) == .singleByte(onlyWindows1252: false))
    }

    static let roster: [UInt8] = Array("rep_id,manager_id,region\r\n".utf8)
        + Array("R1,M1,".utf8) + [0x4D, 0xFC, 0x6E, 0x63, 0x68, 0x65, 0x6E] + Array("\r\n".utf8)   // München
        + Array("R2,M2,Z".utf8) + [0xFC, 0x72, 0x69, 0x63, 0x68] + Array("\r\nR3,M9,Oslo\r\n".utf8)  // Zürich; M9 unknown

    static func rosterFolder() -> URL {
        let folder = TestFiles.dataset()
        TestFiles.write(Data(roster), to: "reps.csv", in: folder)
        return folder
    }

    static func mapping(_ encoding: TextEncoding) -> DatasetMapping {
        var mapping = DatasetMapping()
        mapping.tables[.reps] = DatasetMapping.TableMapping()
        mapping.tables[.reps]?.encoding = encoding
        return mapping
    }

    /// Declared, the roster is read as the text it is, its problems at their lines, and a
    /// rejected row's raw text is its UTF-8 text.
    @Test func aDeclaredEncodingIsReadAsItsText() throws {
        let folder = Self.rosterFolder()
        var loader = DatasetLoader()
        loader.mapping = Self.mapping(.windows1252)
        loader.onError = .skip
        let loaded = try loader.load(folder: folder.path)
        let regions = try #require(loaded.dataset.reps.regions)
        #expect((0..<regions.count).map { regions[$0] } == ["München", "Zürich"])
        let reps = try #require(loaded.report.tables.first { $0.table == .reps })
        #expect(reps.rejected.map(\.problem.line) == [4])
        let rejects = folder.appendingPathComponent("rejects.csv")
        try RejectsFile.write(loaded.report, to: rejects.path)
        #expect(try String(contentsOf: rejects, encoding: .utf8).contains(",4,unknown_reference,manager_id,M9,is not in managers.csv,\"R3,M9,Oslo\",text\n"))
    }

    /// Lines are those of the text: U+010A is the bytes 0A 01 in UTF-16LE, a line break to
    /// a reading of the raw bytes.
    @Test func aUTF16FileIsReadWithItsLines() throws {
        let text = "rep_id,manager_id,region\nR1,M1,Zoë \u{010A}\n\nR2,M9,Ålesund\n"
        let folder = TestFiles.dataset()
        TestFiles.write(Data([0xFF, 0xFE]) + text.data(using: .utf16LittleEndian)!, to: "reps.csv", in: folder)
        var loader = DatasetLoader()
        loader.mapping = Self.mapping(.utf16)
        #expect {
            try loader.load(folder: folder.path)
        } throws: { error in
            "\(error)".contains("reps.csv:4: column 'manager_id': 'M9' is not in managers.csv")
        }
    }

    /// Undeclared, a file in another encoding is one problem for the file, saying which
    /// encoding and which mapping line reads it, with `--on-error skip` too.
    @Test func anUndeclaredEncodingIsOneProblemForTheFile() throws {
        let folder = Self.rosterFolder()
        for onError in DatasetLoader.OnError.allCases {
            var loader = DatasetLoader()
            loader.onError = onError
            var mapping = try MappingFile.parse("version: 1\ntables:\n  reps:\n    file: reps.csv\n", file: "m.yaml")
            mapping.tables[.reps]?.file = "reps.csv"
            loader.mapping = mapping
            #expect {
                try loader.load(folder: folder.path)
            } throws: { error in
                guard case .invalid(let problems, let total) = error as? DatasetError, total == 1 else { return false }
                return problems[0].description.hasSuffix(
                    "reps.csv:2: is not UTF-8 text (this line holds 'R1,M1,M\\xFCnchen'): it looks like windows-1252 (what Excel on Windows saves as CSV; iso-8859-1 reads these bytes the same); add the line `encoding: windows-1252` under tables.reps in m.yaml (the table starts on line 3)")
            }
        }
    }

    /// Past the first 4 KiB, the first value that is not UTF-8 tells the same.
    @Test func aValueFarDownTellsTheEncodingToo() throws {
        var text = Array("rep_id,manager_id,region\n".utf8)
        for row in 0..<400 { text += Array("R\(row),M1,North\n".utf8) }
        text += Array("R400,M1,Malm".utf8) + [0xF6, 0x0A] + Array("R401,M1,G".utf8) + [0xE4, 0x76, 0x6C, 0x65, 0x0A]
        let folder = TestFiles.dataset()
        TestFiles.write(Data(text), to: "reps.csv", in: folder)
        #expect {
            try DatasetLoader().load(folder: folder.path)
        } throws: { error in
            guard case .invalid(let problems, let total) = error as? DatasetError, total == 1 else { return false }
            return problems[0].description.hasSuffix("reps.csv:402: column 'region': 'Malm\\xF6' is not UTF-8 text, and the file holds no UTF-8 character beyond ASCII: it looks like windows-1252 (what Excel on Windows saves as CSV; iso-8859-1 reads these bytes the same); read the folder through a mapping with the line `encoding: windows-1252` under tables.reps (coachlab mapping init drafts one), or save the file as UTF-8")
        }
    }

    @Test func aFileNotInItsDeclaredEncodingIsRefusedAtItsLine() throws {
        let folder = TestFiles.dataset()
        TestFiles.write(Data(Array("rep_id,manager_id\nR1,M1\nR2,M".utf8) + [0x90, 0x0A]), to: "reps.csv", in: folder)
        var loader = DatasetLoader()
        loader.mapping = Self.mapping(.windows1252)
        #expect {
            try loader.load(folder: folder.path)
        } throws: { error in
            "\(error)".contains("reps.csv:3: is not windows-1252 text: byte 0x90 is not a windows-1252 character")
        }
    }
}
