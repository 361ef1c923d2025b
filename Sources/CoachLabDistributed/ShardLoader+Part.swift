#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CoachLabIngestion
import CoachLabPluginAPI
import CoachLabSystem

extension ShardLoader {
    /// The rep-level tables a whole-rep part can hold (``WholeRepSplit/tables``).
    public static let partTables = WholeRepSplit.tables

    /// A whole-rep part, a folder `coachlab split` wrote: the dataset of its tables that
    /// `tables` names (performance.csv always; coaching_sessions.csv with assignments.csv,
    /// whose session ids it resolves), with a record per table read.
    ///
    /// A table named here that the part lacks while the dimensions folder has it is refused:
    /// a part holds every rep-level table of its dataset, so it is not a part of that
    /// dataset, and reading the dimensions folder's file instead would count every rep's
    /// rows in every part.
    public func loadPart(folder: String, tables: Set<DatasetTable>, shardID: String?) throws(ShardError) -> (Dataset, [ShardRecord]) {
        let wanted = Self.tablesRead(forPart: tables)
        var pieces: [Piece] = []
        for table in Self.partTables where wanted.contains(table) {
            let fileName = mapping?.fileName(of: table) ?? table.fileName
            let path = Self.joined(folder, fileName)
            if access(path, F_OK) == 0 {
                pieces.append(Piece(table: table, bytes: try Self.contents(of: path), name: path, path: path))
            } else if table == .performance {
                throw ShardError("\(DisplayText.escaped(folder)) has no \(DisplayText.escaped(fileName)): a part folder is one that `coachlab split` wrote, holding the rep-level tables of its reps")
            } else if access(Self.joined(dimensions, fileName), F_OK) == 0 {
                throw ShardError("the plugins read \(DisplayText.escaped(fileName)), which \(DisplayText.escaped(dimensions)) has and the part \(DisplayText.escaped(folder)) does not: split the dataset again with `coachlab split`, which writes every rep-level table into every part")
            }
        }
        return try load(consume pieces, shardID: shardID)
    }

    /// The tables a part's load reads for plugins that read `tables`: performance.csv
    /// always, and coaching_sessions.csv with assignments.csv, whose session ids it resolves.
    public static func tablesRead(forPart tables: Set<DatasetTable>) -> Set<DatasetTable> {
        var read = tables.union([.performance])
        if read.contains(.assignments) { read.insert(.coachingSessions) }
        return read
    }

    private static func joined(_ folder: String, _ name: String) -> String {
        folder.hasSuffix("/") ? folder + name : folder + "/" + name
    }

    /// The whole file at `path`.
    private static func contents(of path: String) throws(ShardError) -> [UInt8] {
        let descriptor: Int32
        switch RegularFile.open(path) {
        case .success(let opened): descriptor = opened
        case .failure(let failure): throw ShardError("\(DisplayText.escaped(path)): cannot be read: \(failure.reason)")
        }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        // Sized once: a part's files are tens of megabytes, and growing by doubling would
        // hold up to twice that.
        var status = stat()
        if fstat(descriptor, &status) == 0 { bytes.reserveCapacity(Int(status.st_size)) }
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress!, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count >= 0 else { throw ShardError("\(DisplayText.escaped(path)): cannot be read: \(String(cString: strerror(errno)))") }
            if count == 0 { return bytes }
            bytes += chunk[..<count]
        }
    }
}
