/// How the values of one column of an export are written.
public struct ValueFormat: Sendable, Hashable {
    /// For number and whole-number columns.
    public var number: NumberFormat?
    /// For date and period columns.
    public var datePattern: DatePattern?
    /// For the coaching tier column.
    public var tiers: TierRule?
    /// Values read as empty (`N/A`, `#N/A`, `-`), compared after trimming spaces.
    public var missingValues: [[UInt8]]

    public init(number: NumberFormat? = nil, datePattern: DatePattern? = nil, tiers: TierRule? = nil,
                missingValues: [String] = []) {
        self.number = number
        self.datePattern = datePattern
        self.tiers = tiers
        self.missingValues = missingValues.map { Array($0.utf8) }
    }

    /// Whether the format changes nothing (the canonical parsers apply).
    public var isCanonical: Bool { number == nil && datePattern == nil && tiers == nil && missingValues.isEmpty }

    func isMissing(_ bytes: UnsafeRawBufferPointer) -> Bool {
        missingValues.contains { $0.elementsEqual(bytes) }
    }
}
