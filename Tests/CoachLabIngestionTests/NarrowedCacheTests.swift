import CoachLabData
import CoachLabTestSupport
import Foundation
import Testing
@testable import CoachLabIngestion
@testable import CoachLabCache

/// A run of fewer columns answers from the cache of every column (`validate` then `run`),
/// and gets exactly what reading the CSV files for its columns would give.
@Suite struct NarrowedCacheTests {
    let sample = Self.sampleWithPrograms

    /// The sample org with a programs.csv beside its files: every optional table present.
    static let sampleWithPrograms: String = {
        let source = TestFiles.repositoryRoot.appendingPathComponent("Datasets/sample-org")
        let folder = TestFiles.temporaryDirectory("sample-with-programs")
        for name in ["managers.csv", "reps.csv", "performance.csv", "coaching_sessions.csv", "assignments.csv"] {
            try! FileManager.default.copyItem(at: source.appendingPathComponent(name), to: folder.appendingPathComponent(name))
        }
        // Every 7th rep in a pilot starting over a year, every 11th in a second program.
        var programs = "rep_id,program,start_period\n"
        for rep in stride(from: 1, through: 500, by: 7) { programs += String(format: "R%07d,Pilot,2023-%02d\n", rep, 3 + rep % 10) }
        for rep in stride(from: 2, through: 500, by: 11) { programs += String(format: "R%07d,Accelerate,2023-09\n", rep) }
        TestFiles.write(programs, to: "programs.csv", in: folder)
        return folder.path
    }()

    static let selections: [ColumnSelection] = [
        .only([]),
        .only([ColumnReference(.performance, "calls"), ColumnReference(.reps, "region")], tables: []),
        .only([ColumnReference(.coachingSessions, "focus_areas")], tables: [.coachingSessions]),
        // Assignments bring their sessions: without the session_id column, none is named.
        .only([ColumnReference(.assignments, "completed_on")], tables: [.assignments]),
        .only([], tables: [.programs]),
        .only([ColumnReference(.managers, "coaching_score"), ColumnReference(.assignments, "session_id"),
               ColumnReference(.assignments, "target_metric"), ColumnReference(.coachingSessions, "feedback_delay_hours")],
              tables: nil),
    ]

    /// The bytes a cache file holds of a load: every column, dictionary and report field.
    func encoded(_ loaded: LoadedDataset) throws -> Data {
        let path = TestFiles.temporaryDirectory("encoded").appendingPathComponent("body").path
        var writer = try #require(CacheWriter(path: path))
        DatasetCodec.encode(loaded, to: &writer)
        writer.flush()
        let closed = writer.close()
        #expect(closed)
        return try Data(contentsOf: URL(fileURLWithPath: path))
    }

    @Test(arguments: selections.indices)
    func aLoadOfFewerColumnsIsTheCacheOfEveryColumnNarrowed(index: Int) throws {
        let selection = Self.selections[index]
        let cache = ColumnCache(location: .folder(TestFiles.temporaryDirectory("cache").path))
        var everything = DatasetLoader(columns: .all)
        everything.cache = cache
        try everything.load(folder: sample).pendingCacheWrite?.wait()

        let (narrowed, lookup) = cache.load(folder: sample, selection: selection)
        #expect(lookup == .hitInAllColumns)
        let fresh = try DatasetLoader(columns: selection).load(folder: sample)
        let cached = try #require(narrowed)
        #expect(try encoded(cached) == (try encoded(fresh)))
        #expect(cached.report.tables.map(\.columnsUsed) == fresh.report.tables.map(\.columnsUsed))
        #expect(cached.report.warnings == fresh.report.warnings)
        expectSame(cached.dataset, fresh.dataset)
        #expect(cached.dataset.assignments?.sessions == fresh.dataset.assignments?.sessions)
    }

    /// Every optional column of the schema, left out alone: a column added to the schema
    /// that narrowing does not know to leave out fails here.
    static let optionalColumns = DatasetTable.allCases.flatMap { table in
        DatasetSchema.columns(of: table).filter { !$0.isRequired }.map { ColumnReference(table, $0.name) }
    }

