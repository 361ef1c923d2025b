#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CoachLabData
import CoachLabSystem
import CoachLabCache

/// Loads a dataset folder and checks it as a whole: required files and columns, value
/// types, unique ids, every reference resolved, tiers recognised.
///
/// Problems are gathered across all files (up to ``problemLimit``) before failing, so one
/// run shows the user everything to fix. Missing and zero quotas are kept and counted.
public struct DatasetLoader: Sendable {
    public var columns: ColumnSelection
    public var problemLimit: Int
    public var reader: CSVReader
    /// Told how long each step of a load took, in seconds (for `COACHLAB_TIMINGS=1`).
    public var timings: (@Sendable (String, Double) -> Void)?
    /// Where checked columns are saved for the next run; nil to always read the CSVs.
    public var cache: ColumnCache?
    /// Tables read from somewhere other than the dataset folder (a shard of a distributed
    /// run), with the name problems give them.
    public var tableFiles: [DatasetTable: TableFile] = [:]
    /// How the folder's files map onto the canonical tables (an export read as it is).
    public var mapping: DatasetMapping?
    /// What a row with a bad value does: stops the load (the default) or is left out and
    /// recorded in ``LoadReport/rejected``.
    public var onError: OnError = .stop
    /// Whether months of performance.csv far outside the rest (``DistantPeriods``) are
    /// used; by default they stop the load, each named with its line.
    public var allowsDistantPeriods = false

    /// What a bad row does.
    public enum OnError: String, Sendable, CaseIterable {
        /// Stop, listing the problems.
        case stop
        /// Leave the row out, count it and keep it for the rejects file.
        case skip
    }

    /// A table's file outside the dataset folder.
    public struct TableFile: Sendable {
        public var path: String
        public var displayName: String

        public init(path: String, displayName: String) {
            self.path = path
            self.displayName = displayName
        }
    }

    public init(columns: ColumnSelection = .all, problemLimit: Int = 20) {
        self.columns = columns
        self.problemLimit = problemLimit
        self.reader = CSVReader()
        self.reader.problemLimit = problemLimit
    }

    /// Loads the dataset in `folder`.
    /// - Parameter progress: called with (file, bytes read, file size) during long reads.
    public func load(
        folder: String, progress: (@Sendable (String, Int, Int) -> Void)? = nil
    ) throws(DatasetError) -> LoadedDataset {
        var isFolder = stat()
        guard stat(folder, &isFolder) == 0, (isFolder.st_mode & S_IFMT) == S_IFDIR else {
            throw .notAFolder(folder)
        }
        // Before anything opens them: a FIFO would block the first read forever, a device
        // never end.
        for table in DatasetTable.allCases {
            let path = self.path(of: table, in: folder)
            if let refusal = RegularFile.refusal(path) {
                throw .unreadable(file: tableFiles[table]?.displayName ?? path, reason: refusal)
            }
        }
        // The cache keys on the folder's files (an export's through the text of its mapping
        // file) and on whether bad rows are left out (the rows left out are cached with the
        // columns, for the rejects file and the notes); a table from elsewhere and an export
        // mapped in code are read afresh.
        let mappingCached = mapping == nil || mapping?.identity != nil
        let skipping = onError == .skip
        var cache = tableFiles.isEmpty && mappingCached ? self.cache : nil
        cache?.threads = reader.threads
        if let cache {
            let started = Clock.now
            let (cached, lookup) = cache.load(folder: folder, selection: columns, mapping: mapping, skippingBadRows: skipping)
            timings?("cache lookup (\(lookup))", Clock.seconds(since: started))
            if var cached {
                restoreEncodings(&cached.report)
                try refuseDistantPeriods(cached, folder: folder)
                cached.fromCache = true
                cached.report.misnamedFiles = misnamedFiles(folder: folder)
                return cached
            }
        }
        // The cache is labelled with the source files as they were before they were read: a
        // file replaced or appended to while it is read must leave a cache that the next
        // run finds stale, not one that carries the new file's fingerprint and the old rows.
        let sourcesBeforeRead = cache?.identity(folder: folder, selection: columns, mapping: mapping, skippingBadRows: skipping)
        var loaded = try loadFromCSV(folder: folder, progress: progress)
        try refuseDistantPeriods(loaded, folder: folder)
        if let cache, let sourcesBeforeRead {
            // Written on another core while the caller computes; it waits before exiting.
            let snapshot = loaded
            let columns = columns
            let mapping = mapping
            let timings = timings
            loaded.pendingCacheWrite = PendingCacheWrite {
                let started = Clock.now
                cache.store(snapshot, folder: folder, selection: columns, mapping: mapping, skippingBadRows: skipping,
                            identity: sourcesBeforeRead)
                timings?("cache write (background)", Clock.seconds(since: started))
            }
        }
        loaded.report.misnamedFiles = misnamedFiles(folder: folder)
        return loaded
    }

