import CoachLabData

/// How the values of one column of an export are written.
public struct ValueFormat: Sendable, Hashable {
    /// For number and whole-number columns.
    public var number: NumberFormat?
    /// For date and period columns: patterns tried in order (a value two of them read
    /// differently is not read at all: ``DateReading/ambiguous(_:_:)``).
    public var datePatterns: [DatePattern]
    /// For the coaching tier column.
    public var tiers: TierRule?
    /// Values read as empty (`N/A`, `#N/A`, `-`), compared after trimming spaces.
    public var missingValues: [[UInt8]]

    public init(number: NumberFormat? = nil, datePatterns: [DatePattern] = [], tiers: TierRule? = nil,
                missingValues: [String] = []) {
        self.number = number
        self.datePatterns = datePatterns
        self.tiers = tiers
        self.missingValues = missingValues.map { Array($0.utf8) }
    }

    /// Whether the format changes nothing (the canonical parsers apply).
    public var isCanonical: Bool { number == nil && datePatterns.isEmpty && tiers == nil && missingValues.isEmpty }

    func isMissing(_ bytes: UnsafeRawBufferPointer) -> Bool {
        missingValues.contains { $0.elementsEqual(bytes) }
    }

    /// What a date or period column's value reads as.
    public enum DateReading: Equatable, Sendable {
        /// Days since 1970-01-01 (dates) or a ``MonthIndex`` (periods).
        case value(Int32)
        /// No pattern reads it.
        case unreadable
        /// Two patterns read it differently: each pattern with its reading.
        case ambiguous(DatePattern, Int32, DatePattern, Int32)
    }

    /// The date in `bytes`, read by the patterns (or as YYYY-MM-DD without any).
    public func date(_ bytes: UnsafeRawBufferPointer) -> DateReading {
        read(bytes) { $0.date($1) } canonical: { FieldParsers.date($0) }
    }

    /// The month in `bytes`, read by the patterns (or as YYYY-MM without any).
    public func month(_ bytes: UnsafeRawBufferPointer) -> DateReading {
        read(bytes) { $0.month($1) } canonical: { FieldParsers.month($0) }
    }

    private func read(
        _ bytes: UnsafeRawBufferPointer, _ parse: (DatePattern, UnsafeRawBufferPointer) -> Int32?,
        canonical: (UnsafeRawBufferPointer) -> Int32?
    ) -> DateReading {
        guard !datePatterns.isEmpty else { return canonical(bytes).map(DateReading.value) ?? .unreadable }
        var found: (DatePattern, Int32)?
        // Every pattern is tried, not only up to the first that reads the value: a value
        // that another reads differently (03/04/2024 by dd/MM and MM/dd) is not guessed.
        for pattern in datePatterns {
            guard let value = parse(pattern, bytes) else { continue }
            if let (earlier, reading) = found {
                if reading != value { return .ambiguous(earlier, reading, pattern, value) }
            } else {
                found = (pattern, value)
            }
        }
        return found.map { .value($0.1) } ?? .unreadable
    }

    /// The patterns as messages list them: `dd/MM/yyyy`, or `dd/MM/yyyy or yyyy-MM-dd`.
    var patternList: String {
        datePatterns.map(\.description).joined(separator: " or ")
    }
}
