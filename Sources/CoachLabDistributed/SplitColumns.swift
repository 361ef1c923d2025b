import CoachLabIngestion
import CoachLabPluginAPI

/// The columns a split reads of one table, found in its header as the loader finds them
/// (the export's header under a mapping; exactly, then ignoring case): the rep id, and the
/// session id where assignments are checked against their sessions.
final class SplitColumns {
    let table: DatasetTable
    let encoding: TextEncoding
    /// Whether the session column is read (sessions and assignments both in the dataset).
    let readsSessions: Bool
    /// The headers as the file writes them, for messages.
    private(set) var repHeader: String
    private(set) var sessionHeader: String
    /// Whether the table's header has the session column.
    private(set) var hasSessionColumn = false
    private(set) var headerFields = 0
    private let repRequest: CSVColumnRequest
    private let sessionRequest: CSVColumnRequest
    /// The mapping's values read as empty.
    let repMissingValues: [[UInt8]]
    let sessionMissingValues: [[UInt8]]

    init(table: DatasetTable, mapping: DatasetMapping?, encoding: TextEncoding, readsSessions: Bool) {
        self.table = table
        self.encoding = encoding
        self.readsSessions = readsSessions && (table == .coachingSessions || table == .assignments)
        func request(_ name: String) -> CSVColumnRequest {
            let canonical = DatasetSchema.columns(of: table).first { $0.name == name } ?? CSVColumnRequest(name, .text)
            return mapping?.request(canonical, in: table) ?? canonical
        }
        repRequest = request("rep_id")
        sessionRequest = request("session_id")
        repHeader = repRequest.headerName
        sessionHeader = sessionRequest.headerName
        repMissingValues = repRequest.format?.missingValues ?? []
        sessionMissingValues = sessionRequest.format?.missingValues ?? []
    }

    /// The positions of the columns read: the rep's, then the session's when read.
    func resolve(_ header: CSVRecordStream.Header, file: String) throws(SplitError) -> [Int] {
        let names = header.fields.map { field in
            field.withUnsafeBytes { raw -> String in
                let decoded = (try? encoding.decode(raw).get()) ?? Array(raw)
                return String(decoding: decoded, as: UTF8.self).trimmingSpaces()
            }
        }
        headerFields = names.count
        func position(_ request: CSVColumnRequest) -> Int? {
            names.firstIndex { $0 == request.headerName || $0.lowercased() == request.headerName.lowercased() }
        }
        guard let rep = position(repRequest) else {
            let listed = names.prefix(20).map { "'\($0)'" }.joined(separator: ", ") + (names.count > 20 ? ", …" : "")
            throw SplitError(InputProblem(
                file: file, line: header.line, column: repRequest.headerName,
                message: "required column is missing (the header has \(listed)); a split places each row by its rep").description)
        }
        repHeader = names[rep]
        guard readsSessions, let session = position(sessionRequest) else { return [rep] }
        sessionHeader = names[session]
        hasSessionColumn = true
        return [rep, session]
    }

    /// `raw` as the loader reads an id into `id`: decoded to UTF-8, surrounding spaces and
    /// tabs trimmed, a mapping's missing-value token read as empty. Bytes the encoding
    /// cannot decode are kept as they are (no rep has them, so the row is refused).
    func read(_ raw: UnsafeRawBufferPointer, into id: inout [UInt8], missing: [[UInt8]]) {
        id.removeAll(keepingCapacity: true)
        if encoding.transcodes, case .success(let decoded) = encoding.decode(raw) {
            id.append(contentsOf: decoded)
        } else {
            id.append(contentsOf: raw)
        }
        var end = id.count
        while end > 0 && (id[end - 1] == 0x20 || id[end - 1] == 0x09) { end -= 1 }
        var start = 0
        while start < end && (id[start] == 0x20 || id[start] == 0x09) { start += 1 }
        if end < id.count { id.removeLast(id.count - end) }
        if start > 0 { id.removeFirst(start) }
        if !missing.isEmpty && missing.contains(id) { id.removeAll(keepingCapacity: true) }
    }


}
