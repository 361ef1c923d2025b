extension Partial {
    /// What a state read from a file is checked against as it is read, so that no count can
    /// overflow and no table can outgrow its dataset however the file was damaged or forged:
    /// the rows of the shards it covers (its `@shard` lines) and the sizes of the dimension
    /// tables it was computed with (its `@dimensions` line).
    public struct Bounds: Sendable, Equatable {
        /// The most rows one state may cover, over all its shards: far beyond any export
        /// (2⁴⁸, some 16 PB of CSV), and small enough that adding up its counts cannot overflow.
        public static let maximumRows = 1 << 48
        /// The most rows of managers.csv or reps.csv a state may describe: tables indexed by
        /// them are allocated before their records are read.
        public static let maximumDimensionRows = 100_000_000

        /// Rows of the shards the state covers, over all tables: every count is at most this.
        public var rows: Int
        /// Rows of managers.csv and reps.csv; nil when not known (a state made in memory), when
        /// only the format's maximum applies.
        public var managers: Int?
        /// Rows of reps.csv, as ``managers`` those of managers.csv.
        public var reps: Int?

        /// Bounds of a state covering `rows` rows, computed with these dimension tables.
        public init(rows: Int, managers: Int?, reps: Int?) {
            self.rows = rows
            self.managers = managers
            self.reps = reps
        }

        /// Only the format's own limits.
        public static let format = Partial.Bounds(rows: maximumRows, managers: nil, reps: nil)

        /// The bounds of a state of all of `dataset`'s rows.
        public init(covering dataset: Dataset) {
            let rows = DatasetTable.allCases.filter { !$0.isDimension }.reduce(0) { $0 + dataset.rowCount(of: $1) }
            self.init(rows: rows, managers: dataset.managers.count, reps: dataset.reps.count)
        }
    }
}