    /// The optional tables whose file is absent while the folder holds one that looks meant
    /// for it (``LoadReport/misnamedFiles``), the folder listed once.
    public func misnamedFiles(folder: String) -> [DatasetTable: LoadReport.MisnamedFile] {
        let absent = DatasetTable.allCases.compactMap { table -> (DatasetTable, String)? in
            guard !table.isRequired, tableFiles[table] == nil else { return nil }
            let fileName = mapping?.fileName(of: table) ?? table.fileName
            return access(folder + "/" + fileName, F_OK) != 0 ? (table, fileName) : nil
        }
        let hints = SimilarFileNames.hints(for: absent.map(\.1), in: folder)
        return absent.reduce(into: [:]) { found, absent in
            if let hint = hints[absent.1] { found[absent.0] = .init(expected: absent.1, hint: hint) }
        }
    }

    private func loadFromCSV(
        folder: String, progress: (@Sendable (String, Int, Int) -> Void)?
    ) throws(DatasetError) -> LoadedDataset {
        var log = ProblemLog(limit: problemLimit, rejectsRows: onError == .skip)
        var reader = self.reader
        reader.skipsBadRows = onError == .skip
        var parsed: [DatasetTable: ParsedTable] = [:]
        for table in DatasetTable.allCases {
            let fileName = mapping?.fileName(of: table) ?? table.fileName
            let path = path(of: table, in: folder)
            guard access(path, F_OK) == 0 else {
                if table.isRequired {
                    let similar = tableFiles[table] == nil ? SimilarFileNames.hint(for: fileName, in: folder) : nil
                    throw .missingFile(folder: folder, file: fileName, similar: similar)
                }
                continue
            }
            guard columns.reads(table) else { continue }
            var fileProgress: (@Sendable (Int, Int) -> Void)?
            if let progress {
                let name = table.fileName
                fileProgress = { progress(name, $0, $1) }
            }
            // Ids that refer to a table already read are coded with that table's dictionary.
            let wanted = columns.requests(for: table)
            let requests = (mapping?.requests(wanted, in: table) ?? wanted).map { request in
                var request = request
                if let target = DatasetSchema.reference(of: table, request.name) {
                    request.dictionary = parsed[target.table]?.dictionary(target.column)
                }
                return request
            }
            reader.delimiter = mapping?.delimiter(of: table) ?? UInt8(ascii: ",")
            reader.encoding = mapping?.encoding(of: table) ?? .utf8
            reader.skipsReportFooter = mapping?.skipsFooter(of: table) ?? false
            reader.encodingAdvice = EncodingAdvice(table: table, mapping: mapping)
            let started = Clock.now
            let result = try reader.read(
                path: path, displayName: tableFiles[table]?.displayName ?? path, columns: requests, progress: fileProgress)
            timings?("read \(table.fileName)", Clock.seconds(since: started))
            log.absorb(result)
            parsed[table] = result
        }
        // Bad values are reported with the checks across tables (duplicates, references),
        // so that one run lists every broken row; a file that could not be read to its end
        // stops here.
        guard !parsed.values.contains(where: \.stopped) else {
            throw .invalid(problems: log.listed(fix: fixes(parsed)), total: log.total)
        }

        let started = Clock.now
        var builder = DatasetBuilder(log: log, threads: reader.threads)
        let dataset = builder.build(source: folder, parsed: parsed)
        timings?("check and index", Clock.seconds(since: started))
        guard let dataset, builder.log.isEmpty else {
            throw .invalid(problems: builder.log.listed(fix: fixes(parsed)), total: builder.log.total)
        }
        let built = builder.tables
        let quotas = builder.quotaCounts
        let report = LoadReport(
            tables: DatasetTable.allCases.compactMap { table in
                built[table].map { tableReport(table, $0, fileName: mapping?.fileName(of: table) ?? table.fileName) }
            },
            missingQuota: quotas.missing, zeroQuota: quotas.zero,
            warnings: builder.warnings, periods: builder.performancePeriods)
        return LoadedDataset(dataset: dataset, report: report)
    }

