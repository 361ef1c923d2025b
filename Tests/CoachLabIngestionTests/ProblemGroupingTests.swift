import CoachLabData
import CoachLabTestSupport
import Foundation
import Testing
@testable import CoachLabIngestion

/// Problems grouped by cause (docs/MAPPING.md, Strict and lenient): more than three values
/// of a column failing the same way are one message with their count, an example, the
/// mapping line likely to read them and where it goes, and the first three.
@Suite struct ProblemGroupingTests {
    /// A performance file of `rows` rows whose quotas are written `49.500,00 €`.
    static func euroPerformance(rows: Int) -> String {
        var text = "rep_id;period;Quota;bookings\n"
        for row in 0..<rows {
            text += "R\(row % 2 + 1);\(2000 + row / 24)-\(String(format: "%02d", row / 2 % 12 + 1));\(49 + row % 7).500,00 €;120\n"
        }
        return text
    }

    static let mapping = """
        version: 1
        tables:
          performance:
            delimiter: ";"
            columns:
              quota: Quota
        """

    static func error(_ folder: URL, mapping: String? = mapping, threads: Int = 1) throws -> DatasetError? {
        var loader = DatasetLoader()
        loader.reader.threads = threads
        loader.reader.minimumPieceBytes = 4096
        if let mapping { loader.mapping = try MappingFile.parse(mapping, file: "m.yaml") }
        do {
            _ = try loader.load(folder: folder.path)
            return nil
        } catch {
            return error
        }
    }

    @Test func manyValuesFailingAlikeAreOneMessageWithTheFix() throws {
        let folder = TestFiles.dataset(["performance.csv": Self.euroPerformance(rows: 2_000)])
        let file = folder.appendingPathComponent("performance.csv").path
        for threads in [1, 2] {
            let error = try #require(try Self.error(folder, threads: threads))
            #expect(error.description == """
                2,000 problems in the input:
                  2,000 values in column 'Quota' (\(file)) are not numbers, like '49.500,00 €': make it `quota: { header: "Quota", currency: "€", thousands: ".", decimal: "," }` (m.yaml:6); the first 3:
                    \(file):2: column 'Quota': '49.500,00 €' is not a number
                    \(file):3: column 'Quota': '50.500,00 €' is not a number
                    \(file):4: column 'Quota': '51.500,00 €' is not a number
                """, "\(threads) threads")
        }
    }

    /// Three or fewer are listed one by one, as before.
    @Test func aFewAreListedOneByOne() throws {
        let folder = TestFiles.dataset(["performance.csv": Self.euroPerformance(rows: 3)])
        let error = try #require(try Self.error(folder))
        guard case .invalid(let problems, let total) = error else { throw error }
        #expect(total == 3 && problems.count == 3 && problems.allSatisfy { $0.group == nil })
    }

    /// Problems the checks across tables find group too: ids not in the table they name.
    @Test func unknownIdsGroup() throws {
        var text = "rep_id,period,quota,bookings\n"
        for month in 1...9 { text += "R7,2024-0\(month),100,100\n" }
        let folder = TestFiles.dataset(["performance.csv": text])
        let error = try #require(try Self.error(folder, mapping: nil))
        #expect(error.description.hasPrefix("9 problems in the input:\n  9 values in column 'rep_id' (\(folder.path)/performance.csv) are ids the table they refer to does not hold, like 'R7'; the first 3:\n"))
    }

    @Test func datesWithoutTheirPatternGetOne() throws {
        var text = "rep_id,manager_id,hire_date\n"
        for rep in 1...6 { text += "R\(rep),M1,\(10 + rep).03.2019\n" }
        let folder = TestFiles.dataset(["reps.csv": text])
        let error = try #require(try Self.error(folder, mapping: nil))
        #expect(error.description.contains("6 values in column 'hire_date' (\(folder.path)/reps.csv) are not dates, like '11.03.2019': read the folder through a mapping with `hire_date: { header: \"hire_date\", date: \"dd.MM.yyyy\" }` under tables.reps.columns (coachlab mapping init drafts one); the first 3:"), "\(error)")
    }

    /// A rating or labels of the export's own, unmapped, say to add `tiers:` or `labels:`.
    @Test func unmappedTiersSayToAddTiersOrLabels() throws {
        let ratings = TestFiles.dataset(["managers.csv": "manager_id,coaching_quality\nM1,5\nM2,3\nM3,2\nM4,4\n"])
        let rated = try #require(try Self.error(ratings, mapping: nil)).description
        #expect(rated.contains("4 values in column 'coaching_quality' (\(ratings.path)/managers.csv) are not a category CoachLab knows, like '5': read the folder through a mapping with `coaching_quality: { header: \"coaching_quality\", tiers: { exceeds: 4, meets: 3 } }` under tables.managers.columns with the lowest rating of each tier (the ratings include 2, 3, 4, 5) (coachlab mapping init drafts one)"), "\(rated)")
        let labelled = TestFiles.dataset(["managers.csv": "manager_id,coaching_quality\nM1,Role Model\nM2,Solid\n"])
        let text = try #require(try Self.error(labelled, mapping: nil)).description
        #expect(text.contains("'Role Model' is not a coaching tier (expected exceeds, meets or needs_improvement, in any case); a rating or labels of the export's own are read with `tiers:` or `labels:` in a mapping"))
    }
}
