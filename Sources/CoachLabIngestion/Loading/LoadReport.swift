import CoachLabSystem
import Dispatch
import CoachLabData

/// What a load found, for `validate` and for the notes of a run.
public struct LoadReport: Sendable {
    /// One table's file as read.
    public struct TableReport: Sendable {
        public var table: DatasetTable
        public var file: String
        public var rows: Int
        /// Header names as found, in file order.
        public var columnsFound: [String]
        /// Columns of the header that were converted.
        public var columnsUsed: [String]
        /// Columns of the header that CoachLab does not know.
        public var columnsUnknown: [String]
        /// Where the file's rows are, to count its blank lines when asked.
        public var lines: LineLocator
        /// Rows left out (`--on-error skip`), in file order, each with why.
        public var rejected: [RejectedRow] = []
        /// The report footer skipped after the data (an export's "Grand Totals", notices).
        public var footer: ReportFooter?

        /// The line on which the footer starts.
        public var footerLine: Int? { footer.map { _ in lines.line(ofRow: rows + rejected.count) } }

        /// The footer as a note: `Report.csv: 5 lines after the data skipped as a report
        /// footer (from line 12,002: 'Grand Totals (12000 records)', …)`.
        public var footerNote: String? {
            guard let footer else { return nil }
            let texts = footer.texts.map { "'" + DisplayText.escaped($0, limit: 80) + "'" }.joined(separator: ", ")
            return "\(DisplayText.escaped(file)): \(footer.lines) line(s) after the data skipped as a report footer"
                + " (from line \(footerLine ?? 0)\(texts.isEmpty ? "" : ": " + texts))"
        }

        /// Blank lines skipped in the file (counted by rereading it).
        public var blankLines: Int { lines.blankLines }
    }

    public var tables: [TableReport]
    /// Rep-periods whose quota is missing.
    public var missingQuota: Int
    /// Rep-periods whose quota is 0.
    public var zeroQuota: Int
    /// Things worth knowing that do not stop a run.
    public var warnings: [String]
    /// An optional table's file that is absent while the folder holds one that looks
    /// meant for it: the name looked for and ``SimilarFileNames``' sentence.
    public struct MisnamedFile: Sendable, Equatable {
        public var expected: String
        public var hint: String
    }
    /// By table; looked for on every load, cached or not (the folder's other files are not
    /// part of the cache's identity).
    public var misnamedFiles: [DatasetTable: MisnamedFile] = [:]
    /// The first and last month of the performance rows; nil without any.
    public var periods: ClosedRange<Int32>? = nil

    /// Rep-periods with no attainment (missing or zero quota).
    public var excludedRepPeriods: Int { missingQuota + zeroQuota }

    /// Rows left out across all files (`--on-error skip`).
    public var rejectedRows: Int { tables.reduce(0) { $0 + $1.rejected.count } }

    /// Rows left out, counted by reason, in the order of ``RejectReason``.
    public var rejectedByReason: [(reason: RejectReason, rows: Int)] {
        var counts: [RejectReason: Int] = [:]
        for table in tables {
            for row in table.rejected { counts[row.problem.reason ?? .unknownCategory, default: 0] += 1 }
        }
        return counts.keys.sorted().map { ($0, counts[$0]!) }
    }
}

/// A dataset and the report of its load.
public struct LoadedDataset: Sendable {
    public var dataset: Dataset
    public var report: LoadReport
    /// Whether the dataset came from the column cache rather than the CSV files.
    public var fromCache = false
    /// The cache file being written in the background after a read from CSV; wait for it
    /// before the process ends.
    public var pendingCacheWrite: PendingCacheWrite?
}

/// A column cache being written on another thread.
public final class PendingCacheWrite: Sendable {
    private let group = DispatchGroup()

    init(_ work: @escaping @Sendable () -> Void) {
        DispatchQueue.global().async(group: group, execute: work)
    }

    /// Blocks until the write has finished (or failed, which only means no cache next time).
    public func wait() { group.wait() }
}