    @Test func eachOptionalColumnIsLeftOutAsALoadWithoutItLeavesIt() throws {
        let cache = ColumnCache(location: .folder(TestFiles.temporaryDirectory("cache").path))
        var everything = DatasetLoader(columns: .all)
        everything.cache = cache
        try everything.load(folder: sample).pendingCacheWrite?.wait()
        for column in Self.optionalColumns {
            let selection = ColumnSelection.only(Set(Self.optionalColumns).subtracting([column]), tables: nil)
            let narrowed = try #require(cache.load(folder: sample, selection: selection).0)
            let fresh = try DatasetLoader(columns: selection).load(folder: sample)
            #expect(try encoded(narrowed) == (try encoded(fresh)), "without \(column)")
        }
    }

    /// Every optional table, left out alone: a table added to the schema that narrowing does
    /// not know to leave out fails here (the org holds every table).
    @Test func eachOptionalTableIsLeftOutAsALoadWithoutItLeavesIt() throws {
        let cache = ColumnCache(location: .folder(TestFiles.temporaryDirectory("cache").path))
        var everything = DatasetLoader(columns: .all)
        everything.cache = cache
        let all = try everything.load(folder: sample)
        all.pendingCacheWrite?.wait()
        #expect(all.dataset.tables == Set(DatasetTable.allCases))
        let optionalTables = Set(DatasetTable.allCases.filter { !$0.isRequired })
        for table in optionalTables {
            let selection = ColumnSelection.only(Set(Self.optionalColumns), tables: optionalTables.subtracting([table]))
            let (narrowed, lookup) = cache.load(folder: sample, selection: selection)
            #expect(lookup == .hitInAllColumns)
            let fresh = try DatasetLoader(columns: selection).load(folder: sample)
            #expect(try encoded(try #require(narrowed)) == (try encoded(fresh)), "without \(table)")
            #expect(narrowed?.dataset.tables == fresh.dataset.tables, "without \(table)")
        }
    }

    /// Rows left out depend on the columns read, so a load that leaves bad rows out, and a
    /// cache of fewer columns, are never narrowed from another.
    @Test func onlyAStrictLoadIsNarrowedAndOnlyFromEveryColumn() throws {
        let cache = ColumnCache(location: .folder(TestFiles.temporaryDirectory("cache").path))
        var everything = DatasetLoader(columns: .all)
        everything.cache = cache
        try everything.load(folder: sample).pendingCacheWrite?.wait()
        #expect(cache.load(folder: sample, selection: .only([]), skippingBadRows: true).1 == .missing)

        let other = ColumnCache(location: .folder(TestFiles.temporaryDirectory("cache").path))
        var some = DatasetLoader(columns: Self.selections[4])
        some.cache = other
        try some.load(folder: sample).pendingCacheWrite?.wait()
        #expect(other.load(folder: sample, selection: .only([])).1 == .missing)
    }

    /// A stale cache of every column is not narrowed: the files changed since it was written.
    @Test func aStaleCacheOfEveryColumnIsNotUsed() throws {
        let folder = TestFiles.temporaryDirectory("org")
        for name in ["managers.csv", "reps.csv", "performance.csv"] {
            try FileManager.default.copyItem(atPath: sample + "/" + name, toPath: folder.appendingPathComponent(name).path)
        }
        let cache = ColumnCache(location: .folder(TestFiles.temporaryDirectory("cache").path))
        var everything = DatasetLoader(columns: .all)
        everything.cache = cache
        try everything.load(folder: folder.path).pendingCacheWrite?.wait()
        #expect(cache.load(folder: folder.path, selection: .only([])).1 == .hitInAllColumns)
        let reps = folder.appendingPathComponent("reps.csv")
        try (try String(contentsOf: reps, encoding: .utf8) + "R9999999,M000001,EMEA,SMB,2020-01-01\n")
            .write(to: reps, atomically: true, encoding: .utf8)
        #expect(cache.load(folder: folder.path, selection: .only([])).0 == nil)
    }
}
