import CoachLabData
import CoachLabTestSupport
import Foundation
import Testing
@testable import CoachLabIngestion
@testable import CoachLabCache

/// programs.csv, CoachLab's own optional table: loaded, checked, cached, narrowed and read
/// through a mapping as assignments.csv is.
@Suite struct ProgramsTableTests {
    /// Three reps, one of them in two programs; an unknown column to ignore; a start period
    /// written as the loader writes periods elsewhere.
    static let programs = """
        rep_id,program,start_period,owner_note
        R2,Pilot,2024-02,first cohort
        R1,Accelerate,2024-01,
        R1,Pilot,2024-03,late joiner
        R3,Accelerate,2024-02,

        """

    static func folder(programs: String = programs) -> URL {
        TestFiles.dataset([
            "reps.csv": "rep_id,manager_id\nR1,M1\nR2,M2\nR3,M1\n",
            "programs.csv": programs,
        ])
    }

    static func problems(_ programs: String) -> [String] {
        let folder = Self.folder(programs: programs)
        do {
            _ = try DatasetLoader().load(folder: folder.path)
            return []
        } catch {
            guard case .invalid(let problems, _) = error else { return ["\(error)"] }
            return problems.map { $0.description.replacingOccurrences(of: folder.path + "/", with: "") }
        }
    }

    static func lenient(_ folder: URL) throws -> LoadedDataset {
        var loader = DatasetLoader()
        loader.onError = .skip
        return try loader.load(folder: folder.path)
    }

