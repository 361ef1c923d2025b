import CoachLabTestSupport
import Foundation
import Testing
@testable import CoachLabIngestion

/// What real exports produce (Conformance/exports): each case's `.json` gives the header and
/// rows it must read as, or the problems it must be refused with (substrings of their text).
@Suite struct ExportConformanceTests {
    static let folder = ConformanceFolder("exports")
    static var cases: [String] { folder.cases }

    @Test func theCasesArePresent() {
        #expect(Self.cases.count >= 18)
    }

    @Test(arguments: cases)
    func readsAsExpected(name: String) throws {
        let spec = Self.folder.expectation(name) as! [String: Any]
        for threads in [1, 2] {
            var reader = CSVReader()
            reader.threads = threads
            reader.minimumPieceBytes = 16
            let table = try Self.folder.readAsText(name, with: reader)
            let expectedProblems = spec["problems"] as! [String]
            if !expectedProblems.isEmpty {
                let text = table.problems.map(\.description).joined(separator: "\n")
                #expect(table.problemCount >= 1, "\(name) must be refused")
                for part in expectedProblems { #expect(text.contains(part), "\(name): '\(part)' not in: \(text)") }
                continue
            }
            #expect(table.problems.isEmpty, "\(name): \(table.problems)")
            #expect(table.header == spec["header"] as! [String])
            let rows = spec["rows"] as! [[String]]
            #expect(table.rowCount == rows.count, "\(name) with \(threads) threads")
            for (row, values) in rows.enumerated() {
                for (column, value) in zip(table.header, values) {
                    #expect((table.text(column)?[row] ?? "") == value, "\(name) row \(row) column \(column)")
                }
            }
        }
    }

    @Test func aFieldOverOneMegabyteIsReadWhole() throws {
        let folder = TestFiles.temporaryDirectory()
        let long = String(repeating: "x,\"y\"\n", count: 250_000)  // 1.5 MB, quotes and line breaks included
        let quoted = "\"" + long.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        let file = TestFiles.write("rep_id,note\nR1," + quoted + "\nR2,short\n", to: "big.csv", in: folder)
        let table = try CSVReader().read(path: file.path, displayName: "big.csv",
                                         columns: [CSVColumnRequest("rep_id", .text), CSVColumnRequest("note", .text)])
        #expect(table.problems.isEmpty)
        #expect(table.rowCount == 2)
        #expect(table.text("note")?[0] == long)
        #expect(table.text("note")?[1] == "short")
        #expect(table.line(ofRow: 1) == 250_003)
    }

    @Test func aNulByteAfterTheFirstBlockIsRefusedWithItsLine() throws {
        let table = try CSVReader().read(
            path: Self.folder.csvPath("nul_bytes"), displayName: "nul_bytes.csv",
            columns: [CSVColumnRequest("rep_id", .text), CSVColumnRequest("quota", .number)])
        #expect(table.problems.map(\.description) == ["nul_bytes.csv:701: column 'rep_id': 'R\\x00X' holds a NUL byte (is this a binary file?)"])
    }
}
