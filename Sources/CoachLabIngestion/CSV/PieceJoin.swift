import CoachLabData
import CoachLabSystem

/// Joining the pieces of a file parsed at once, in file order. Text codes are remapped to
/// one dictionary whose order is that of first appearance in the file.
extension CSVReader {
    /// The pieces' problems, rejections and row counts, rows renumbered in file order.
    func mergeReports(_ states: [UnsafeMutablePointer<ParseState>], unreadable: Bool) -> Outcome {
        var outcome = Outcome(header: states[0].pointee.header, unreadable: unreadable)
        for state in states {
            for problem in state.pointee.problems where outcome.problems.count < problemLimit {
                outcome.problems.append(problem.shifted(by: outcome.rowCount))
            }
            outcome.problemCount += state.pointee.problemCount
            outcome.tallies.merge(state.pointee.tallies, shiftedBy: outcome.rowCount)
            if outcome.firstInvalidText == nil {
                outcome.firstInvalidText = state.pointee.firstInvalidText?.shifted(by: outcome.rowCount)
            }
            outcome.rejected += state.pointee.rejected.map { $0.shifted(by: outcome.rowCount) }
            outcome.badRows += state.pointee.badRows.map { $0 + outcome.rowCount }
            outcome.stopped = outcome.stopped || state.pointee.stopped
            outcome.rowCount += state.pointee.rowCount
            outcome.quotesPerPiece.append(state.pointee.quotes)
        }
        return outcome
    }

    /// Joins pieces that wrote into arrays of their own.
    func join(_ states: [UnsafeMutablePointer<ParseState>], unreadable: Bool) -> Outcome {
        var outcome = mergeReports(states, unreadable: unreadable)
        var pieces = states.map { $0.pointee.finishColumns() }
        for name in Array(pieces[0].keys) {
            let parts = pieces.indices.compactMap { pieces[$0].removeValue(forKey: name) }
            joinArrays(parts, name: name, requests: states[0].pointee.requests, into: &outcome)
        }
        return outcome
    }

    /// Joins pieces that wrote into regions of the final columns (`bases`, room for
    /// `capacity` values each, the columns `names`): each region is moved down behind the
    /// one before it. Returns, per column, how many values its final array holds, or -1
    /// when its pieces did not fit (one outgrew its region) and were joined into a new
    /// array in `outcome` instead.
    func joinInPlace(
        _ states: [UnsafeMutablePointer<ParseState>], unreadable: Bool, names: [String],
        bases: [UnsafeMutableRawPointer], capacity: Int
    ) -> (Outcome, [Int]) {
        var outcome = mergeReports(states, unreadable: unreadable)
        var pieces = states.map { $0.pointee.finishColumns() }
        let requests = states[0].pointee.requests
        let joins = ColumnJoins(
            columns: names.map { name in pieces.indices.compactMap { pieces[$0].removeValue(forKey: name) } },
            bases: bases, seeds: names.map { name in requests.first { $0.name == name }?.dictionary?.count ?? 0 })
        let pieceCount = states.count
        // Each column is moved into place on its own (its storage, its dictionary): the
        // columns of a file are joined at once, one thread each.
        ChunkedWork.run(count: names.count, chunk: 1, threads: threads) { columns in
            for j in columns {
                let parts = joins.parts[j]
                // Not every piece kept the column (the pieces disagree on the header): no
                // region can be trusted to line up.
                guard parts.count == pieceCount else { continue }
                joins.results[j] = Self.placeColumn(parts, into: joins.bases[j], capacity: capacity, seeded: joins.seeds[j])
            }
        }
        var placed = [Int](repeating: -1, count: names.count)
        for (j, name) in names.enumerated() {
            if let (count, dictionary) = joins.results[j] {
                placed[j] = count
                if let dictionary { outcome.dictionaries[name] = TextDictionary(dictionary) }
            } else if !joins.parts[j].isEmpty {
                joinArrays(joins.parts[j], name: name, requests: requests, into: &outcome)
            }
        }
        return (outcome, placed)
    }

    /// One column's pieces moved into its final storage: the values it holds, and for
    /// text the merged dictionary; nil when the pieces do not fit (see ``place(_:into:capacity:placed:)``).
    private static func placeColumn(
        _ parts: [PieceColumn], into storage: UnsafeMutableRawPointer, capacity: Int, seeded: Int
    ) -> (Int, ByteInterner?)? {
        switch parts[0] {
        case .numbers:
            let values = parts.map { if case .numbers(let values) = $0 { values } else { preconditionFailure() } }
            return place(values, into: storage, capacity: capacity) { _, _ in }.map { ($0, nil) }
        case .dates, .months:
            let values = parts.map { part -> SinkValues<Int32> in
                switch part {
                case .dates(let values), .months(let values): values
                default: preconditionFailure("pieces of one column differ in kind")
                }
            }
            return place(values, into: storage, capacity: capacity) { _, _ in }.map { ($0, nil) }
        case .text(_, var dictionary):
            let codes = parts.map { if case .text(let codes, _) = $0 { codes } else { preconditionFailure() } }
            let base = storage.assumingMemoryBound(to: Int32.self)
            let fits = place(codes, into: storage, capacity: capacity) { piece, rows in
                // A piece that met no value beyond the seed (ids all known from another
                // table) keeps its codes: they are the seed's.
                guard piece > 0, case .text(_, let theirs) = parts[piece], theirs.count > seeded else { return }
                let remap = dictionary.codes(of: theirs, shared: seeded)
                remap.withUnsafeBufferPointer { remap in
                    for row in rows where base[row] >= 0 { base[row] = remap[Int(base[row])] }
                }
            }
            return fits.map { ($0, dictionary) }
        }
    }

