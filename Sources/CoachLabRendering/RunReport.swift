import CoachLabPluginAPI
import CoachLabRunner

/// What a run produced, as every renderer receives it.
public struct RunReport: Sendable {
    /// The dataset path as the user gave it.
    public var dataset: String
    public var results: [MetricResult]
    /// Plugins that could not run on this dataset, with the reason.
    public var skipped: [PluginSelection.Skipped]
    /// What the dataset holds, for the formats that describe it (HTML).
    public var description: DatasetDescription?
    /// How each plugin computes its numbers (its descriptor's description), by plugin id.
    public var methods: [String: String]
    /// Input rows left out by a lenient load (`--on-error skip`), when it was one.
    public var rejections: InputRejections?
    /// The results' p-values adjusted together (`--adjust`), made once from ``results`` by
    /// whoever makes the report; nil when the report has no such adjustment, and then no
    /// format mentions one. Set it before ``Privacy/apply(to:)``: the family is the tests
    /// the run made, whatever a shared report leaves out.
    public var multipleTesting: MultipleTesting?
    /// The reps and months the results describe (`--where`, `--from`, `--to`); nil for the
    /// whole dataset, and then no format mentions a slice.
    public var slice: Dataset.Slice?
    /// Reps of reps.csv with no row in performance.csv (for a state: in no shard); nil when
    /// every rep has rows, or for a slice. Each result carries it as a note; CSV, which
    /// prints no notes, gives it a block.
    public var repsWithoutRows: RepsWithoutRows?

    public init(
        dataset: String, results: [MetricResult], skipped: [PluginSelection.Skipped] = [],
        description: DatasetDescription? = nil, methods: [String: String] = [:],
        multipleTesting: MultipleTesting? = nil
    ) {
        self.dataset = dataset
        self.results = results
        self.skipped = skipped
        self.description = description
        self.methods = methods
        self.multipleTesting = multipleTesting
    }
}

/// What a lenient load (`--on-error skip`) left out of the input.
public struct InputRejections: Sendable, Equatable {
    /// Rows left out in all.
    public var rows: Int
    /// Rows left out per reason (a snake_case key), most frequent reasons in a fixed order.
    public var byReason: [(reason: String, words: String, rows: Int)]
    /// Rows left out per input file.
    public var byFile: [(file: String, rows: Int)]
    /// Where each rejected row is written in full.
    public var rejectsFile: String

    public init(rows: Int, byReason: [(reason: String, words: String, rows: Int)], byFile: [(file: String, rows: Int)], rejectsFile: String) {
        self.rows = rows
        self.byReason = byReason
        self.byFile = byFile
        self.rejectsFile = rejectsFile
    }

    public static func == (lhs: InputRejections, rhs: InputRejections) -> Bool {
        lhs.rows == rhs.rows && lhs.rejectsFile == rhs.rejectsFile
            && lhs.byReason.map(\.reason) == rhs.byReason.map(\.reason) && lhs.byReason.map(\.rows) == rhs.byReason.map(\.rows)
            && lhs.byFile.map(\.file) == rhs.byFile.map(\.file) && lhs.byFile.map(\.rows) == rhs.byFile.map(\.rows)
    }

    /// The note every result carries.
    public var note: String {
        if rows == 0 { return "No input rows were left out (--on-error skip)." }
        let reasons = byReason.map { "\(HumanFormat.grouped($0.rows)) \($0.words)" }.joined(separator: ", ")
        return "\(HumanFormat.grouped(rows)) input row\(rows == 1 ? " was" : "s were") left out (--on-error skip): \(reasons); "
            + "each is in \(rejectsFile) with its line and raw text."
    }
}

/// The dataset in a few numbers, as a report's first screen states them.
public struct DatasetDescription: Sendable, Equatable {
    public var managers: Int
    public var reps: Int
    public var repMonths: Int
    /// First and last period, `YYYY-MM`.
    public var firstPeriod: String
    public var lastPeriod: String
    public var excludedRepMonths: Int
    /// Why rows were excluded, in words.
    public var exclusionReasons: [String]

    public init(
        managers: Int, reps: Int, repMonths: Int, firstPeriod: String, lastPeriod: String,
        excludedRepMonths: Int, exclusionReasons: [String]
    ) {
        self.managers = managers
        self.reps = reps
        self.repMonths = repMonths
        self.firstPeriod = firstPeriod
        self.lastPeriod = lastPeriod
        self.excludedRepMonths = excludedRepMonths
        self.exclusionReasons = exclusionReasons
    }
}

/// The output formats of `coachlab run`.
public enum OutputFormat: String, Sendable, CaseIterable {
    case table
    case json
    case csv
    case markdown
    case html

    /// The renderer for this format.
    public var renderer: any ResultRenderer {
        switch self {
        case .table: TextTableRenderer()
        case .json: JSONRenderer()
        case .csv: CSVRenderer()
        case .markdown: MarkdownRenderer()
        case .html: HTMLRenderer()
        }
    }
}

/// Presents a run's typed results in one format. Renderers never compute statistics.
public protocol ResultRenderer: Sendable {
    func render(_ report: RunReport) -> String

    /// The rendered text as UTF-8, handed to `output` in pieces, in order, as it is
    /// produced: a renderer of reports that run to hundreds of megabytes (per-rep tables of a
    /// large org) never holds one whole. By default ``render(_:)``'s text in one piece.
    func write(_ report: RunReport, to output: (UnsafeRawBufferPointer) -> Void)
}

extension ResultRenderer {
    public func write(_ report: RunReport, to output: (UnsafeRawBufferPointer) -> Void) {
        var text = render(report)
        text.withUTF8 { output(UnsafeRawBufferPointer($0)) }
    }
}
