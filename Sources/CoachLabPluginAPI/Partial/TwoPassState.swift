extension Partial {
    /// The state of a ``TwoPassMetric``: the first pass of some rows, or the merged first
    /// pass of all rows with the second pass of some.
    ///
    /// First passes merge with first passes; second passes with second passes given the
    /// same first (each carries it, so a merged state finalises alone). Records: `passes`
    /// with 1 or 2 and the number of the first pass's records, those records, then the
    /// second pass's.
    public struct TwoPassState<First: PartialState & Equatable, Second: PartialState>: PartialState {
        /// The first pass: of some rows, or, beside a second pass, merged over all rows.
        public private(set) var first: First
        /// The second pass of some rows; nil in a state of the first pass.
        public private(set) var second: Second?

        /// A first pass.
        public init(first: First) {
            self.first = first
            second = nil
        }

        /// A second pass, given the merged first pass of all rows.
        public init(first: First, second: Second) {
            self.first = first
            self.second = second
        }

        /// Whether the state holds a second pass.
        public var hasSecondPass: Bool { second != nil }

        /// Whether the state holds the first pass only.
        public var awaitsSecondPass: Bool { second == nil }

        /// First passes merged, or second passes (given the same first) merged.
        public mutating func merge(_ other: Self) {
            if let theirs = other.second {
                second!.merge(theirs)
            } else {
                first.merge(other.first)
            }
        }

        /// Why two states cannot merge: one of each pass, second passes given different
        /// first passes, or what the passes themselves refuse.
        public func mergeProblem(with other: Self) -> String? {
            switch (second, other.second) {
            case (nil, nil):
                return first.mergeProblem(with: other.first)
            case (let mine?, let theirs?):
                guard first == other.first else {
                    return "the two second-pass states were computed given different first passes; give every part the same merged first pass (`coachlab partial PART --given MERGED`)"
                }
                return mine.mergeProblem(with: theirs)
            default:
                return "one state is of the first pass and the other of the second; merge the first passes, run the second given their merge, and merge the second passes"
            }
        }

        /// The `passes` record, the first pass's records, then the second's.
        public func encode(to writer: inout Partial.Writer) {
            var firstRecords = Partial.Writer()
            first.encode(to: &firstRecords)
            writer.record("passes", second == nil ? 1 : 2, firstRecords.lines.count)
            writer.append(firstRecords)
            second?.encode(to: &writer)
        }

        /// Reads what ``encode(to:)`` wrote.
        public init(decoding reader: inout Partial.Reader) throws(Partial.FormatError) {
            let header = try reader.expect("passes")
            try header.expectFields(2)
            let passes: Int = try header.field(0)
            guard passes == 1 || passes == 2 else {
                throw Partial.FormatError(line: header.line, "'passes' is 1 or 2, not \(passes)")
            }
            var firstRecords = try reader.records(try header.count(1, atMost: Int.max), after: header)
            if passes == 2 {
                // The merged first pass covers every shard's rows, not only this state's.
                let bounds = reader.bounds
                firstRecords = firstRecords.bounded(by: Partial.Bounds(
                    rows: Partial.Bounds.maximumRows, managers: bounds.managers, reps: bounds.reps))
            }
            first = try First(decoding: &firstRecords)
            try firstRecords.expectEnd()
            second = passes == 2 ? try Second(decoding: &reader) : nil
        }
    }
}
