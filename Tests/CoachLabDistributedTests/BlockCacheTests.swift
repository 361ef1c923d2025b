import CoachLabCache
import CoachLabDistributed
import CoachLabIngestion
import CoachLabPluginAPI
import CoachLabTestSupport
import Testing

/// A block of `run --blocks` kept in the column cache reads back as it was stored, only as
/// the block of its own number of blocks and index, and never when its records disagree
/// with its rows (a cache file is untrusted input, checksum or not).
@Suite struct BlockCacheTests {
    let org = ShardedOrg.shared

    func cache(in folder: String, blocks: Int = 3) throws -> BlockCache {
        try #require(BlockCache(
            cache: ColumnCache(location: .folder(folder)), folder: org.folder, selection: .all, mapping: nil,
            allowsDistantPeriods: false, blocks: blocks))
    }

    func records(of dataset: Dataset) -> [ShardRecord] {
        [
            ShardRecord(
                id: "part-00001", table: .performance, rows: dataset.performance.count, missingQuota: 1, zeroQuota: 2,
                firstPeriod: dataset.performance.periods.min(), lastPeriod: dataset.performance.periods.max(),
                fingerprint: 0xFEDC_BA98_7654_3210, layout: 42),
            ShardRecord(
                id: "part-00001:coaching_sessions", table: .coachingSessions, rows: dataset.coachingSessions!.count,
                fingerprint: 7, layout: 9),
        ]
    }

    @Test func aBlockReadsBackAsStored() throws {
        let folder = TestFiles.temporaryDirectory("block-cache").path
        let cache = try cache(in: folder)
        let dataset = org.dataset
        let stored = BlockCache.Block(dataset: dataset, records: records(of: dataset), notes: ["note: a footer"], datasetRows: dataset.performance.count + 5)
        #expect(cache.store(stored, index: 1))
        let read = try #require(cache.load(1))
        #expect(read.records == stored.records && read.notes == stored.notes && read.datasetRows == stored.datasetRows)
        #expect(read.dataset.reps.ids == dataset.reps.ids && read.dataset.managers.ids == dataset.managers.ids)
        #expect(read.dataset.performance.bookings == dataset.performance.bookings)
        #expect(read.dataset.coachingSessions?.ids == dataset.coachingSessions?.ids)
        #expect(read.dataset.assignments?.sessions == dataset.assignments?.sessions)

        #expect(cache.load(0)?.records == nil && cache.load(2)?.records == nil, "blocks never stored")
        #expect(try self.cache(in: folder, blocks: 4).load(1)?.records == nil, "block 2 of 4 is another block than 2 of 3")
    }

    @Test func aBlockWhoseRecordsDisagreeWithItsRowsIsNotRead() throws {
        let dataset = org.dataset
        let good = records(of: dataset)
        var moreRows = good
        moreRows[0].rows += 1
        var dimension = good
        dimension[1].table = .reps
        let forged: [(String, [ShardRecord], Int)] = [
            ("a record counting other rows than the block's", moreRows, dataset.performance.count),
            ("two records of one table", [good[0], good[0]], dataset.performance.count),
            ("a record of a dimension table", dimension, dataset.performance.count),
            ("no record", [], dataset.performance.count),
            ("fewer rows in the dataset than in the block", good, dataset.performance.count - 1),
        ]
        for (why, records, datasetRows) in forged {
            let cache = try cache(in: TestFiles.temporaryDirectory("block-cache-forged").path)
            #expect(cache.store(.init(dataset: dataset, records: records, notes: [], datasetRows: datasetRows), index: 0))
            #expect(cache.load(0)?.records == nil, "\(why)")
        }
    }
}
