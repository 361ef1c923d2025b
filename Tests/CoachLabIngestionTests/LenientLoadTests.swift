import CoachLabData
import CoachLabTestSupport
import Foundation
import PropertyBased
import Testing
@testable import CoachLabIngestion

/// `--on-error skip`: bad rows are left out with their first problem, rows that depended on
/// them follow, and the rest loads exactly as a clean file would.
@Suite struct LenientLoadTests {
    static func load(_ folder: URL, threads: Int = 1, onError: DatasetLoader.OnError = .skip) throws -> LoadedDataset {
        var loader = DatasetLoader()
        loader.onError = onError
        loader.reader.threads = threads
        loader.reader.minimumPieceBytes = 16
        return try loader.load(folder: folder.path)
    }

    @Test func badRowsAndTheRowsThatNeedThemAreLeftOut() throws {
        let folder = TestFiles.dataset([
            "managers.csv": "manager_id,coaching_quality\nM1,exceeds\nM2,needs_improvement\nM3,superb\n",
            "reps.csv": "rep_id,manager_id,hire_date\nR1,M1,2020-01-01\nR2,M2,2020-02-30\nR3,M3,\nR4,M1,\nR4,M2,\n",
            "performance.csv": """
            rep_id,period,quota,bookings
            R1,2024-01,100,120
            R2,2024-01,100,80
            R3,2024-01,100,80
            R1,2024-02,1OO,90
            R1,2024-02,100,90
            R1,2024-02,100,95
            R4,2024-01,100,"1
            10"
            R1,2024-03,-5,1
            R1,2024-04,100
            R9,2024-01,100,100

            """,
        ])
        let loaded = try Self.load(folder)
        let report = loaded.report
        let rejected = report.tables.flatMap { table in table.rejected.map { (table.table, $0.problem.line!, $0.problem.reason!) } }
        #expect(rejected.map(\.0) == [.managers, .reps, .reps, .reps] + Array(repeating: .performance, count: 8))
        #expect(rejected.map(\.1) == [4, 3, 4, 6, 3, 4, 5, 7, 8, 10, 11, 12])
        #expect(rejected.map(\.2) == [.unknownCategory, .notADate, .unknownReference, .duplicateID, .unknownReference,
                                      .unknownReference, .notANumber, .duplicateRepPeriod, .notANumber, .outOfRange,
                                      .wrongFieldCount, .unknownReference])
        #expect(report.rejectedRows == 12)
        // Left: R1's first two months (R4's row has a line break inside its bookings).
        let dataset = loaded.dataset
        #expect(dataset.managers.count == 2)
        #expect(dataset.reps.ids == ["R1", "R4"])
        #expect(dataset.performance.count == 2)
        #expect(dataset.performance.bookings == [120, 90])
        // The rejects file holds each row as the file has it, line breaks and all.
        let rejects = folder.appendingPathComponent("rejects.csv")
        #expect(try RejectsFile.write(report, to: rejects.path) == 12)
        let text = try String(contentsOf: rejects, encoding: .utf8)
        #expect(text.contains("performance.csv,10,out_of_range,quota,-5,is negative; a quota must be >= 0,\"R1,2024-03,-5,1\",text\n"))
        #expect(text.contains(",\"R4,2024-01,100,\"\"1\n10\"\"\",text\n"))
        #expect(text.contains("managers.csv,4,unknown_category,coaching_quality,superb,"))
    }

    /// The missing and zero quotas the report counts are those of the rows kept: a left-out
    /// row's quota is not counted, even when it was read before the row was dropped.
    @Test(arguments: [1, 2])
    func quotaCountsAreOfTheRowsKept(threads: Int) throws {
        let folder = TestFiles.dataset([
            "performance.csv": """
            rep_id,period,quota,bookings
            R1,2024-01,0,120
            R1,2024-02,,90
            R9,2024-01,0,100
            R1,2024-03,-5,1
            R1,2024-04,100,80

            """,
        ])
        let loaded = try Self.load(folder, threads: threads)
        #expect(loaded.report.rejectedRows == 2)
        #expect(loaded.dataset.performance.count == 3)
        #expect((loaded.report.missingQuota, loaded.report.zeroQuota) == (1, 1))
    }

    /// Strict mode lists every problem, each bad row once: here the row with a bad quota is
    /// also the first of a repeated rep-period.
    @Test func strictModeListsEveryProblem() throws {
        let folder = TestFiles.dataset([
            "performance.csv": "rep_id,period,quota,bookings\nR1,2024-01,x,1\nR1,2024-01,100,1\nR2,2024-13,100,1\nR3,2024-01,1,1\n",
        ])
        #expect {
            try Self.load(folder, onError: .stop)
        } throws: { error in
            let text = (error as? DatasetError)?.description ?? ""
            return text.hasPrefix("4 problems in the input:")
                && text.contains("performance.csv:2: column 'quota': 'x' is not a number")
                && text.contains("performance.csv:3: column 'period': '2024-01' repeats the rep-period of line 2")
                && text.contains("performance.csv:4: column 'period': '2024-13' is not a month (expected YYYY-MM)")
                && text.contains("performance.csv:5: column 'rep_id': 'R3' is not in reps.csv")
        }
    }

    /// Any file with bad rows anywhere loads the same with one parser and with several.
    @Test func theSameRowsAreLeftOutWithAnyNumberOfThreads() async throws {
        let goodRow = Gen.int(in: 0...1).map { $0 == 0 ? "R1" : "R2" }
        let kind = Gen.int(in: 0...9)
        await propertyCheck(count: 60, input: kind.array(of: 20...120), goodRow) { kinds, rep in
            var text = "rep_id,period,quota,bookings\n"
            for (index, kind) in kinds.enumerated() {
                let period = "\(2000 + index / 12)-\(String(format: "%02d", index % 12 + 1))"
                switch kind {
                case 0: text += "\(rep),\(period),x,1\n"
                case 1: text += "\(rep),\(period),100\n"
                case 2: text += "R9,\(period),100,1\n"
                case 3: text += "\(rep),\(period),100,\"1,5\"\n"
                default: text += "\(index % 2 == 0 ? "R1" : "R2"),\(period),100,\(index)\n"
                }
            }
            let folder = TestFiles.dataset(["performance.csv": text])
            guard let one = try? Self.load(folder, threads: 1), let two = try? Self.load(folder, threads: 2) else {
                Issue.record("lenient load failed")
                return
            }
            #expect(one.report.rejectedRows == kinds.filter { $0 <= 3 }.count)
            #expect(one.report.tables[2].rejected.map(\.problem) == two.report.tables[2].rejected.map(\.problem))
            #expect(one.dataset.performance.bookings == two.dataset.performance.bookings)
            #expect(one.dataset.performance.count == kinds.count - one.report.rejectedRows)
        }
    }
}
