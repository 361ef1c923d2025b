import CoachLabData
import CoachLabTestSupport
import Foundation
import Testing
@testable import CoachLabIngestion
@testable import CoachLabSystem
@testable import CoachLabCache

/// Bitwise equality of doubles (NaN marks a missing value, and NaN != NaN).
func sameBits(_ a: [Double]?, _ b: [Double]?) -> Bool {
    a?.map(\.bitPattern) == b?.map(\.bitPattern)
}

func sameBits(_ a: Column<Double>?, _ b: Column<Double>?) -> Bool {
    sameBits(a?.array, b?.array)
}

func expectSame(_ a: Dataset, _ b: Dataset) {
    #expect(a.managers.ids == b.managers.ids)
    #expect(a.managers.tiers == b.managers.tiers)
    #expect(sameBits(a.managers.coachingScores, b.managers.coachingScores))
    #expect(a.reps.ids == b.reps.ids && a.reps.managers == b.reps.managers && a.reps.hireDates == b.reps.hireDates)
    #expect(a.reps.regions == b.reps.regions && a.reps.segments == b.reps.segments)
    let (p, q) = (a.performance, b.performance)
    #expect(p.reps == q.reps && p.periods == q.periods && p.monthOrder == q.monthOrder)
    #expect(sameBits(p.quotas, q.quotas) && sameBits(p.bookings, q.bookings) && sameBits(p.calls, q.calls))
    #expect(sameBits(p.meetings, q.meetings) && sameBits(p.opportunitiesCreated, q.opportunitiesCreated))
    #expect(sameBits(p.pipelineValues, q.pipelineValues))
    #expect(a.coachingSessions?.ids == b.coachingSessions?.ids)
    #expect(a.coachingSessions?.kinds == b.coachingSessions?.kinds)
    #expect(a.coachingSessions?.focusAreas == b.coachingSessions?.focusAreas)
    #expect(sameBits(a.coachingSessions?.feedbackDelayHours, b.coachingSessions?.feedbackDelayHours))
    #expect(a.assignments?.ids == b.assignments?.ids && a.assignments?.completedOn == b.assignments?.completedOn)
    #expect(a.assignments?.targetMetrics == b.assignments?.targetMetrics)
    #expect(sameBits(a.assignments?.targetValues, b.assignments?.targetValues))
    #expect(a.programs?.reps == b.programs?.reps && a.programs?.names == b.programs?.names)
    #expect(a.programs?.startPeriods == b.programs?.startPeriods)
}

@Suite struct ColumnCacheTests {
    let sample = TestFiles.repositoryRoot.appendingPathComponent("Datasets/sample-org").path

    func loader(_ cacheFolder: URL) -> DatasetLoader {
        var loader = DatasetLoader()
        loader.cache = ColumnCache(location: .folder(cacheFolder.path))
        return loader
    }

    @Test func aLoadThatLeavesBadRowsOutIsCachedWithItsRejectsAndAStrictLoadStillStops() throws {
        let folder = TestFiles.dataset([
            "managers.csv": "manager_id,coaching_quality\nM1,exceeds\nM2,superb\n",
            "reps.csv": "rep_id,manager_id,hire_date\nR1,M1,2020-01-01\nR2,M1,\n",
            "performance.csv": "rep_id,period,quota,bookings\nR1,2024-01,100,120\nR1,2024-02,1OO,90\nR2,2024-01,100,80\nR9,2024-01,1,1\n",
        ])
        let cacheFolder = TestFiles.temporaryDirectory("lenient-cache")
        var lenient = loader(cacheFolder)
        lenient.onError = .skip
        let first = try lenient.load(folder: folder.path)
        first.pendingCacheWrite?.wait()
        let second = try lenient.load(folder: folder.path)
        #expect(!first.fromCache && second.fromCache)
        expectSame(first.dataset, second.dataset)
        let rows = { (loaded: LoadedDataset) in
            loaded.report.tables.flatMap { table in table.rejected.map { "\(table.table) \($0.fileRow) \($0.problem)" } }
        }
        #expect(rows(first).count == 3)
        #expect(rows(second) == rows(first))
        #expect(second.report.rejectedByReason.map(\.rows) == first.report.rejectedByReason.map(\.rows))
        // The rejects file from the cached load is the one from the CSV load, raw rows and all.
        let (a, b) = (folder.appendingPathComponent("a.csv").path, folder.appendingPathComponent("b.csv").path)
        #expect(try RejectsFile.write(first.report, to: a) == 3)
        #expect(try RejectsFile.write(second.report, to: b) == 3)
        #expect(try String(contentsOfFile: a, encoding: .utf8) == String(contentsOfFile: b, encoding: .utf8))

        // The strict load of the same files does not take the lenient cache: it stops.
        #expect(throws: DatasetError.self) { try loader(cacheFolder).load(folder: folder.path) }
    }

