import CoachLabTestSupport
import PropertyBased
import Testing
@testable import CoachLabIngestion

/// Writes `rows` as CSV with the given quoting and line ending.
func csvText(_ header: [String], _ rows: [[String]], quoteAll: Bool, lineEnding: String) -> String {
    func field(_ value: String) -> String {
        let needsQuotes = value.unicodeScalars.contains { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }
        guard quoteAll || needsQuotes else { return value }
        return "\"" + value.split(separator: "\"", omittingEmptySubsequences: false).joined(separator: "\"\"") + "\""
    }
    return ([header] + rows).map { $0.map(field).joined(separator: ",") }.joined(separator: lineEnding) + lineEnding
}

@Suite struct CSVRoundTripTests {
    static let alphabet: [Character] = ["a", "b", "Z", "0", "7", ",", "\"", "\n", "\r\n", " ", "é", "💼", ";", "'"]

    @Test func anyTableReadsBackAsWritten() async throws {
        let cell = Gen.int(in: 0...(Self.alphabet.count - 1)).map { Self.alphabet[$0] }.string(of: 0...12)
        let table = cell.array(of: 3).array(of: 1...20)
        await propertyCheck(count: 300, input: table, Gen.bool, Gen.bool.map { $0 ? "\n" : "\r\n" }) { rows, quoteAll, ending in
            // Surrounding spaces are trimmed and an empty field is missing, by design.
            let expected: [[String?]] = rows.map { $0.map { value in
                let trimmed = value.trimmingSpaces()
                return trimmed.isEmpty ? nil : trimmed
            } }
            let text = csvText(["a", "b", "c"], rows, quoteAll: quoteAll, lineEnding: ending)
            guard let parsed = try? readText(text, columns: ["a", "b", "c"]) else {
                Issue.record("read failed")
                return
            }
            #expect(parsed.problems.isEmpty)
            #expect(parsed.rowCount == rows.count)
            for (c, name) in ["a", "b", "c"].enumerated() {
                #expect(values(parsed, name) == expected.map { $0[c] })
            }
        }
    }
}
