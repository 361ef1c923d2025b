/// The exact sufficient statistics of a metric over some rows: what a shard contributes,
/// before the rows of other shards are known.
///
/// Rules an implementation must keep (`CoachLabPluginTestKit` checks them):
/// - ``merge(_:)`` is associative and commutative, exactly: use integer counts and
///   ``Partial/ExactSum`` for sums, keep per-rep values keyed by rep (never "the first shard's");
/// - a state holds what finalising needs and nothing that depends on how rows were split:
///   merging the states of any line-aligned split equals the state of the whole;
/// - encoding then decoding gives back an equal state (numbers are written in full);
/// - decoding checks every count against ``Partial/Reader/bounds`` and against the others,
///   and every table indexed by managers or reps against their number, before it
///   allocates or adds: a state read from a file is untrusted input, and must be refused
///   (a ``Partial/FormatError``), never trap or allocate beyond what its dataset needs;
/// - ``mergeProblem(with:)`` says why two states that each read well cannot be merged,
///   wherever ``merge(_:)`` would otherwise trap.
public protocol PartialState: Sendable {
    /// Folds in the rows of `other`, a state of the same plugin, options and dimensions,
    /// for which ``mergeProblem(with:)`` is nil.
    mutating func merge(_ other: Self)

    /// Why `other` cannot be merged into this state — computed against other managers or
    /// reps, or a sum that would overflow — or nil when ``merge(_:)`` can take it.
    /// `coachlab merge` asks before every merge of states read from files; the default,
    /// nil, suits a state whose merge cannot fail.
    func mergeProblem(with other: Self) -> String?

    /// Writes the state as records (the plugin section of a state file).
    func encode(to writer: inout Partial.Writer)

    /// Reads a state back from the records ``encode(to:)`` wrote.
    init(decoding reader: inout Partial.Reader) throws(Partial.FormatError)

    /// Whether the state holds a first pass only, which cannot be finalised: the state of a
    /// ``TwoPassMetric`` before its second pass (``Partial/TwoPassState``). False by default.
    var awaitsSecondPass: Bool { get }
}

extension PartialState {
    /// None: the default for a state whose merge cannot fail.
    public func mergeProblem(with other: Self) -> String? { nil }

    /// False: a state of one pass is complete.
    public var awaitsSecondPass: Bool { false }
}

extension Partial {
    /// Where a partial computation reads: the dimension tables (managers, reps) whole, and
    /// the rows of the other tables (performance, sessions, assignments, programs) that belong
    /// to it.
    public struct Context: Sendable {
        /// The dataset, narrowed to what the plugin declares.
        public var dataset: Dataset
        /// The plugin's options, checked, defaults filled in.
        public var options: PluginOptions
        /// The rows of each large table in this part; a table not listed is read whole.
        public var rowRanges: [DatasetTable: Range<Int>]
        /// Threads this part may use (more than one only for a metric whose
        /// ``DecomposableMetric/parallelism`` is ``Partial/Parallelism/withinPartial``). The
        /// state must not depend on it, to the bit.
        public var threads: Int
        /// The reps (codes, reps.csv order) whose rows this part counts, every table's; nil
        /// for every rep. Set for a metric whose ``DecomposableMetric/parallelism`` is
        /// ``Partial/Parallelism/wholeReps``: its part is all the rows of some reps.
        public var reps: Range<Int>?

        /// The part of `dataset` that `rowRanges` covers (every row of a table not listed).
        public init(
            dataset: Dataset, options: PluginOptions, rowRanges: [DatasetTable: Range<Int>] = [:], threads: Int = 1
        ) {
            self.dataset = dataset
            self.options = options
            self.rowRanges = rowRanges
            self.threads = max(1, threads)
        }

        /// The part of `dataset` that is every row of the reps `reps`, in every table.
        public init(dataset: Dataset, options: PluginOptions, reps: Range<Int>) {
            self.init(dataset: dataset, options: options)
            self.reps = reps
        }

        /// The rows of `table` this part covers.
        public func rows(of table: DatasetTable) -> Range<Int> {
            if let range = rowRanges[table] { return range }
            return 0..<dataset.rowCount(of: table)
        }
    }
}

extension Dataset {
    /// Rows in `table`; 0 for a table the dataset lacks.
    public func rowCount(of table: DatasetTable) -> Int {
        switch table {
        case .managers: managers.count
        case .reps: reps.count
        case .performance: performance.count
        case .coachingSessions: coachingSessions?.count ?? 0
        case .assignments: assignments?.count ?? 0
        case .programs: programs?.count ?? 0
        }
    }
}