    @Test func aCachedDatasetEqualsTheOneReadFromCSV() throws {
        let cacheFolder = TestFiles.temporaryDirectory("cache")
        let first = try loader(cacheFolder).load(folder: sample)
        #expect(!first.fromCache)
        first.pendingCacheWrite?.wait()
        let second = try loader(cacheFolder).load(folder: sample)
        #expect(second.fromCache)
        expectSame(first.dataset, second.dataset)
        // Answered in place from the mapped file, not copied out of it.
        #expect(second.dataset.performance.quotas.isMapped && !first.dataset.performance.quotas.isMapped)
        #expect(second.report.tables.map(\.rows) == first.report.tables.map(\.rows))
        #expect(second.report.tables.map(\.columnsUsed) == first.report.tables.map(\.columnsUsed))
        #expect(second.report.excludedRepPeriods == first.report.excludedRepPeriods)
        // The first and last month, found while loading, travel with the cache.
        #expect(first.report.periods != nil && second.report.periods == first.report.periods)
    }

    @Test func aChangedSourceFileMakesTheCacheStale() throws {
        let folder = TestFiles.dataset()
        let cacheFolder = TestFiles.temporaryDirectory("cache")
        let cache = ColumnCache(location: .folder(cacheFolder.path))
        loader(cacheFolder).load(folderOrFail: folder.path).pendingCacheWrite?.wait()
        #expect(cache.load(folder: folder.path, selection: .all).1 == .hit)
        // Same size, same second: only the content (and nanoseconds) differ.
        let path = folder.appendingPathComponent("performance.csv")
        var text = try String(contentsOf: path, encoding: .utf8)
        text = text.replacingOccurrences(of: "R1,2024-01,100,120", with: "R1,2024-01,100,121")
        try text.write(to: path, atomically: false, encoding: .utf8)
        #expect(cache.load(folder: folder.path, selection: .all).1 == .rejected("stale: the source files changed"))
        let fresh = try loader(cacheFolder).load(folder: folder.path)
        #expect(!fresh.fromCache)
        #expect(fresh.dataset.performance.bookings[0] == 121)
    }

    /// An edit between the fingerprint's samples, same size, its modification time put
    /// back (as `touch -r` or `cp -p` of another version would): only the inode's change
    /// time, which no program can set back, tells.
    @Test func anEditWithItsModificationTimeRestoredMakesTheCacheStale() throws {
        let folder = TestFiles.temporaryDirectory("restored-mtime")
        for name in ["managers.csv", "reps.csv", "performance.csv"] {
            try FileManager.default.copyItem(atPath: sample + "/" + name, toPath: folder.appendingPathComponent(name).path)
        }
        let cacheFolder = TestFiles.temporaryDirectory("cache")
        let cache = ColumnCache(location: .folder(cacheFolder.path))
        loader(cacheFolder).load(folderOrFail: folder.path).pendingCacheWrite?.wait()
        #expect(cache.load(folder: folder.path, selection: .all).1 == .hit)

        let path = folder.appendingPathComponent("performance.csv").path
        var status = stat()
        #expect(stat(path, &status) == 0)
        let size = Int(status.st_size)
        #expect(size > 17 * 4096)
        // The middle of the gap between the 8th and 9th samples (see SourceFingerprint).
        let gapStart = (size - 4096) * 8 / 16 + 4096
        let gapEnd = (size - 4096) * 9 / 16
        var bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        let digit = try #require((gapStart + (gapEnd - gapStart) / 2..<gapEnd).first { bytes[$0] >= 0x30 && bytes[$0] <= 0x38 })
        bytes[digit] += 1
        let descriptor = open(path, O_WRONLY)
        #expect(descriptor >= 0)
        #expect(bytes.withUnsafeBytes { pwrite(descriptor, $0.baseAddress! + digit, 1, off_t(digit)) } == 1)
        var times = [status.st_atim, status.st_mtim]
        #expect(futimens(descriptor, &times) == 0)
        close(descriptor)
        var after = stat()
        #expect(stat(path, &after) == 0 && after.st_size == status.st_size)
        #expect(after.st_mtim.tv_sec == status.st_mtim.tv_sec && after.st_mtim.tv_nsec == status.st_mtim.tv_nsec)

        #expect(cache.load(folder: folder.path, selection: .all).1 == .rejected("stale: the source files changed"))
        let fromCache = try loader(cacheFolder).load(folder: folder.path).fromCache
        #expect(!fromCache)
    }

