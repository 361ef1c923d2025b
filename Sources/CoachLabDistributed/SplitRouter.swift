import CoachLabIngestion
import CoachLabPluginAPI
import CoachLabSystem

/// Where each row of a split goes — the part of its rep — and the problems found on the
/// way. After the first problem nothing more is written (the split will be abandoned), but
/// reading goes on so that one run lists every broken row, up to the limit.
struct SplitRouter {
    let partition: RepPartition
    let reps: RepLookup
    let problemLimit: Int
    let repsFile: String
    let sessionsFile: String
    private(set) var problems: [InputProblem] = []
    private(set) var problemCount = 0
    /// A hash of each session's (id, rep).
    private var sessionsOfReps = SessionKeys()
    private var id: [UInt8] = []
    private var session: [UInt8] = []
    private var pair: [UInt8] = []

    init(partition: RepPartition, reps: RepLookup, problemLimit: Int, repsFile: String, sessionsFile: String) {
        self.partition = partition
        self.reps = reps
        self.problemLimit = problemLimit
        self.repsFile = repsFile
        self.sessionsFile = sessionsFile
    }

    /// The table being read: its columns, file (as problems name it) and parts' writer.
    private var columns: SplitColumns?
    private var file = ""
    private var writer: PartWriter?

    mutating func begin(_ columns: SplitColumns, file: String, writer: PartWriter) {
        self.columns = columns
        self.file = file
        self.writer = writer
    }

    mutating func route(_ record: CSVRecordStream.Record) throws(SplitError) {
        let columns = columns.unsafelyUnwrapped
        guard let raw = record.value(0) else {
            return add(InputProblem(
                file: file, line: record.line, column: columns.repHeader,
                message: "is missing: the row has \(record.fieldCount) field(s) and the header \(columns.headerFields)",
                reason: .wrongFieldCount))
        }
        columns.read(raw, into: &id, missing: columns.repMissingValues)
        guard !id.isEmpty else {
            return add(InputProblem(file: file, line: record.line, column: columns.repHeader,
                                    message: "is empty; it must name a row of \(repsFile)", reason: .missingValue))
        }
        let hash = id.withUnsafeBytes(RepPartition.hash)
        guard let rep = id.withUnsafeBytes({ reps.rep($0, hash: hash) }) else {
            return add(InputProblem(file: file, line: record.line, column: columns.repHeader,
                                    message: "is not in \(repsFile)", value: Self.shown(id), reason: .unknownReference))
        }
        if columns.hasSessionColumn {
            if let raw = record.value(1) {
                columns.read(raw, into: &session, missing: columns.sessionMissingValues)
            } else {
                session.removeAll(keepingCapacity: true)
            }
            if !session.isEmpty {
                let key = sessionOfRep(rep)
                if columns.table == .coachingSessions {
                    sessionsOfReps.insert(key)
                } else if !sessionsOfReps.contains(key) {
                    return add(InputProblem(
                        file: file, line: record.line, column: columns.sessionHeader,
                        message: "is not a session of rep '\(DisplayText.escaped(bytes: id))' in \(sessionsFile): a whole-rep part holds each assignment with its rep's sessions, so an assignment must name a session of its own rep",
                        value: Self.shown(session), reason: .unknownReference))
                }
            }
        }
        guard problemCount == 0 else { return }
        try writer.unsafelyUnwrapped.append(record.bytes, to: partition.part(ofRep: rep, of: reps.count, hash: hash))
    }

    private mutating func add(_ problem: InputProblem) {
        problemCount += 1
        if problems.count < problemLimit { problems.append(problem) }
    }

    /// The hash of (``session``, `rep`), each part length-prefixed.
    private mutating func sessionOfRep(_ rep: Int32) -> UInt64 {
        pair.removeAll(keepingCapacity: true)
        withUnsafeBytes(of: UInt64(session.count).littleEndian) { pair.append(contentsOf: $0) }
        pair.append(contentsOf: session)
        withUnsafeBytes(of: rep.littleEndian) { pair.append(contentsOf: $0) }
        return SipHash.hash(pair)
    }

    private static func shown(_ bytes: [UInt8]) -> String {
        DisplayText.escaped(bytes: Array(bytes.prefix(240)))
    }
}
