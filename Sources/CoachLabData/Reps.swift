/// reps.csv: one row per rep, in file order.
public struct Reps: Sendable {
    public var ids: [String]
    /// The row of managers.csv each rep reports to.
    public var managers: [Int32]
    /// Hire dates as ``CivilDate`` day counts (``CivilDate/missing`` where empty), when loaded.
    public var hireDates: [Int32]?
    public var regions: CategoricalColumn?
    public var segments: CategoricalColumn?

    public init(
        ids: [String], managers: [Int32], hireDates: [Int32]? = nil,
        regions: CategoricalColumn? = nil, segments: CategoricalColumn? = nil
    ) {
        self.ids = ids
        self.managers = managers
        self.hireDates = hireDates
        self.regions = regions
        self.segments = segments
    }

    public var count: Int { ids.count }
}
