extension Int8: Partial.Field {
    /// The decimal digits.
    public var stateText: String { String(self) }
    /// The number the decimal digits `stateText` give; nil for anything else.
    public init?(stateText: Substring) { self.init(stateText, radix: 10) }
}

extension Partial.Writer {
    /// Writes an array indexed by dense code (a value per manager or per rep) as runs of
    /// equal values: `name` with the length, then `name_run` records (first, length, value).
    /// Per-rep values mostly repeat, so a state stays small however many reps there are.
    public mutating func encodeRuns<T: Partial.Field & Equatable>(_ name: String, _ values: [T]) {
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

extension Partial.Reader {
    /// Reads what ``Partial/Writer/encodeRuns(_:_:)`` wrote.
    /// - Parameter length: the length the array must have (a dimension table's rows, from
    ///   ``bounds``), checked before anything is allocated; nil for at most a billion.
    public mutating func decodeRuns<T: Partial.Field & Equatable>(
        _ name: String, as type: T.Type = T.self, length: Int? = nil
    ) throws(Partial.FormatError) -> [T] {
        let header = try expect(name)
        try header.expectFields(1)
        let count: Int = try header.field(0)
        if let length, count != length {
            throw Partial.FormatError(line: header.line, "'\(name)' has \(count) entries, but the state's dimension tables have \(length) rows")
        }
        guard count >= 0 && count <= 1_000_000_000 else {
            throw Partial.FormatError(line: header.line, "'\(name)' has an impossible length, \(count)")
        }
        var values: [T] = []
        values.reserveCapacity(count)
        while values.count < count {
            let run = try expect(name + "_run")
            try run.expectFields(3)
            let first: Int = try run.field(0)
            let runLength: Int = try run.field(1)
            guard first == values.count, runLength > 0, runLength <= count - first else {
                throw Partial.FormatError(line: run.line, "'\(name)' runs do not cover 0..<\(count) in order")
            }
            values.append(contentsOf: repeatElement(try run.field(2, as: T.self), count: runLength))
        }
        return values
    }
}
