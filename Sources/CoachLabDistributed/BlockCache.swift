import CoachLabCache
import CoachLabIngestion
import CoachLabPluginAPI

/// The blocks of `run --blocks N`, each kept in the column cache as the dataset its
/// whole-rep part loads to and the records of its tables: the dataset is bucketed by rep
/// once, and every later pass (the second pass of a plugin of two, every pass of a later
/// run of the same blocks) maps a block instead of splitting and parsing the CSV files.
///
/// A block is a cache file like any other (``ColumnCache``): named by the columns read, the
/// mapping, the number of blocks and the block's index, and valid only for the source files
/// it was cut from. Their fingerprints are taken once, before the split reads them
/// (``sources``), so a file edited during the run leaves blocks that no later run trusts.
package struct BlockCache: Sendable {
    let cache: ColumnCache
    let folder: String
    let baseKey: ColumnCache.Key
    let blocks: Int
    /// The fingerprint of each source file before the split read it: what each block this
    /// run writes must match.
    let sources: [String]

    /// The cache of the `blocks` blocks of the dataset in `folder`, loaded with `selection`
    /// (through `mapping`, distant periods allowed or not); nil when they cannot be cached: a
    /// mapping built in code, or a source file that cannot be fingerprinted.
    package init?(
        cache: ColumnCache, folder: String, selection: ColumnSelection, mapping: DatasetMapping?,
        allowsDistantPeriods: Bool, blocks: Int
    ) {
        guard var key = ColumnCache.key(selection: selection, mapping: mapping, skippingBadRows: false) else { return nil }
        key.variant = "blocks of whole reps, rows of reps.csv in \(blocks) ranges\n"
            + (allowsDistantPeriods ? "distant periods allowed\n" : "") + key.variant
        guard let sources = cache.sources(folder: folder, key: key) else { return nil }
        self.cache = cache
        self.folder = folder
        self.baseKey = key
        self.blocks = blocks
        self.sources = sources
    }

    /// One block as a pass reads it.
    package struct Block: Sendable {
        package var dataset: Dataset
        /// A record per rep-level table read, as the load of its part made them.
        package var records: [ShardRecord]
        /// What the split said of the dataset's files (report footers skipped), for a run
        /// that reads every block from the cache to say again.
        package var notes: [String]
        /// The rows of performance.csv in every block together, as the split counted them:
        /// what the merged blocks must add up to.
        package var datasetRows: Int

        package init(dataset: Dataset, records: [ShardRecord], notes: [String], datasetRows: Int) {
            self.dataset = dataset
            self.records = records
            self.notes = notes
            self.datasetRows = datasetRows
        }
    }

    /// Keeps `block` as block `index`; false when it could not be written (a read-only
    /// folder, a full disk): the pass then reads the block's part again.
    @discardableResult
    package func store(_ block: Block, index: Int) -> Bool {
        let key = key(of: index)
        return cache.store(folder: folder, key: key, identity: ColumnCache.identity(key: key, sources: sources)) { writer in
            DatasetCodec.encode(block.dataset, to: &writer)
            writer.integer(block.records.count)
            for record in block.records { Self.encode(record, to: &writer) }
            writer.strings(block.notes)
            writer.integer(block.datasetRows)
        }
    }

    /// Block `index`, when the cache holds it for the source files as they are now; nil
    /// when it does not, or holds something other than what a block of them can be.
    package func load(_ index: Int) -> Block? {
        let (block, _) = cache.load(folder: folder, key: key(of: index)) { reader throws(CacheReader.Corrupt) -> Block in
            let dataset = try DatasetCodec.decodeDataset(&reader, source: folder)
            let count = try reader.integer()
            guard (1...DatasetTable.allCases.count).contains(count) else { throw CacheReader.Corrupt() }
            var records: [ShardRecord] = []
            for _ in 0..<count { records.append(try Self.decodeRecord(&reader)) }
            // Every record counts the rows of its own table in the block, once.
            guard Set(records.map(\.table)).count == records.count,
                  records.allSatisfy({ $0.rows == dataset.rowCount(of: $0.table) && !$0.table.isDimension })
            else { throw CacheReader.Corrupt() }
            let notes = try reader.strings()
            let datasetRows = try reader.integer()
            guard datasetRows >= dataset.performance.count else { throw CacheReader.Corrupt() }
            return Block(dataset: dataset, records: records, notes: notes, datasetRows: datasetRows)
        }
        return block
    }

    private func key(of index: Int) -> ColumnCache.Key {
        precondition((0..<blocks).contains(index), "a block of the run")
        var key = baseKey
        key.variant = "block \(index + 1) of \(blocks)\n" + key.variant
        return key
    }

    private static func encode(_ record: ShardRecord, to writer: inout CacheWriter) {
        writer.string(record.id)
        writer.string(record.table.rawValue)
        writer.integer(record.rows)
        writer.integer(record.missingQuota)
        writer.integer(record.zeroQuota)
        for period in [record.firstPeriod, record.lastPeriod] {
            writer.flag(period != nil)
            writer.integer(Int(period ?? 0))
        }
        writer.integer(Int(Int64(bitPattern: record.fingerprint)))
        writer.integer(Int(Int64(bitPattern: record.layout)))
    }

    private static func decodeRecord(_ reader: inout CacheReader) throws(CacheReader.Corrupt) -> ShardRecord {
        let id = try reader.string()
        guard let table = DatasetTable(rawValue: try reader.string()) else { throw CacheReader.Corrupt() }
        let rows = try reader.integer(), missing = try reader.integer(), zero = try reader.integer()
        var periods: [Int32?] = []
        for _ in 0..<2 {
            let present = try reader.flag()
            let value = try reader.integer()
            guard let period = Int32(exactly: value) else { throw CacheReader.Corrupt() }
            periods.append(present ? period : nil)
        }
        let fingerprint = UInt64(bitPattern: Int64(try reader.integer()))
        let layout = UInt64(bitPattern: Int64(try reader.integer()))
        guard rows >= 0, missing >= 0, zero >= 0, missing + zero <= rows else { throw CacheReader.Corrupt() }
        return ShardRecord(
            id: id, table: table, rows: rows, missingQuota: missing, zeroQuota: zero,
            firstPeriod: periods[0], lastPeriod: periods[1], fingerprint: fingerprint, layout: layout)
    }
}