    /// Moves each piece's values down behind the previous piece's (regions lie in file
    /// order, each starting at or after the end of the values before it), calling
    /// `placed(piece, rows)` as each piece lands. Nil, with nothing moved, when they do not
    /// fit: a piece other than the last outgrew its region, or all of them the storage.
    private static func place<T>(
        _ parts: [SinkValues<T>], into storage: UnsafeMutableRawPointer, capacity: Int,
        placed: (Int, Range<Int>) -> Void
    ) -> Int? {
        guard parts.dropLast().allSatisfy({ $0.overflow.isEmpty }),
              parts.reduce(0, { $0 + $1.count }) <= capacity else { return nil }
        let base = storage.assumingMemoryBound(to: T.self)
        var total = 0
        for (piece, part) in parts.enumerated() {
            if let region = part.region, part.regionCount > 0, region != base + total {
                UnsafeMutableRawPointer(base + total).copyMemory(from: region, byteCount: part.regionCount * MemoryLayout<T>.stride)
            }
            part.overflow.withUnsafeBufferPointer { overflow in
                if let values = overflow.baseAddress {
                    (base + total + part.regionCount).initialize(from: values, count: overflow.count)
                }
            }
            placed(piece, total..<(total + part.count))
            total += part.count
        }
        return total
    }

    /// Joins the pieces of one column into an array: the first piece's own when it has
    /// one, grown in place.
    private func joinArrays(_ parts: [PieceColumn], name: String, requests: [CSVColumnRequest], into outcome: inout Outcome) {
        let totalRows = parts.reduce(0) { $0 + $1.count }
        let seeded = requests.first { $0.name == name }?.dictionary?.count ?? 0
        var joined = JoinedColumn(parts[0])
        for part in parts.dropFirst() { joined.append(part, totalRows: totalRows, seeded: seeded) }
        outcome.columns[name] = joined.parsed
        if case .text(_, let interner) = joined { outcome.dictionaries[name] = TextDictionary(interner) }
    }
}

extension PieceColumn {
    var count: Int {
        switch self {
        case .numbers(let values): values.count
        case .text(let codes, _), .dates(let codes), .months(let codes): codes.count
        }
    }
}

/// A column joined into an array of its own.
private enum JoinedColumn {
    case numbers([Double])
    case text([Int32], ByteInterner)
    case dates([Int32])
    case months([Int32])

    init(_ piece: PieceColumn) {
        switch piece {
        case .numbers(let values): self = .numbers(values.array)
        case .text(let codes, let interner): self = .text(codes.array, interner)
        case .dates(let values): self = .dates(values.array)
        case .months(let values): self = .months(values.array)
        }
    }

    var parsed: ParsedColumn {
        switch self {
        case .numbers(let values): .numbers(values)
        case .text(let codes, let interner): .text(CategoricalColumn(codes: codes, categories: interner.strings))
        case .dates(let values): .dates(values)
        case .months(let values): .months(values)
        }
    }

    /// Appends a later piece in this column's own storage (taken out first, so that it is
    /// referenced once and grows in place instead of being copied whole).
    mutating func append(_ tail: PieceColumn, totalRows: Int, seeded: Int) {
        switch (self, tail) {
        case (.numbers(var values), .numbers(let more)):
            self = .numbers([])
            values.reserveCapacity(totalRows)
            values.append(contentsOf: more.array)
            self = .numbers(values)
        case (.dates(var values), .dates(let more)):
            self = .dates([])
            values.reserveCapacity(totalRows)
            values.append(contentsOf: more.array)
            self = .dates(values)
        case (.months(var values), .months(let more)):
            self = .months([])
            values.reserveCapacity(totalRows)
            values.append(contentsOf: more.array)
            self = .months(values)
        case (.text(var codes, var dictionary), .text(let more, let theirs)):
            self = .text([], ByteInterner())
            let remap = dictionary.codes(of: theirs, shared: seeded)
            let start = codes.count
            codes.reserveCapacity(totalRows)
            codes.append(contentsOf: more.array)
            codes.withUnsafeMutableBufferPointer { codes in
                remap.withUnsafeBufferPointer { remap in
                    for index in start..<codes.count where codes[index] >= 0 { codes[index] = remap[Int(codes[index])] }
                }
            }
            self = .text(codes, dictionary)
        default:
            break
        }
    }
}

/// The pieces of each column of a file and, once joined, where each landed: shared by the
/// threads that join the columns, each touching only its own column's entries.
private final class ColumnJoins: @unchecked Sendable {
    let parts: [[PieceColumn]]
    let bases: [UnsafeMutableRawPointer]
    /// The values each column's dictionary was seeded with.
    let seeds: [Int]
    let results: UnsafeMutableBufferPointer<(Int, ByteInterner?)?>

    init(columns: [[PieceColumn]], bases: [UnsafeMutableRawPointer], seeds: [Int]) {
        parts = columns
        self.bases = bases
        self.seeds = seeds
        results = .allocate(capacity: columns.count)
        results.initialize(repeating: nil)
    }

    deinit {
        results.deinitialize()
        results.deallocate()
    }
}