    @Test func aCorruptOrTruncatedCacheIsRejected() throws {
        let folder = TestFiles.dataset()
        let cacheFolder = TestFiles.temporaryDirectory("cache")
        let cache = ColumnCache(location: .folder(cacheFolder.path))
        loader(cacheFolder).load(folderOrFail: folder.path).pendingCacheWrite?.wait()
        let file = try #require(cache.cachePath(folder: folder.path, selection: .all, creating: false))
        var bytes = try Data(contentsOf: URL(fileURLWithPath: file))
        bytes[bytes.count - 40] ^= 0xFF
        try bytes.write(to: URL(fileURLWithPath: file))
        #expect(cache.load(folder: folder.path, selection: .all).1 == .rejected("corrupt: checksum mismatch"))
        try bytes.prefix(bytes.count - 64).write(to: URL(fileURLWithPath: file))
        #expect(cache.load(folder: folder.path, selection: .all).1 == .rejected("truncated"))
        try Data("not a cache at all, just some text that is long enough to be read as a header".utf8)
            .write(to: URL(fileURLWithPath: file))
        #expect(cache.load(folder: folder.path, selection: .all).1 == .rejected("not a CoachLab cache"))
        let reloaded = try loader(cacheFolder).load(folder: folder.path)
        #expect(!reloaded.fromCache)
        reloaded.pendingCacheWrite?.wait()
        #expect(cache.load(folder: folder.path, selection: .all).1 == .hit)
    }

    /// Whatever byte of a cache file is damaged, the cache is refused: never trusted, never
    /// a crash (the body is checksummed as it is decoded, so decoding sees damaged bytes).
    @Test func everyDamagedByteIsRefused() throws {
        let folder = TestFiles.dataset()
        let cacheFolder = TestFiles.temporaryDirectory("cache")
        let cache = ColumnCache(location: .folder(cacheFolder.path))
        loader(cacheFolder).load(folderOrFail: folder.path).pendingCacheWrite?.wait()
        let file = try #require(cache.cachePath(folder: folder.path, selection: .all, creating: false))
        let url = URL(fileURLWithPath: file)
        let original = try Data(contentsOf: url)
        var hits = 0
        for position in stride(from: 0, to: original.count, by: 1) {
            var bytes = original
            bytes[position] ^= position % 2 == 0 ? 0xFF : 0x01
            try bytes.write(to: url)
            if cache.load(folder: folder.path, selection: .all).1 == .hit { hits += 1 }
        }
        #expect(hits == 0)
        try original.write(to: url)
        #expect(cache.load(folder: folder.path, selection: .all).1 == .hit)
    }

    /// Columns read in place keep their mapping: the dataset stays whole after the cache
    /// file is replaced by a newer one or deleted while it is in use.
    @Test func aMappedDatasetOutlivesItsCacheFile() throws {
        let folder = TestFiles.dataset()
        let cacheFolder = TestFiles.temporaryDirectory("cache")
        let cache = ColumnCache(location: .folder(cacheFolder.path))
        let fromCSV = try loader(cacheFolder).load(folder: folder.path)
        fromCSV.pendingCacheWrite?.wait()
        let (mapped, lookup) = cache.load(folder: folder.path, selection: .all)
        #expect(lookup == .hit)
        let dataset = try #require(mapped?.dataset)
        let file = try #require(cache.cachePath(folder: folder.path, selection: .all, creating: false))
        #expect(cache.store(fromCSV, folder: folder.path, selection: .all))
        #expect(unlink(file) == 0)
        expectSame(dataset, fromCSV.dataset)
        #expect(dataset.performance.bookings.isMapped)
    }

