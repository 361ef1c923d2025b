import CoachLabTestSupport
import Foundation
@testable import CoachLabIngestion

/// A folder of conformance cases under Tests/CoachLabIngestionTests/Conformance: each case a
/// `NAME.csv` with what it must read as in `NAME.json` beside it.
struct ConformanceFolder {
    let url: URL

    init(_ name: String) {
        url = TestFiles.repositoryRoot.appendingPathComponent("Tests/CoachLabIngestionTests/Conformance/\(name)")
    }

    /// The names of the cases, sorted.
    var cases: [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []
        return names.filter { $0.hasSuffix(".csv") }.map { String($0.dropLast(4)) }.sorted()
    }

    func csvPath(_ name: String) -> String { url.appendingPathComponent(name + ".csv").path }

    func expectation(_ name: String) -> Any { TestFiles.json(at: url.appendingPathComponent(name + ".json")) }

    /// Case `name` read by `reader` with every column of its header as text.
    func readAsText(_ name: String, with reader: CSVReader = CSVReader()) throws -> ParsedTable {
        let header = try reader.read(path: csvPath(name), displayName: name, columns: []).header
        return try reader.read(path: csvPath(name), displayName: name, columns: header.map { CSVColumnRequest($0, .text) })
    }
}
