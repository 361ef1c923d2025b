/// A loaded, checked dataset: the five canonical tables, and the programs table CoachLab
/// adds to them, as typed columns.
///
/// Every cross-table reference is already resolved to a row index (a rep's manager, a
/// performance row's rep), so plugins index arrays and never look strings up.
public struct Dataset: Sendable {
    /// The dataset folder as the user gave it.
    public var source: String
    public var managers: Managers
    public var reps: Reps
    public var performance: Performance
    public var coachingSessions: CoachingSessions?
    public var assignments: Assignments?
    public var programs: Programs?

    public init(
        source: String, managers: Managers, reps: Reps, performance: Performance,
        coachingSessions: CoachingSessions? = nil, assignments: Assignments? = nil, programs: Programs? = nil
    ) {
        self.source = source
        self.managers = managers
        self.reps = reps
        self.performance = performance
        self.coachingSessions = coachingSessions
        self.assignments = assignments
        self.programs = programs
    }

    /// The tables present in this dataset.
    public var tables: Set<DatasetTable> {
        var present: Set<DatasetTable> = [.managers, .reps, .performance]
        if coachingSessions != nil { present.insert(.coachingSessions) }
        if assignments != nil { present.insert(.assignments) }
        if programs != nil { present.insert(.programs) }
        return present
    }

    /// The coaching tier of the manager of each rep.
    public var repTiers: [CoachingTier] {
        reps.managers.map { managers.tiers[Int($0)] }
    }
}