    @Test func aFolderWithProgramsLoadsTheirValues() throws {
        let loaded = try DatasetLoader().load(folder: Self.folder().path)
        let programs = try #require(loaded.dataset.programs)
        #expect(programs.count == 4)
        #expect(programs.reps == [1, 0, 0, 2])
        #expect((0..<4).map { programs.names[$0] } == ["Pilot", "Accelerate", "Pilot", "Accelerate"])
        #expect(programs.startPeriods == [
            MonthIndex.make(year: 2024, month: 2), MonthIndex.make(year: 2024, month: 1),
            MonthIndex.make(year: 2024, month: 3), MonthIndex.make(year: 2024, month: 2),
        ])
        #expect(programs.names() == ["Accelerate", "Pilot"])
        #expect(programs.names(sortedBy: >) == ["Pilot", "Accelerate"])
        #expect(loaded.dataset.tables.contains(.programs))
        let report = try #require(loaded.report.tables.last)
        #expect(report.table == .programs && report.file == "programs.csv" && report.rows == 4)
        #expect(report.columnsUsed == ["rep_id", "program", "start_period"])
        #expect(report.columnsUnknown == ["owner_note"])
    }

    @Test func aDatasetWithoutProgramsHasNone() throws {
        let loaded = try DatasetLoader().load(folder: TestFiles.dataset().path)
        #expect(loaded.dataset.programs == nil)
        #expect(!loaded.dataset.tables.contains(.programs))
        #expect(!DatasetTable.programs.isRequired && DatasetTable.programs.fileName == "programs.csv")
    }

    @Test func namesAreTheDistinctNamesOfRowsSorted() {
        let programs = Programs(reps: [0, 1, 2, 0], names: ["b", "a", "b", "c"], startPeriods: [1, 2, 3, 4])
        #expect(programs.names.categories == ["b", "a", "c"])
        #expect(programs.names.codes == [0, 1, 0, 2])
        #expect(programs.names() == ["a", "b", "c"])
        // A category no row uses is no program.
        let unused = Programs(reps: [0], names: CategoricalColumn(codes: [1], categories: ["gone", "kept"]), startPeriods: [1])
        #expect(unused.names() == ["kept"])
    }

    @Test func badStartPeriodsUnknownRepsAndRepeatedProgramsAreLocatedErrors() {
        #expect(Self.problems("rep_id,program,start_period\nR1,Pilot,2024-13\nR2,Pilot,March\n") == [
            "programs.csv:2: column 'start_period': '2024-13' is not a month (expected YYYY-MM)",
            "programs.csv:3: column 'start_period': 'March' is not a month (expected YYYY-MM)",
        ])
        #expect(Self.problems("rep_id,program,start_period\nR1,Pilot,2024-01\nR7,Pilot,2024-01\n")
            == ["programs.csv:3: column 'rep_id': 'R7' is not in reps.csv"])
        #expect(Self.problems("rep_id,program,start_period\nR1,Pilot,2024-01\nR2,Pilot,2024-01\nR1,Accelerate,2024-02\nR1,Pilot,2024-05\n")
            == ["programs.csv:5: column 'program': 'Pilot' repeats line 2 for rep R1; (rep_id, program) must be unique"])
        #expect(Self.problems("rep_id,program,start_period\nR1,,2024-01\nR2,Pilot,\n") == [
            "programs.csv:2: column 'program': is empty; a program name is required",
            "programs.csv:3: column 'start_period': is empty; a start period (YYYY-MM) is required",
        ])
        #expect(Self.problems("rep_id,start_period\nR1,2024-01\n")
            == ["programs.csv:1: column 'program': required column is missing (the header has 'rep_id', 'start_period')"])
    }

    @Test func leniencyLeavesTheBadRowsOutWithTheirReasons() throws {
        let folder = TestFiles.dataset([
            "reps.csv": "rep_id,manager_id\nR1,M1\nR2,M2\nR3,M9\n",
            "programs.csv": """
            rep_id,program,start_period
            R1,Pilot,2024-01
            R2,Pilot,2024-13
            R7,Pilot,2024-01
            R1,Pilot,2024-04
            R3,Pilot,2024-02
            R2,Accelerate,2024-02
            R1,Accelerate,

            """,
        ])
        let loaded = try Self.lenient(folder)
        let report = try #require(loaded.report.tables.first { $0.table == .programs })
        #expect(report.rejected.map { $0.problem.line } == [3, 4, 5, 6, 8])
        #expect(report.rejected.map { $0.problem.reason } == [.notAPeriod, .unknownReference, .duplicateID, .unknownReference, .missingValue])
        // R3 goes with its manager row, and its enrolment with it.
        #expect(report.rejected[3].problem.value == "R3")
        let programs = try #require(loaded.dataset.programs)
        #expect(programs.reps == [0, 1])
        #expect(programs.names() == ["Accelerate", "Pilot"])
        #expect(programs.startPeriods == [MonthIndex.make(year: 2024, month: 1), MonthIndex.make(year: 2024, month: 2)])
        let rejects = folder.appendingPathComponent("rejects.csv")
        #expect(try RejectsFile.write(loaded.report, to: rejects.path) == 6)
        let text = try String(contentsOf: rejects, encoding: .utf8)
        #expect(text.contains("programs.csv,5,duplicate_id,program,Pilot,\"repeats line 2 for rep R1; (rep_id, program) must be unique\",\"R1,Pilot,2024-04\",text\n"))
        // A strict load of the same files stops at each of them.
        #expect(throws: DatasetError.self) { try DatasetLoader().load(folder: folder.path) }
    }

    @Test func theCacheHoldsProgramsAndFindsThemStale() throws {
        let folder = Self.folder()
        let cacheFolder = TestFiles.temporaryDirectory("programs-cache")
        var loader = DatasetLoader()
        loader.cache = ColumnCache(location: .folder(cacheFolder.path))
        let first = try loader.load(folder: folder.path)
        first.pendingCacheWrite?.wait()
        let second = try loader.load(folder: folder.path)
        #expect(!first.fromCache && second.fromCache)
        let (a, b) = (try #require(first.dataset.programs), try #require(second.dataset.programs))
        #expect(a.reps == b.reps && a.names == b.names && a.startPeriods == b.startPeriods)
        #expect(second.report.tables.map(\.table) == first.report.tables.map(\.table))
        #expect(second.report.tables.last?.columnsUnknown == ["owner_note"])
        expectSame(first.dataset, second.dataset)

        // An edited programs.csv makes the cache stale.
        try (Self.programs + "R2,Accelerate,2024-06,\n").write(to: folder.appendingPathComponent("programs.csv"), atomically: false, encoding: .utf8)
        let third = try loader.load(folder: folder.path)
        #expect(!third.fromCache && third.dataset.programs?.count == 5)
        third.pendingCacheWrite?.wait()
        // Removed, the table is gone from the next load rather than answered from the cache.
        try FileManager.default.removeItem(at: folder.appendingPathComponent("programs.csv"))
        let fourth = try loader.load(folder: folder.path)
        #expect(!fourth.fromCache && fourth.dataset.programs == nil)
    }

    /// A cache whose checksum holds but whose program codes or reps are out of range is
    /// refused, not decoded into out-of-range lookups.
    @Test func programsThatDoNotFitTheirTablesAreRefusedFromTheCache() throws {
        let folder = Self.folder()
        let cache = ColumnCache(location: .folder(TestFiles.temporaryDirectory("cache").path))
        let loaded = try DatasetLoader().load(folder: folder.path)
        let programs = try #require(loaded.dataset.programs)
        let damaged = [
            Programs(reps: programs.reps, names: CategoricalColumn(codes: programs.names.codes.map { _ in 2 }, categories: programs.names.categories),
                     startPeriods: programs.startPeriods),
            Programs(reps: programs.reps.map { _ in 3 }, names: programs.names, startPeriods: programs.startPeriods),
            Programs(reps: programs.reps, names: programs.names, startPeriods: Array(programs.startPeriods.dropLast())),
        ]
        for table in damaged {
            var copy = loaded
            copy.dataset.programs = table
            #expect(cache.store(copy, folder: folder.path, selection: .all))
            let (reloaded, lookup) = cache.load(folder: folder.path, selection: .all)
            #expect(reloaded == nil)
            #expect(lookup == .rejected("corrupt"))
        }
        #expect(cache.store(loaded, folder: folder.path, selection: .all))
        #expect(cache.load(folder: folder.path, selection: .all).1 == .hit)
    }

    @Test func onlyALoadThatAsksForProgramsReadsThem() throws {
        let folder = Self.folder().path
        let without = try DatasetLoader(columns: .only([], tables: [.assignments])).load(folder: folder)
        #expect(without.dataset.programs == nil && !without.report.tables.contains { $0.table == .programs })
        let with = try DatasetLoader(columns: .only([], tables: [.programs])).load(folder: folder)
        #expect(with.dataset.programs?.count == 4)
        // A strict load without programs does not stop at problems in programs.csv.
        let broken = Self.folder(programs: "rep_id,program,start_period\nR9,Pilot,soon\n").path
        #expect(try DatasetLoader(columns: .only([], tables: [])).load(folder: broken).dataset.programs == nil)
        #expect(throws: DatasetError.self) { try DatasetLoader(columns: .only([], tables: [.programs])).load(folder: broken) }
    }
}