    /// Cache paths are named by FNV-1a, fixed forever: a new body checksum or format
    /// version rewrites the cache in place instead of leaving the old one behind.
    @Test func cacheNamesAreStable() {
        #expect(ColumnCache.name(of: "a") == "af63dc4c8601ec8c")
        #expect(ColumnCache.name(of: "") == "cbf29ce484222325")
    }

    /// An export read through a mapping file is cached too, keyed on the mapping's text: a
    /// changed mapping reads the export afresh, and a mapping built in code is never cached.
    @Test func anExportReadThroughAMappingFileIsCached() throws {
        let export = TestFiles.repositoryRoot.appendingPathComponent("Datasets/crm-export").path
        let cacheFolder = TestFiles.temporaryDirectory("cache")
        var loader = loader(cacheFolder)
        loader.mapping = try MappingFile.load(path: export + "/mapping.yaml")
        let first = try loader.load(folder: export)
        first.pendingCacheWrite?.wait()
        let second = try loader.load(folder: export)
        #expect(!first.fromCache && second.fromCache)
        expectSame(first.dataset, second.dataset)
        #expect(second.report.tables.map(\.file) == first.report.tables.map(\.file))

        var edited = loader
        let text = try #require(TextFile.contents(of: export + "/mapping.yaml"))
        edited.mapping = try MappingFile.parse(text + "\n# edited\n", file: "mapping.yaml")
        let reread = try edited.load(folder: export)
        reread.pendingCacheWrite?.wait()
        #expect(!reread.fromCache)

        var inCode = loader
        inCode.mapping?.identity = nil
        let uncached = try inCode.load(folder: export)
        #expect(!uncached.fromCache && uncached.pendingCacheWrite == nil)
    }

    @Test func eachColumnSelectionHasItsOwnCache() throws {
        let cacheFolder = TestFiles.temporaryDirectory("cache")
        let cache = ColumnCache(location: .folder(cacheFolder.path))
        var lean = DatasetLoader(columns: .only([]))
        lean.cache = cache
        try lean.load(folder: sample).pendingCacheWrite?.wait()
        #expect(cache.load(folder: sample, selection: .only([])).1 == .hit)
        #expect(cache.load(folder: sample, selection: .all).1 == .missing)
    }

    @Test func concurrentRunsNeverSeeHalfACache() async throws {
        let cacheFolder = TestFiles.temporaryDirectory("cache")
        let sample = sample
        let loader = loader(cacheFolder)
        try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<4 {
                group.addTask {
                    let loaded = try loader.load(folder: sample)
                    loaded.pendingCacheWrite?.wait()
                    return loaded.dataset.performance.count
                }
            }
            for try await count in group { #expect(count == 12_000) }
        }
        let again = try loader.load(folder: sample)
        #expect(again.fromCache)
        let leftovers = try FileManager.default.subpathsOfDirectory(atPath: cacheFolder.path).filter { $0.contains(".tmp-") }
        #expect(leftovers.isEmpty)
    }
}

extension ColumnCacheTests {
    @Test func temporaryFilesOfKilledRunsAreRemovedWhenTheCacheIsWritten() throws {
        let cacheFolder = TestFiles.temporaryDirectory("cache")
        let cache = ColumnCache(location: .folder(cacheFolder.path))
        let path = try #require(cache.cachePath(folder: sample, selection: .all, creating: true))
        // Above any pid_max, so no such process; the parent (the test runner's) is alive.
        let abandoned = path + ".tmp-2147483646-17"
        let live = path + ".tmp-\(getppid())-18"
        let unrelated = path + ".partial"
        for file in [abandoned, live, unrelated] {
            #expect(FileManager.default.createFile(atPath: file, contents: Data("half a cache".utf8)))
        }
        var loader = DatasetLoader()
        loader.cache = cache
        try loader.load(folder: sample).pendingCacheWrite?.wait()
        #expect(!FileManager.default.fileExists(atPath: abandoned))
        #expect(FileManager.default.fileExists(atPath: live))
        #expect(FileManager.default.fileExists(atPath: unrelated))
        #expect(cache.load(folder: sample, selection: .all).1 == .hit)
    }
}

