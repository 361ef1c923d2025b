#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CoachLabIngestion
import CoachLabPluginAPI

/// Loads one shard of a large table — any line-aligned piece of it, from a file or a
/// pipe — together with the dimension tables, checked exactly as `run` checks a dataset.
///
/// Header lines may appear anywhere in a shard (an engine that splits a file hands the
/// header to one task, or to every task when it re-adds it) and are skipped. A shard
/// without one takes its column names from `columns`, or else from the header of the
/// table's file in the dimensions folder.
public struct ShardLoader: Sendable {
    /// The folder holding managers.csv and reps.csv.
    public var dimensions: String
    public var table: DatasetTable
    /// The shard's column names, when it may lack a header line.
    public var columns: [String]?
    /// The optional columns the plugins read.
    public var selection: Set<ColumnReference>
    public var problemLimit = 20
    /// How an export names and writes the tables (docs/MAPPING.md): the dimension tables'
    /// files and the shard's headers and values are read through it.
    public var mapping: DatasetMapping?
    /// Whether the shard's months far outside its others are used (``DistantPeriods``).
    public var allowsDistantPeriods = false

    /// The tables a shard can be of: those whose references all point at dimension tables.
    public static let shardableTables: [DatasetTable] = [.performance, .coachingSessions]

    public init(dimensions: String, table: DatasetTable, columns: [String]?, selection: Set<ColumnReference>) {
        self.dimensions = dimensions
        self.table = table
        self.columns = columns
        self.selection = selection
    }

    /// One table's rows in a shard: its bytes as read, and the name problems give its file.
    public struct Piece: Sendable {
        public var table: DatasetTable
        public var bytes: [UInt8]
        public var name: String
        /// The file `bytes` were read from, which the load reads itself when they need no
        /// change (a part's own header first, no other): nil for a stream.
        public var path: String?

        public init(table: DatasetTable, bytes: [UInt8], name: String, path: String? = nil) {
            self.table = table
            self.bytes = bytes
            self.name = name
            self.path = path
        }
    }

    /// A shard's dataset (dimension tables whole, the shard's table as its rows; other
    /// large tables empty) and its record.
    /// - Parameters:
    ///   - bytes: the shard as read.
    ///   - name: the shard's file as problems name it (`-` is shown as `<stdin>`).
    ///   - shardID: the identity to record; nil for the table and a checksum of the rows.
    public func load(bytes: [UInt8], name: String, shardID: String?) throws(ShardError) -> (Dataset, ShardRecord) {
        guard Self.shardableTables.contains(table) else {
            throw ShardError("\(table.fileName) cannot be sharded: its rows refer to another large table; shard \(Self.shardableTables.map(\.fileName).joined(separator: " or "))")
        }
        let (dataset, records) = try load([Piece(table: table, bytes: bytes, name: name)], shardID: shardID)
        return (dataset, records[0])
    }

    /// The dataset of several tables' pieces read together (dimension tables whole; a
    /// large table without a piece empty) and a record per piece, in the pieces' order.
    /// With `shardID`, performance.csv's record takes it and another table's record
    /// `ID:TABLE`; without, each is its table and a checksum of its rows.
    func load(_ pieces: consuming [Piece], shardID: String?) throws(ShardError) -> (Dataset, [ShardRecord]) {
        let scratch = try ScratchFiles()
        defer { scratch.remove() }
        let tables = Set(pieces.map(\.table))
        var loader = DatasetLoader(columns: .only(selection, tables: tables.filter { !$0.isRequired }), problemLimit: problemLimit)
        loader.mapping = mapping
        loader.allowsDistantPeriods = allowsDistantPeriods
        var normalized: [ShardText.Normalized] = []
        var headers: [[String]] = []
        for index in pieces.indices {
            let (table, name) = (pieces[index].table, pieces[index].name)
            let header = try headerNames(of: table, shardStart: pieces[index].bytes)
            var text = ShardText.normalize(
                pieces[index].bytes, header: header, delimiter: delimiter(of: table), checksum: shardID == nil)
            let path = if let changed = text.text {
                try scratch.write(changed, as: table.fileName)
            } else if let path = pieces[index].path {
                path
            } else {
                try scratch.write(pieces[index].bytes, as: table.fileName)
            }
            loader.tableFiles[table] = .init(path: path, displayName: name)
            // Neither the bytes read nor their normalized copy is needed any more: let them go
            // before the tables are parsed, which is when a load peaks.
            pieces[index].bytes = []
            text.text = nil
            normalized.append(text)
            headers.append(header)
        }
        if !tables.contains(.performance) {
            let separator = String(Character(Unicode.Scalar(delimiter(of: .performance))))
            let empty = Array((requiredHeaders(of: .performance).joined(separator: separator) + "\n").utf8)
            loader.tableFiles[.performance] = .init(path: try scratch.write(empty, as: "performance.csv"), displayName: "performance.csv (none in this shard)")
        }
        let loaded: LoadedDataset
        do {
            loaded = try loader.load(folder: dimensions)
        } catch {
            var shifted = error
            for (piece, text) in zip(pieces, normalized) { shifted = Self.shifted(shifted, file: piece.name, lines: text.linesAdded) }
            throw ShardError(shifted.description)
        }
        let dataset = loaded.dataset
        let records = pieces.indices.map { index in
            let (table, text) = (pieces[index].table, normalized[index])
            var record = ShardRecord(
                id: shardID.map { table == .performance || pieces.count == 1 ? $0 : "\($0):\(table.rawValue)" }
                    ?? (text.dataLines == 0 ? "\(table.rawValue):empty" : "\(table.rawValue):\(text.checksum)"),
                table: table, rows: dataset.rowCount(of: table), fingerprint: text.fingerprint,
                layout: ShardLayout.hash(table: table, header: headers[index], delimiter: delimiter(of: table), mapping: mapping?.identity))
            if table == .performance {
                record.missingQuota = loaded.report.missingQuota
                record.zeroQuota = loaded.report.zeroQuota
                record.firstPeriod = dataset.performance.periods.min()
                record.lastPeriod = dataset.performance.periods.max()
            }
            return record
        }
        return (dataset, records)
    }