/// A `programs:` table in a mapping file: the export's file, headers and date format.
extension ProgramsTableTests {
    static let export = """
        Employee ID,Program Name,Enrollment Date,Status
        R1,Accelerate,01/15/2024,active
        R2,Pilot,02/01/2024,active
        R1,Pilot,03/31/2024,paused

        """

    /// The `programs:` example of docs/MAPPING.md, as the docs show it.
    static func documentedMapping() throws -> String {
        let text = try String(contentsOf: TestFiles.repositoryRoot.appendingPathComponent("docs/MAPPING.md"), encoding: .utf8)
        let blocks = text.components(separatedBy: "```yaml\n").dropFirst().map { $0.components(separatedBy: "```")[0] }
        return try #require(blocks.first { $0.hasPrefix("  programs:\n") })
    }

    @Test func aMappingReadsProgramsFromAnExport() throws {
        let folder = Self.folder(programs: "")
        try FileManager.default.removeItem(at: folder.appendingPathComponent("programs.csv"))
        TestFiles.write(Self.export, to: "Enablement Enrollments.csv", in: folder)
        let yaml = "version: 1\ntables:\n" + (try Self.documentedMapping())
        let mappingFile = TestFiles.write(yaml, to: "mapping.yaml", in: TestFiles.temporaryDirectory("programs-mapping"))
        var loader = DatasetLoader()
        loader.mapping = try MappingFile.load(path: mappingFile.path)
        let loaded = try loader.load(folder: folder.path)
        let programs = try #require(loaded.dataset.programs)
        #expect(programs.reps == [0, 1, 0])
        #expect(programs.names() == ["Accelerate", "Pilot"])
        #expect(programs.startPeriods == [1, 2, 3].map { MonthIndex.make(year: 2024, month: $0) })
        let report = try #require(loaded.report.tables.last)
        #expect(report.file == "Enablement Enrollments.csv")
        #expect(report.columnsUsed == ["Employee ID", "Program Name", "Enrollment Date"])
        #expect(report.columnsUnknown == ["Status"])

        // Problems name the export's file and headers.
        TestFiles.write(Self.export + "R1,Accelerate,13/01/2024,active\n", to: "Enablement Enrollments.csv", in: folder)
        do {
            _ = try loader.load(folder: folder.path)
            Issue.record("loaded a repeated program and a bad date")
        } catch {
            let text = error.description.replacingOccurrences(of: folder.path + "/", with: "")
            #expect(text.contains("Enablement Enrollments.csv:5: column 'Enrollment Date': '13/01/2024' is not"), "\(text)")
        }
    }

