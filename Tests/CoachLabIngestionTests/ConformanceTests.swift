import CoachLabTestSupport
import Foundation
import Testing
@testable import CoachLabIngestion

/// The public csv-spectrum cases (BSD-2-Clause, see Conformance/csv-spectrum/NOTICE).
@Suite struct ConformanceTests {
    static let folder = ConformanceFolder("csv-spectrum")
    static var cases: [String] { folder.cases }

    @Test func everyCaseIsPresent() {
        #expect(Self.cases.count == 12)
    }

    /// Cases that break RFC 4180 (a bare quote inside an unquoted field): CoachLab must
    /// refuse them with a clear error, not guess.
    static let malformed = ["location_coordinates"]

    @Test(arguments: cases)
    func parsesAsExpected(name: String) throws {
        let json = Self.folder.expectation(name)
        let expected = (json as? [[String: String]]) ?? [json as! [String: String]]
        let table = try Self.folder.readAsText(name)
        if Self.malformed.contains(name) {
            #expect(table.problems.map(\.description) == [
                "\(name):2: column 'Location Coordinates': malformed quoted field: a quote inside a field must be doubled (\"\"), and a closing quote must be followed by a comma or the end of the line",
            ])
            return
        }
        #expect(table.rowCount == expected.count)
        #expect(table.problems.isEmpty)
        for (row, record) in expected.enumerated() {
            for (key, value) in record {
                // An empty field is a missing value in CoachLab's datasets.
                #expect((table.text(key)?[row] ?? "") == value, "\(name) row \(row) column \(key)")
            }
        }
    }
}
