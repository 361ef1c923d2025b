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
    /// A hash of each session's (id, rep), sorted once the assignments are reached.
    private var sessionsOfReps: [UInt64] = []
    private var sessionsSorted = false
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

    mutating func route(
        _ record: CSVRecordStream.Record, columns: SplitColumns, file: String, writer: PartWriter
    ) throws(SplitError) {
        let present = record.withValue(0) { raw in
            if let raw { columns.read(raw, into: &id, missing: columns.repMissingValues) }
            return raw != nil
        }
        guard present else {
            return add(InputProblem(
                file: file, line: record.line, column: columns.repHeader,
                message: "is missing: the row has \(record.fieldCount) field(s) and the header \(columns.headerFields)",
                reason: .wrongFieldCount))
        }
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
            record.withValue(1) { raw in
                if let raw { columns.read(raw, into: &session, missing: columns.sessionMissingValues) } else { session.removeAll() }
            }
            if !session.isEmpty {
                let key = sessionOfRep(rep)
                if columns.table == .coachingSessions {
                    sessionsOfReps.append(key)
                } else if !knows(key) {
                    return add(InputProblem(
                        file: file, line: record.line, column: columns.sessionHeader,
                        message: "is not a session of rep '\(DisplayText.escaped(bytes: id))' in \(sessionsFile): a whole-rep part holds each assignment with its rep's sessions, so an assignment must name a session of its own rep",
                        value: Self.shown(session), reason: .unknownReference))
                }
            }
        }
        guard problemCount == 0 else { return }
        try writer.append(record.bytes, to: partition.part(ofHash: hash))
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

    /// Whether a session of the sessions table hashed to `key` (binary search).
    private mutating func knows(_ key: UInt64) -> Bool {
        if !sessionsSorted {
            sessionsOfReps.sort()
            sessionsSorted = true
        }
        var low = 0
        var high = sessionsOfReps.count
        while low < high {
            let middle = (low + high) / 2
            if sessionsOfReps[middle] < key { low = middle + 1 } else { high = middle }
        }
        return low < sessionsOfReps.count && sessionsOfReps[low] == key
    }

    private static func shown(_ bytes: [UInt8]) -> String {
        DisplayText.escaped(bytes: Array(bytes.prefix(240)))
    }
}
