import CoachLabSystem
import CoachLabPluginAPI

/// The partial states of some shards of a dataset, as `coachlab partial` writes them and
/// `coachlab merge` and `coachlab report` read them. The format is text: docs/STATE-FORMAT.md.
///
/// A file carries, besides each plugin's state, what it takes to refuse a wrong merge:
/// the format version, the fingerprint of the dimension tables, each plugin's version and
/// options, the identity, row count, rows' fingerprint and layout of every shard it covers,
/// and the rep-months of performance.csv those shards hold.
public struct StateFile: Sendable {
    public static let formatVersion = 2

    /// The dataset's name as the user gave it (what `run` prints as "dataset").
    public var dataset: String
    public var dimensions: DimensionFingerprint
    public var shards: [ShardRecord]
    /// The (rep, month) pairs of performance.csv the shards hold, one per row.
    public var repMonths: RepMonthCoverage
    public var plugins: [PluginSection]
    /// A second pass's: the ``ShardRecord/digest(of:)`` of the shards whose merged first
    /// pass it was given, which the merged second passes must cover exactly. Nil for a
    /// state of first passes.
    public var firstPassShards: UInt64?

    public init(
        dataset: String, dimensions: DimensionFingerprint, shards: [ShardRecord], repMonths: RepMonthCoverage,
        plugins: [PluginSection], firstPassShards: UInt64? = nil
    ) {
        self.dataset = dataset
        self.dimensions = dimensions
        self.shards = shards
        self.repMonths = repMonths
        self.plugins = plugins
        self.firstPassShards = firstPassShards
    }

    /// Reps of the dimension tables with no rows in any shard of performance.csv; nil when
    /// the state holds no shard of performance.csv.
    public var repsWithoutRows: Int? {
        guard shards.contains(where: { $0.table == .performance }) else { return nil }
        return max(0, dimensions.reps - repMonths.repCount)
    }

    /// One plugin's state, with what it was computed with.
    public struct PluginSection: Sendable {
        public var id: String
        public var version: String
        /// Resolved options (defaults filled in).
        public var options: PluginOptions
        public var state: any PartialState

        public init(id: String, version: String, options: PluginOptions, state: any PartialState) {
            self.id = id
            self.version = version
            self.options = options
            self.state = state
        }
    }
}

/// One shard as its partial state remembers it.
public struct ShardRecord: Sendable, Hashable {
    /// The shard's identity: given with `--shard`, else its table and a checksum of its rows.
    public var id: String
    public var table: DatasetTable
    /// Data rows read (header lines not counted).
    public var rows: Int
    /// performance.csv only: rows with a missing and with a zero quota.
    public var missingQuota: Int
    public var zeroQuota: Int
    /// performance.csv only: the first and last period (``MonthIndex``), when it has rows.
    public var firstPeriod: Int32?
    public var lastPeriod: Int32?
    /// The sum, modulo 2⁶⁴, of the SipHash of each data line (without its line break): the
    /// same for the same lines in any order, whatever the shard's id. 0 without rows.
    public var fingerprint: UInt64
    /// ``ShardLayout``: the table's columns, delimiter and mapping as the shard was read.
    public var layout: UInt64

    public init(id: String, table: DatasetTable, rows: Int, missingQuota: Int = 0, zeroQuota: Int = 0,
                firstPeriod: Int32? = nil, lastPeriod: Int32? = nil, fingerprint: UInt64, layout: UInt64) {
        self.id = id
        self.table = table
        self.rows = rows
        self.missingQuota = missingQuota
        self.zeroQuota = zeroQuota
        self.firstPeriod = firstPeriod
        self.lastPeriod = lastPeriod
        self.fingerprint = fingerprint
        self.layout = layout
    }

    /// The rows of `shards` together; nil when they overflow (a state built in memory: one
    /// read from a file covers at most ``Partial/Bounds/maximumRows``).
    public static func totalRows(_ shards: [ShardRecord]) -> Int? {
        var total = 0
        for shard in shards {
            let (sum, overflow) = total.addingReportingOverflow(shard.rows)
            if overflow { return nil }
            total = sum
        }
        return total
    }

    /// A hash of the identity, table, rows and fingerprint of each of `shards` with rows,
    /// whatever their order: what a second pass checks that it covers the rows its first
    /// pass did.
    public static func digest(of shards: [ShardRecord]) -> UInt64 {
        let lines = shards.filter { !$0.isEmpty }
            .map { "\($0.id)\t\($0.table.rawValue)\t\($0.rows)\t\($0.fingerprint)\t\($0.layout)" }
            .sorted()
        return SipHash.hash(Array(lines.joined(separator: "\n").utf8))
    }

    /// Shards without rows contribute nothing, so repeating one is harmless (engines such
    /// as Spark hand a job empty partitions).
    public var isEmpty: Bool { rows == 0 }
}
