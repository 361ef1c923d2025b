extension Dataset {
    /// Which reps and months a run describes: `--where` conditions on a column of reps.csv or
    /// managers.csv (all must hold) and an inclusive window of months (`--from`, `--to`).
    ///
    /// A slice of a dataset is the dataset a copy of its files holding only those reps and
    /// months would load to (``Dataset/sliced(_:)``): so a run on a slice equals a run on
    /// such a copy.
    public struct Slice: Sendable, Equatable {
        /// `COLUMN=VALUE`, `COLUMN=A,B` (any of them) or `COLUMN!=…` (none of them).
        public struct Condition: Sendable, Equatable, CustomStringConvertible {
            public var column: String
            /// The text after `=` or `!=`, as given.
            public var text: String
            public var negated: Bool

            public init(column: String, text: String, negated: Bool) {
                self.column = column
                self.text = text
                self.negated = negated
            }

            /// Parses `COLUMN=VALUE` or `COLUMN!=VALUE`.
            public init(parsing expression: String) throws(Dataset.Slice.Failure) {
                guard let equals = expression.firstIndex(of: "=") else {
                    throw Dataset.Slice.Failure("--where takes COLUMN=VALUE or COLUMN!=VALUE, not '\(expression)'")
                }
                var column = expression[..<equals]
                let negated = column.hasSuffix("!")
                if negated { column = column.dropLast() }
                let name = String(column).trimmingSpaces()
                guard !name.isEmpty else { throw Dataset.Slice.Failure("--where '\(expression)' names no column before '\(negated ? "!=" : "=")'") }
                guard let known = Dataset.Slice.columns.first(where: { $0.name == name }) else {
                    throw Dataset.Slice.Failure("--where \(expression): unknown column '\(name)'; a slice selects on "
                        + Dataset.Slice.columns.map(\.name).joined(separator: ", "))
                }
                self.init(column: known.name, text: String(expression[expression.index(after: equals)...]), negated: negated)
            }

            /// The values the text lists: split at commas, each trimmed (one empty value for an
            /// empty text, which matches a missing value).
            public var values: [String] {
                text.split(separator: ",", omittingEmptySubsequences: false).map { String($0).trimmingSpaces() }
            }

            public var description: String { column + (negated ? "!=" : "=") + text }
        }

        public var conditions: [Condition]
        /// ``MonthIndex`` of the first and last month kept; nil for no bound.
        public var firstMonth: Int32?
        public var lastMonth: Int32?

        public init(conditions: [Condition] = [], firstMonth: Int32? = nil, lastMonth: Int32? = nil) {
            self.conditions = conditions
            self.firstMonth = firstMonth
            self.lastMonth = lastMonth
        }

        /// Whether the slice is the whole dataset (no condition, no window).
        public var isWhole: Bool { conditions.isEmpty && firstMonth == nil && lastMonth == nil }

        /// Whether the slice bounds the months.
        public var hasWindow: Bool { firstMonth != nil || lastMonth != nil }

        /// Whether `month` is inside the window.
        @inline(__always)
        public func contains(month: Int32) -> Bool {
            (firstMonth.map { month >= $0 } ?? true) && (lastMonth.map { month <= $0 } ?? true)
        }

        /// The columns a condition may name, with the table that holds each.
        public static let columns: [(name: String, table: DatasetTable)] = [
            ("rep_id", .reps), ("manager_id", .reps), ("region", .reps), ("segment", .reps), ("hire_date", .reps),
            ("coaching_quality", .managers), ("coaching_score", .managers),
        ]

        /// The optional columns the conditions read, which a load must convert.
        public var optionalColumns: Set<ColumnReference> {
            Set(conditions.compactMap { condition in
                Self.columns.first { $0.name == condition.column }.flatMap { column in
                    column.table.optionalColumns.contains(column.name) ? ColumnReference(column.table, column.name) : nil
                }
            })
        }

        /// `YYYY-MM` as a ``MonthIndex``, or nil when it is not one.
        public static func month(_ text: String) -> Int32? {
            let bytes = Array(text.utf8)
            guard bytes.count == 7, bytes[4] == 0x2D,
                  bytes.enumerated().allSatisfy({ $0.offset == 4 || (0x30...0x39).contains($0.element) }) else { return nil }
            let digits = bytes.map { Int($0) - 0x30 }
            let year = digits[0] * 1000 + digits[1] * 100 + digits[2] * 10 + digits[3]
            let month = digits[5] * 10 + digits[6]
            guard (1...12).contains(month) else { return nil }
            return MonthIndex.make(year: year, month: month)
        }

        /// The slice in words: `region=West; segment!=SMB; 2023-03 to 2023-12`.
        public var description: String {
            var parts = conditions.map(\.description)
            switch (firstMonth, lastMonth) {
            case let (first?, last?): parts.append("\(MonthIndex.format(first)) to \(MonthIndex.format(last))")
            case let (first?, nil): parts.append("from \(MonthIndex.format(first))")
            case let (nil, last?): parts.append("to \(MonthIndex.format(last))")
            case (nil, nil): break
            }
            return parts.joined(separator: "; ")
        }
    }
}

extension Dataset.Slice {
    /// Why a slice cannot be taken: an unknown column, a value no rep has, a slice left empty.
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public var description: String

        public init(_ description: String) { self.description = description }
    }
}
