#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CoachLabIngestion
import CoachLabPluginAPI
import CoachLabSystem

/// `coachlab split`: a dataset's rep-level tables cut into whole-rep parts — each part a
/// folder holding, for every such table the dataset has, its header line and exactly the
/// lines of the reps ``RepPartition`` gives that part, copied byte for byte. Dimension tables
/// are not split: every part is read with the whole dataset as `--dimensions`.
///
/// Every row must name a rep of reps.csv (else a problem naming its file, line, column and
/// value, and nothing is written); an assignment must name a session of its own rep, or it
/// would reach a part without its session. A report footer a mapping skips is left out of
/// every part and counted.
public struct WholeRepSplit: Sendable {
    /// The dataset folder (an export's, read through ``mapping``).
    public var dataset: String
    public var mapping: DatasetMapping?
    public var partition: RepPartition
    /// Problems listed before the split stops.
    public var problemLimit = 20

    /// The tables split, in the order they are read (sessions before the assignments that
    /// name them).
    public static let tables: [DatasetTable] = [.performance, .coachingSessions, .assignments, .programs]

    public init(dataset: String, mapping: DatasetMapping?, partition: RepPartition) {
        self.dataset = dataset
        self.mapping = mapping
        self.partition = partition
    }

    /// What one table's split wrote.
    public struct TableSummary: Sendable {
        public var table: DatasetTable
        /// The file's name in the dataset and in every part.
        public var fileName: String
        public var rows: Int
        /// The fewest and most rows one part received.
        public var smallestPart: Int
        public var largestPart: Int
        /// The report footer left out of the parts, and the line it started on.
        public var footer: ReportFooter?
        public var footerLine: Int?
    }

    /// Writes the parts into `destination` (a new or empty folder outside the dataset).
    public func write(to destination: String) throws(SplitError) -> [TableSummary] {
        let present = Self.tables.filter { access(path(of: $0), F_OK) == 0 }
        guard present.contains(.performance) else {
            throw SplitError("\(DisplayText.escaped(path(of: .performance))): cannot be read: there is no such file (a dataset needs one)")
        }
        let output = try SplitOutput(
            destination: destination, dataset: dataset, parts: partition.parts,
            fileNames: present.map { mapping?.fileName(of: $0) ?? $0.fileName })
        do throws(SplitError) {
            let reps = try RepLookup(ids: repIDs())
            let readsSessions = present.contains(.coachingSessions) && present.contains(.assignments)
            // Two streams at once: performance.csv (with programs.csv), and the sessions with
            // the assignments that are checked against them.
            let groups = [present.filter { $0 == .performance || $0 == .programs },
                          present.filter { $0 == .coachingSessions || $0 == .assignments }].filter { !$0.isEmpty }
            let outcomes = ChunkedWork.map(count: groups.count, threads: min(groups.count, AvailableCores.count)) { group in
                var router = SplitRouter(
                    partition: partition, reps: reps, problemLimit: problemLimit,
                    repsFile: mapping?.fileName(of: .reps) ?? DatasetTable.reps.fileName,
                    sessionsFile: mapping?.fileName(of: .coachingSessions) ?? DatasetTable.coachingSessions.fileName)
                do throws(SplitError) {
                    let summaries = try groups[group].map { table throws(SplitError) in
                        try split(table, readsSessions: readsSessions, with: &router, into: output)
                    }
                    return Result<([TableSummary], SplitRouter), SplitError>.success((summaries, router))
                } catch {
                    return .failure(error)
                }
            }
            var summaries: [TableSummary] = []
            var problems: [InputProblem] = []
            var problemCount = 0
            for outcome in outcomes {
                let (groupSummaries, router) = try outcome.get()
                summaries += groupSummaries
                problems += router.problems
                problemCount += router.problemCount
            }
            if problemCount > 0 {
                // Listed in the tables' order, each table's in its lines' order.
                let order = Dictionary(uniqueKeysWithValues: Self.tables.enumerated().map { (path(of: $0.element), $0.offset) })
                let listed = problems.enumerated().sorted { (order[$0.element.file] ?? 0, $0.offset) < (order[$1.element.file] ?? 0, $1.offset) }
                throw SplitError(DatasetError.invalid(problems: listed.prefix(problemLimit).map(\.element), total: problemCount).description)
            }
            try output.commit()
            return summaries.sorted { Self.tables.firstIndex(of: $0.table)! < Self.tables.firstIndex(of: $1.table)! }
        } catch {
            output.abandon()
            throw error
        }
    }

    private func split(
        _ table: DatasetTable, readsSessions: Bool, with router: inout SplitRouter, into output: SplitOutput
    ) throws(SplitError) -> TableSummary {
        let fileName = mapping?.fileName(of: table) ?? table.fileName
        let encoding = mapping?.encoding(of: table) ?? .utf8
        let path = path(of: table)
        if encoding == .utf16 {
            throw SplitError("\(DisplayText.escaped(path)): is read as UTF-16 (the mapping's encoding), which split cannot copy line by line; convert it to UTF-8 first (iconv -f UTF-16 -t UTF-8) and drop the `encoding:` line")
        }
        var stream = CSVRecordStream()
        stream.delimiter = mapping?.delimiter(of: table) ?? UInt8(ascii: ",")
        stream.skipsReportFooter = mapping?.skipsFooter(of: table) ?? false
        let columns = SplitColumns(table: table, mapping: mapping, encoding: encoding, readsSessions: readsSessions)
        var writer: PartWriter?
        let outcome: CSVRecordStream.Outcome
        do {
            outcome = try stream.read(path: path) { header in
                let positions = try columns.resolve(header, file: path)
                writer = output.writer(fileName: fileName, header: header.bytes)
                router.begin(columns, file: path, writer: writer!)
                return positions
            } record: { record in
                try router.route(record)
            }
        } catch let failure as CSVRecordStream.Failure {
            throw SplitError(InputProblem(file: path, line: failure.line, message: failure.message).description)
        } catch let error as SplitError {
            throw error
        } catch {
            throw SplitError("\(DisplayText.escaped(path)): \(error)")
        }
        try writer!.finish()
        return TableSummary(table: table, fileName: fileName, rows: outcome.records,
                            smallestPart: writer!.rows.min() ?? 0, largestPart: writer!.rows.max() ?? 0,
                            footer: outcome.footer, footerLine: outcome.footerLine)
    }

    /// The ids of reps.csv, loaded and checked as every command loads the dimension tables.
    private func repIDs() throws(SplitError) -> [String] {
        var loader = ShardLoader(dimensions: dataset, table: .performance, columns: nil, selection: [])
        loader.mapping = mapping
        do {
            return try loader.load(bytes: [], name: path(of: .performance), shardID: nil).0.reps.ids
        } catch {
            throw SplitError(error.description)
        }
    }

    private func path(of table: DatasetTable) -> String {
        let fileName = mapping?.fileName(of: table) ?? table.fileName
        return dataset.hasSuffix("/") ? dataset + fileName : dataset + "/" + fileName
    }
}

/// Why a split stopped; nothing was written.
public struct SplitError: Error, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