    /// The fix for a group of problems: the mapping line likely to read its values
    /// (``MappingFixes``), found by the table its file holds.
    private func fixes(_ parsed: [DatasetTable: ParsedTable]) -> (ProblemGroup) -> String? {
        let tables = Dictionary(parsed.map { ($0.value.file, $0.key) }, uniquingKeysWith: { first, _ in first })
        let mapping = mapping
        return { group in
            guard let table = tables[group.file] else { return nil }
            return MappingFixes.fix(for: group, table: table, mapping: mapping)
        }
    }

    /// A cached load's line locators read each file in its encoding, as the reader did.
    private func restoreEncodings(_ report: inout LoadReport) {
        guard let mapping else { return }
        for index in report.tables.indices {
            let table = report.tables[index]
            let encoding = mapping.encoding(of: table.table)
            if encoding != table.lines.encoding { report.tables[index].lines = LineLocator(path: table.lines.path, encoding: encoding) }
        }
    }

    /// Stops the load at months far outside the rest (``DistantPeriods``), unless they are
    /// allowed: a problem per month, at the line of its first row.
    private func refuseDistantPeriods(_ loaded: LoadedDataset, folder: String) throws(DatasetError) {
        guard !allowsDistantPeriods, let distant = DistantPeriods(loaded.dataset.performance.periods) else { return }
        let table = loaded.report.tables.first { $0.table == .performance }
        let request = DatasetSchema.columns(of: .performance).first { $0.name == "period" }!
        let column = (mapping?.request(request, in: .performance) ?? request).headerName
        let file = tableFiles[.performance]?.displayName ?? path(of: .performance, in: folder)
        let problems = distant.months.prefix(problemLimit).map { month in
            InputProblem(
                file: file, line: table.map { $0.lines.line(ofRow: Self.fileRow(month.firstRow, rejected: $0.rejected)) },
                column: column, message: distant.message(for: month), value: MonthIndex.format(month.month), reason: .outOfRange)
        }
        throw .invalid(problems: Array(problems), total: distant.months.count)
    }

    /// The data row of the file that kept row `row` is, rows `rejected` (in file order) left out.
    private static func fileRow(_ row: Int, rejected: [RejectedRow]) -> Int {
        var candidate = row
        while true {
            let next = row + rejected.prefix { $0.fileRow <= candidate }.count
            if next == candidate { return candidate }
            candidate = next
        }
    }

    /// The files a load of `folder` reads: each table's that exists.
    public func inputPaths(folder: String) -> [String] {
        DatasetTable.allCases.map { path(of: $0, in: folder) }.filter { access($0, F_OK) == 0 }
    }

    /// Where `table` is read from: its file in `folder` (under the mapping's name), or the
    /// file given for it in ``tableFiles``.
    private func path(of table: DatasetTable, in folder: String) -> String {
        if let file = tableFiles[table] { return file.path }
        let fileName = mapping?.fileName(of: table) ?? table.fileName
        return folder.hasSuffix("/") ? folder + fileName : folder + "/" + fileName
    }

    private func tableReport(_ table: DatasetTable, _ parsed: ParsedTable, fileName: String) -> LoadReport.TableReport {
        let schema = mapping?.requests(DatasetSchema.columns(of: table), in: table) ?? DatasetSchema.columns(of: table)
        let known = Set(schema.map { $0.headerName.lowercased() })
        let converted = Set(schema.filter { parsed.columns[$0.name] != nil }.map { $0.headerName.lowercased() })
        return LoadReport.TableReport(
            table: table, file: fileName, rows: parsed.rowCount,
            columnsFound: parsed.header,
            columnsUsed: parsed.header.filter { converted.contains($0.lowercased()) },
            columnsUnknown: parsed.header.filter { !known.contains($0.lowercased()) },
            lines: parsed.lines, rejected: parsed.rejected, footer: parsed.footer)
    }
}

/// Monotonic time for step timings.
enum Clock {
    static var now: Double {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) * 1e-9
    }

    static func seconds(since start: Double) -> Double { now - start }
}
