extension Int8: StateField {
    public var stateText: String { String(self) }
    public init?(stateText: Substring) { self.init(stateText, radix: 10) }
}

extension StateWriter {
    /// Writes an array indexed by dense code (a value per manager or per rep) as runs of
    /// equal values: `name` with the length, then `name_run` records (first, length, value).
    /// Per-rep values mostly repeat, so a state stays small however many reps there are.
    public mutating func encodeRuns<T: StateField & Equatable>(_ name: String, _ values: [T]) {
        record(name, values.count)
        var start = 0
        while start < values.count {
            var end = start + 1
            while end < values.count && values[end] == values[start] { end += 1 }
            record(name + "_run", start, end - start, values[start])
            start = end
        }
    }
}

extension StateReader {
    /// Reads what ``StateWriter/encodeRuns(_:_:)`` wrote.
    public mutating func decodeRuns<T: StateField & Equatable>(_ name: String, as type: T.Type = T.self) throws(StateFormatError) -> [T] {
        let header = try expect(name)
        try header.expectFields(1)
        let count: Int = try header.field(0)
        guard count >= 0 && count <= 1_000_000_000 else {
            throw StateFormatError(line: header.line, "'\(name)' has an impossible length, \(count)")
        }
        var values: [T] = []
        values.reserveCapacity(count)
        while values.count < count {
            let run = try expect(name + "_run")
            try run.expectFields(3)
            let first: Int = try run.field(0)
            let length: Int = try run.field(1)
            guard first == values.count, length > 0, first + length <= count else {
                throw StateFormatError(line: run.line, "'\(name)' runs do not cover 0..<\(count) in order")
            }
            values.append(contentsOf: repeatElement(try run.field(2, as: T.self), count: length))
        }
        return values
    }
}
