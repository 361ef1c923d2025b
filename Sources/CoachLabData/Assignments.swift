/// assignments.csv: the development assignments agreed at the end of sessions.
public struct Assignments: Sendable {
    public var ids: [String]
    /// The row of coaching_sessions.csv that set each assignment, -1 where none is named.
    public var sessions: [Int32]
    public var reps: [Int32]
    /// ``CivilDate`` day counts; ``CivilDate/missing`` where empty.
    public var assignedOn: [Int32]
    public var dueOn: [Int32]
    public var completedOn: [Int32]
    public var focusAreas: CategoricalColumn?
    /// The performance.csv column committed to; nil entries where none.
    public var targetMetrics: [String?]?
    /// NaN where missing.
    public var targetValues: [Double]?

    public init(
        ids: [String], sessions: [Int32], reps: [Int32], assignedOn: [Int32], dueOn: [Int32],
        completedOn: [Int32], focusAreas: CategoricalColumn? = nil,
        targetMetrics: [String?]? = nil, targetValues: [Double]? = nil
    ) {
        self.ids = ids
        self.sessions = sessions
        self.reps = reps
        self.assignedOn = assignedOn
        self.dueOn = dueOn
        self.completedOn = completedOn
        self.focusAreas = focusAreas
        self.targetMetrics = targetMetrics
        self.targetValues = targetValues
    }

    public var count: Int { ids.count }

    /// Whether assignment `row` was completed by its due date.
    public func isCompletedOnTime(_ row: Int) -> Bool {
        completedOn[row] != CivilDate.missing && completedOn[row] <= dueOn[row]
    }
}
