/// The tables of the canonical dataset (DATASET.md), each one CSV file of a dataset folder.
public enum DatasetTable: String, Sendable, CaseIterable, Hashable, Comparable {
    case managers
    case reps
    case performance
    case coachingSessions = "coaching_sessions"
    case assignments
    /// programs.csv: a CoachLab extension of DATASET.md (which reps are in which program).
    case programs

    /// The file that holds the table in a dataset folder.
    public var fileName: String { rawValue + ".csv" }

    /// Whether every dataset must have the table.
    public var isRequired: Bool {
        switch self {
        case .managers, .reps, .performance: true
        case .coachingSessions, .assignments, .programs: false
        }
    }

    /// Whether the table is a small dimension (managers, reps) that every shard of a
    /// distributed run reads whole; the others are split into shards.
    public var isDimension: Bool { self == .managers || self == .reps }

    public static func < (lhs: DatasetTable, rhs: DatasetTable) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// A column of a canonical table, as a plugin names what it needs.
public struct ColumnReference: Sendable, Hashable, CustomStringConvertible {
    public var table: DatasetTable
    public var column: String

    public init(_ table: DatasetTable, _ column: String) {
        self.table = table
        self.column = column
    }

    public var description: String { "\(table.fileName):\(column)" }
}