    /// The rep ids of the dimension tables in `folder` (as `run` reads them, no mapping),
    /// when they load and are the tables of `fingerprint`; else nil. Names a state's reps
    /// by id in messages.
    public static func repIDs(folder: String, matching fingerprint: DimensionFingerprint) -> [String]? {
        let columns = DatasetSchema.columns(of: .performance).filter(\.isRequired).map(\.headerName)
        let loader = ShardLoader(dimensions: folder, table: .performance, columns: columns, selection: [])
        guard let (dataset, _) = try? loader.load(bytes: [], name: "-", shardID: nil),
              DimensionFingerprint(managers: dataset.managers, reps: dataset.reps) == fingerprint else { return nil }
        return dataset.reps.ids
    }

    /// The column names: given (for ``table``), or the header of the table's file beside
    /// the dimensions, or the shard's own first line when it is a header.
    private func headerNames(of table: DatasetTable, shardStart: [UInt8]) throws(ShardError) -> [String] {
        if let columns, table == self.table { return columns.map(ShardText.normalizedName) }
        let fileName = mapping?.fileName(of: table) ?? table.fileName
        let path = dimensions.hasSuffix("/") ? dimensions + fileName : dimensions + "/" + fileName
        if let line = ShardText.firstLine(ofFile: path) { return ShardText.fields(of: line, delimiter: delimiter(of: table)) }
        let required = requiredHeaders(of: table)
        if let line = ShardText.firstLine(of: shardStart) {
            let names = ShardText.fields(of: line, delimiter: delimiter(of: table))
            if required.map(ShardText.normalizedName).allSatisfy(names.contains) { return names }
        }
        let exportHint = mapping == nil ? "; for an export with other file names and headers, pass its mapping file with --mapping" : ""
        throw ShardError("the shard does not start with a header line and no header is known: pass --columns \(required.joined(separator: ",")),… in the file's column order, or put \(fileName) (its header is enough) in \(dimensions)\(exportHint)")
    }

    /// The byte between fields in `table`'s files (and so in its shards).
    private func delimiter(of table: DatasetTable) -> UInt8 {
        mapping?.delimiter(of: table) ?? UInt8(ascii: ",")
    }

    /// The headers of `table`'s required columns, as the export names them.
    private func requiredHeaders(of table: DatasetTable) -> [String] {
        DatasetSchema.columns(of: table).filter(\.isRequired).map { (mapping?.request($0, in: table) ?? $0).headerName }
    }

    /// `error` with its lines counted as in the shard as given (one header line was added).
    private static func shifted(_ error: DatasetError, file: String, lines: Int) -> DatasetError {
        guard lines > 0, case .invalid(let problems, let total) = error else { return error }
        return .invalid(problems: problems.map { problem in
            var problem = problem
            if problem.file == file, let line = problem.line {
                problem.line = line > lines ? line - lines : nil
                if problem.line == nil { problem.message += " (in the header given for the shard)" }
            }
            return problem
        }, total: total)
    }
}

/// Why a shard could not be read.
public struct ShardError: Error, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// Temporary files for one load, removed together.
private struct ScratchFiles {
    let folder: String

    init() throws(ShardError) {
        let base = getenv("TMPDIR").map { String(cString: $0) } ?? "/tmp"
        var template = Array((base + "/coachlab-shard-XXXXXX").utf8CString)
        guard let made = mkdtemp(&template) else {
            throw ShardError("cannot make a temporary folder in \(base): \(String(cString: strerror(errno)))")
        }
        folder = String(cString: made)
    }

    func write(_ bytes: [UInt8], as name: String) throws(ShardError) -> String {
        let path = folder + "/" + name
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        guard descriptor >= 0 else { throw ShardError("cannot write \(path): \(String(cString: strerror(errno)))") }
        defer { close(descriptor) }
        var written = 0
        while written < bytes.count {
            let count = bytes.withUnsafeBytes { writeBytes(descriptor, $0.baseAddress! + written, $0.count - written) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { throw ShardError("cannot write \(path): \(String(cString: strerror(errno)))") }
            written += count
        }
        return path
    }

    func remove() {
        for name in DatasetTable.allCases.map(\.fileName) { unlink(folder + "/" + name) }
        rmdir(folder)
    }
}

private func writeBytes(_ descriptor: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
    write(descriptor, bytes, count)
}
