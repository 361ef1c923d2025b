import CoachLabData
import CoachLabTestSupport
import Foundation
import Testing
@testable import CoachLabIngestion

/// Performance's `attainment` (docs/MAPPING.md): bookings = attainment × quota when the
/// export has no bookings; checked against them when it has both.
@Suite struct AttainmentBookingsTests {
    static func load(_ performance: String, bookings: Bool, onError: DatasetLoader.OnError = .stop) throws -> LoadedDataset {
        let folder = TestFiles.dataset(["performance.csv": performance])
        var loader = DatasetLoader()
        loader.onError = onError
        loader.mapping = try MappingFile.parse("""
            version: 1
            tables:
              performance:
                columns:
                  attainment: { header: Attainment, percent: true }
            \(bookings ? "      bookings: Bookings" : "")
            """, file: "m.yaml")
        return try loader.load(folder: folder.path)
    }

    @Test func bookingsAreAttainmentTimesQuota() throws {
        let loaded = try Self.load("rep_id,period,quota,Attainment\nR1,2024-01,1000,124.5%\nR2,2024-01,2000,80\nR1,2024-02,50000,99.9999%\nR2,2024-02,0,0%\n",
                                   bookings: false)
        #expect(Array(loaded.dataset.performance.bookings) == [1245, 1600, 49999.95, 0])
        let performance = try #require(loaded.report.tables.first { $0.table == .performance })
        #expect(performance.columnsUsed == ["rep_id", "period", "quota", "Attainment"])
    }

    @Test func aRowWithoutAttainmentOrQuotaHasNoBookings() throws {
        #expect {
            try Self.load("rep_id,period,quota,Attainment\nR1,2024-01,1000,\nR2,2024-01,,80%\n", bookings: false)
        } throws: { error in
            let text = "\(error)"
            return text.contains("performance.csv:2: column 'Attainment': is empty; bookings are attainment × quota, and are required")
                && text.contains("performance.csv:3: column 'quota': is empty; bookings are attainment × quota, and are required")
        }
    }

    /// Both given: they agree within half a percentage point of quota plus a cent.
    @Test func bookingsAndAttainmentAreCheckedAgainstEachOther() throws {
        let agreeing = "rep_id,period,quota,Attainment,Bookings\nR1,2024-01,1000,124%,1244.99\nR2,2024-01,2000,80%,1600\nR1,2024-02,1000,10%,105\nR2,2024-02,100,1%,1\n"
        let loaded = try Self.load(agreeing, bookings: true)
        #expect(Array(loaded.dataset.performance.bookings) == [1244.99, 1600, 105, 1])
        #expect(DatasetBuilder.bookingsTolerance(quota: 1000) == 5.01)
        let disagreeing = "rep_id,period,quota,Attainment,Bookings\nR1,2024-01,1000,124%,1245.02\nR2,2024-01,2000,80%,1600\nR1,2024-02,1000,10%,94.98\n"
        #expect {
            try Self.load(disagreeing, bookings: true)
        } throws: { error in
            "\(error)" == """
                2 problems in the input:
                  \(folderPath(error))performance.csv:2: column 'Bookings': '1245.02' disagrees with attainment × quota (124% × 1000 = 1240)
                  \(folderPath(error))performance.csv:4: column 'Bookings': '94.98' disagrees with attainment × quota (10% × 1000 = 100)
                """
        }
        let lenient = try Self.load(disagreeing, bookings: true, onError: .skip)
        #expect(lenient.report.rejectedByReason.map { "\($0.reason.rawValue) \($0.rows)" } == ["inconsistent_amounts 2"])
    }
}

/// The folder part of the first problem's file, for comparing whole messages.
private func folderPath(_ error: Error) -> String {
    guard case .invalid(let problems, _) = error as? DatasetError, let file = problems.first?.file else { return "" }
    return String(file.dropLast("performance.csv".count))
}