extension ColumnCacheTests {
    /// A cache whose checksum holds but whose focus-area codes do not fit together (as a
    /// writer with a bug would leave) is refused, not decoded into out-of-range lookups.
    @Test func focusAreaCodesThatDoNotFitTogetherAreRefused() throws {
        let cacheFolder = TestFiles.temporaryDirectory("cache")
        let cache = ColumnCache(location: .folder(cacheFolder.path))
        let loaded = try DatasetLoader().load(folder: sample)
        let sessions = try #require(loaded.dataset.coachingSessions?.encodedFocusAreas)
        // Starts that go backwards: one session's end before its start.
        var backwards = sessions.starts
        let step = try #require((1..<(backwards.count - 1)).first { backwards[$0] < backwards[$0 + 1] })
        backwards.swapAt(step, step + 1)
        let damaged = [
            // A code naming no area.
            FocusAreas(names: sessions.names, starts: sessions.starts,
                       codes: sessions.codes.map { _ in Int32(sessions.names.count) }),
            FocusAreas(names: sessions.names, starts: backwards, codes: sessions.codes),
        ]
        for areas in damaged {
            var copy = loaded
            copy.dataset.coachingSessions?.encodedFocusAreas = areas
            #expect(cache.store(copy, folder: sample, selection: .all))
            let (reloaded, lookup) = cache.load(folder: sample, selection: .all)
            #expect(reloaded == nil)
            #expect(lookup == .rejected("corrupt"))
        }
        #expect(cache.store(loaded, folder: sample, selection: .all))
        #expect(cache.load(folder: sample, selection: .all).1 == .hit)
    }
}

extension DatasetLoader {
    func load(folderOrFail folder: String) -> LoadedDataset {
        try! load(folder: folder)
    }
}

extension ColumnCacheTests {
    /// A refreshed export leaves the caches of its other column selections stale for good:
    /// the next cache written for the dataset removes them, with older formats' files and
    /// killed runs' temporaries, and keeps whatever a run could still use.
    @Test func writingACacheRemovesTheDatasetsCachesThatNoRunCanUse() throws {
        let folder = TestFiles.dataset()
        let cacheFolder = TestFiles.temporaryDirectory("cache")
        let cache = ColumnCache(location: .folder(cacheFolder.path))
        func write(_ selection: ColumnSelection) throws {
            var loader = DatasetLoader(columns: selection)
            loader.cache = cache
            try loader.load(folder: folder.path).pendingCacheWrite?.wait()
        }
        try write(.only([]))
        try write(.all)
        let lean = try #require(cache.cachePath(folder: folder.path, selection: .only([]), creating: false))
        let full = try #require(cache.cachePath(folder: folder.path, selection: .all, creating: false))
        let directory = (full as NSString).deletingLastPathComponent
        // Unchanged sources: both caches stay.
        #expect(cache.load(folder: folder.path, selection: .only([])).1 == .hit)

        var header = try Data(contentsOf: URL(fileURLWithPath: full))
        func withVersion(_ version: Int, as name: String) throws {
            withUnsafeBytes(of: Int64(version).littleEndian) { header.replaceSubrange(ColumnCache.magic.count..<(ColumnCache.magic.count + 8), with: $0) }
            try header.write(to: URL(fileURLWithPath: directory + "/" + name))
        }
        try withVersion(ColumnCache.formatVersion - 1, as: "columns-older.cache")
        try withVersion(ColumnCache.formatVersion + 1, as: "columns-newer.cache")
        let abandoned = lean + ".tmp-2147483646-9"
        let unrelated = directory + "/notes.txt"
        for file in [abandoned, unrelated] { #expect(FileManager.default.createFile(atPath: file, contents: Data("x".utf8))) }

        let path = folder.appendingPathComponent("performance.csv")
        let text = try String(contentsOf: path, encoding: .utf8)
        try text.replacingOccurrences(of: "R1,2024-01,100,120", with: "R1,2024-01,100,121").write(to: path, atomically: false, encoding: .utf8)
        try write(.all)

        let left = Set(try FileManager.default.contentsOfDirectory(atPath: directory))
        #expect(left == [(full as NSString).lastPathComponent, "columns-newer.cache", "notes.txt", ColumnCache.datasetRecordName])
        #expect(cache.load(folder: folder.path, selection: .all).1 == .hit)
    }

    /// In a folder of many datasets' caches, each dataset's folder names its dataset; writing
    /// a cache there removes the caches of datasets since deleted, and nothing else.
    @Test func writingACacheInASharedFolderRemovesTheCachesOfDeletedDatasets() throws {
        let cacheFolder = TestFiles.temporaryDirectory("shared-cache")
        let cache = ColumnCache(location: .folder(cacheFolder.path))
        func write(_ folder: URL, _ selection: ColumnSelection = .all) throws {
            var loader = DatasetLoader(columns: selection)
            loader.cache = cache
            try loader.load(folder: folder.path).pendingCacheWrite?.wait()
        }
        let kept = TestFiles.dataset(), deleted = TestFiles.dataset()
        try write(deleted)
        try write(kept, .only([]))
        let keptDirectory = cache.cacheDirectory(of: kept.path).path
        let deletedDirectory = cache.cacheDirectory(of: deleted.path).path
        #expect(ColumnCache.recordedDataset(in: deletedDirectory) == deleted.resolvingSymlinksInPath().path)
        // Folders that are not a dataset's record stay whatever they hold.
        let foreign = cacheFolder.appendingPathComponent("notes")
        let unrecorded = cacheFolder.appendingPathComponent("0123456789abcdef")
        for folder in [foreign, unrecorded] {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        }
        #expect(FileManager.default.createFile(atPath: foreign.appendingPathComponent(ColumnCache.datasetRecordName).path,
                                               contents: Data("/no/such/folder\n".utf8)))
        #expect(FileManager.default.createFile(atPath: unrecorded.appendingPathComponent("columns-x.cache").path, contents: Data("x".utf8)))