    @Test func aMappingChecksTheProgramsColumns() {
        let yaml = "version: 1\ntables:\n  programs:\n    columns:\n      program_id: Program\n"
        #expect(throws: MappingFile.Problem.self) { try MappingFile.parse(yaml, file: "mapping.yaml") }
        do {
            _ = try MappingFile.parse(yaml, file: "mapping.yaml")
        } catch {
            #expect(error.description == "mapping.yaml:5: tables.programs.columns: unknown key 'program_id' (expected one of program, rep_id, start_period)")
        }
        let amount = "version: 1\ntables:\n  programs:\n    columns:\n      start_period: { header: Start, currency: \"$\" }\n"
        #expect(throws: MappingFile.Problem.self) { try MappingFile.parse(amount, file: "mapping.yaml") }
    }

    @Test func mappingInitFindsAProgramsFileByItsHeaders() throws {
        let folder = TestFiles.temporaryDirectory("programs-draft")
        TestFiles.write("Manager ID,Coaching Rating\nM1,exceeds\nM2,meets\n", to: "Sales Managers.csv", in: folder)
        TestFiles.write("User ID,Reports To\nR1,M1\nR2,M2\n", to: "User Roster.csv", in: folder)
        TestFiles.write("Account Owner,Fiscal Period,Quota,Closed Won Amount\nR1,2024-01,100,120\nR2,2024-01,100,80\n",
                        to: "Quota Report.csv", in: folder)
        TestFiles.write(Self.export, to: "Enablement Enrollments.csv", in: folder)
        let draft = try MappingDraft(folder: folder.path).render()
        #expect(draft.contains("""
              programs:
                file: "Enablement Enrollments.csv"
                columns:
                  rep_id: "Employee ID"
                  program: "Program Name"
                  start_period: { header: "Enrollment Date", period: "MM/dd/yyyy" }
            """), "\(draft)")
        // Read as drafted, the export loads.
        let mapping = try MappingFile.parse(draft, file: "draft.yaml")
        var loader = DatasetLoader()
        loader.mapping = mapping
        #expect(try loader.load(folder: folder.path).dataset.programs?.count == 3)
    }
}
