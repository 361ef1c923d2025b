import CoachLabData
import CoachLabTestSupport
import Foundation
import Testing
@testable import CoachLabIngestion

/// The rejects file's raw text is the rejected row's own, whatever the file's line ends,
/// and keeps bytes that are not UTF-8 (escaped, and said to be).
@Suite struct RejectsRawTextTests {
    /// The rejects file of a lenient load of a dataset whose performance.csv is `bytes`.
    static func rejects(performance bytes: [UInt8]) throws -> String {
        let folder = TestFiles.dataset()
        TestFiles.write(Data(bytes), to: "performance.csv", in: folder)
        var loader = DatasetLoader()
        loader.onError = .skip
        let loaded = try loader.load(folder: folder.path)
        let path = folder.appendingPathComponent("rejects.csv").path
        try RejectsFile.write(loaded.report, to: path)
        return try String(contentsOfFile: path, encoding: .utf8)
    }

    static let header = "rep_id,period,quota,bookings"

    @Test func bareCarriageReturnsEndLinesAsTheReaderEndsRows() throws {
        let text = try Self.rejects(performance: Array((Self.header + "\rR1,2024-01,100,120\rR2,2024-01,abc,80\rR1,2024-02,100,90\r").utf8))
        #expect(text.contains(",3,not_a_number,quota,abc,is not a number,\"R2,2024-01,abc,80\",text\n"), "\(text)")
    }

    /// One stray CR in an LF file gave later rejected rows the raw text of other rows.
    @Test func aStrayCarriageReturnInAnLFFileShiftsNothing() throws {
        let file = Self.header + "\nR1,2024-01,100,120\rR2,2024-01,100,80\nR1,2024-02,abc,90\nR2,2024-02,100,110\n"
        let text = try Self.rejects(performance: Array(file.utf8))
        #expect(text.contains(",4,not_a_number,quota,abc,is not a number,\"R1,2024-02,abc,90\",text\n"), "\(text)")
    }

    @Test func bytesThatAreNotUTF8AreKeptEscaped() throws {
        var file = Array((Self.header + ",note\nR1,2024-01,100,120,ok\nR2,2024-01,abc,80,").utf8)
        file += [0x61, 0xFF, 0x5C, 0x62, 0xC3, 0xA9, 0x0A]  // a, an invalid byte, a backslash, b, é
        file += Array("R1,2024-02,100,90,ok\n".utf8)
        let text = try Self.rejects(performance: file)
        #expect(text.hasPrefix("file,line,reason,column,value,message,raw,raw_encoding\n"))
        #expect(text.contains(",\"R2,2024-01,abc,80,a\\xFF\\\\bé\",escaped\n"), "\(text)")
    }

    @Test func rawFieldsEscapeOnlyWhatIsNotUTF8() {
        #expect(RejectsFile.raw(Array("a\\b,é".utf8)) == ("a\\b,é", "text"))
        #expect(RejectsFile.raw([0x5C, 0xC3, 0x28, 0xE2, 0x82, 0xAC, 0xF0]) == ("\\\\\\xC3(€\\xF0", "escaped"))
    }
}