        try FileManager.default.removeItem(at: deleted)
        #expect(FileManager.default.fileExists(atPath: deletedDirectory), "nothing is removed until a cache is written")
        // A cache the kept dataset lacks (of every column), so that one is written.
        try write(kept)
        #expect(!FileManager.default.fileExists(atPath: deletedDirectory))
        #expect(cache.load(folder: kept.path, selection: .all).1 == .hit)
        #expect(Set(try FileManager.default.contentsOfDirectory(atPath: cacheFolder.path))
            == [(keptDirectory as NSString).lastPathComponent, "notes", "0123456789abcdef"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: unrecorded.path) == ["columns-x.cache"])
    }

    /// A cache's identity is read back by file name, and a mapped export's names hold spaces.
    @Test func sourceLinesAreReadBackByFileName() {
        let identity = "format 6\nselection all\nmanagers.csv 10 1.2 3.4 5 ab\nreps.csv absent\n"
            + "Quota Attainment Report.csv 99 1.2 3.4 5 cd\ncoaching_sessions.csv absent\nassignments.csv absent"
        let lines = ColumnCache.sourceLines(of: identity)
        #expect(lines["Quota Attainment Report.csv"] == "Quota Attainment Report.csv 99 1.2 3.4 5 cd")
        #expect(lines["reps.csv"] == "reps.csv absent")
        #expect(lines.count == 5)
        #expect(SourceFingerprint(path: #filePath)?.text.split(separator: " ").count == SourceFingerprint.fieldCount)
    }
}

extension ColumnCacheTests {
    /// An export job rewriting reps.csv after CoachLab read it, while it reads the large
    /// performance.csv (seconds, on a large org): the cache of what was read must not pass
    /// for the new reps.csv, or every later run would answer from rows it no longer holds.
    /// (A file changed while it is itself read is refused by the reader.)
    @Test func aSourceFileChangedDuringTheLoadLeavesAStaleCache() throws {
        let folder = TestFiles.dataset()
        let cacheFolder = TestFiles.temporaryDirectory("cache")
        let reps = folder.appendingPathComponent("reps.csv")
        let first = try loader(cacheFolder).load(folder: folder.path) { file, _, _ in
            if file.hasSuffix("performance.csv") {
                try? "rep_id,manager_id\nR1,M1\nR2,M1\n".write(to: reps, atomically: false, encoding: .utf8)
            }
        }
        first.pendingCacheWrite?.wait()
        #expect(first.dataset.reps.managers == [0, 1])
        let second = try loader(cacheFolder).load(folder: folder.path)
        #expect(!second.fromCache)
        #expect(second.dataset.reps.managers == [0, 0])
    }
}
