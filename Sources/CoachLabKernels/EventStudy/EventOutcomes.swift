import CoachLabData
/// Outcomes of coaching events (sessions, assignments) compared between groups with reps as
/// the units: a rep's events in a group are averaged first, because the windows of one
/// rep's events overlap and are far from independent.
public struct EventOutcomes: Sendable {
    /// Months on each side of an event's month that its outcome compares.
    public static let window = 3

    private var sums: [[Double]]
    private var counts: [[Int]]
    /// Events seen per group, with or without an outcome.
    public private(set) var events: [Int]
    /// Events that had an outcome.
    public private(set) var withOutcome = 0

    /// The reps whose outcomes are kept (a part's): an event of another rep is counted in
    /// ``events`` but has no outcome here.
    public let reps: Range<Int>

    /// Outcomes of the reps `reps` (codes; a part's range, so that what is kept grows with
    /// the part, not the org).
    public init(groups: Int, reps: Range<Int>) {
        self.reps = reps
        sums = Array(repeating: Array(repeating: 0, count: reps.count), count: groups)
        counts = Array(repeating: Array(repeating: 0, count: reps.count), count: groups)
        events = Array(repeating: 0, count: groups)
    }

    /// Records an event of `rep` in `group` on `day` (a ``CivilDate``): its outcome is the
    /// rep's mean attainment over the ``window`` months after the event's month minus the
    /// mean over the ``window`` months before, when both sides have a month with a quota.
    public mutating func add(group: Int, rep: Int, day: Int32, grid: RepMonthGrid) {
        events[group] += 1
        let (year, month, _) = CivilDate.components(day)
        let column = Int(MonthIndex.make(year: year, month: month) - grid.firstMonth)
        guard let before = grid.meanAttainment(rep: rep, columns: (column - Self.window)...(column - 1)),
              let after = grid.meanAttainment(rep: rep, columns: (column + 1)...(column + Self.window)) else { return }
        precondition(reps.contains(rep), "an outcome of a rep outside the part")
        withOutcome += 1
        sums[group][rep - reps.lowerBound] += after.mean - before.mean
        counts[group][rep - reps.lowerBound] += 1
    }

    /// Each rep with an outcome in `group`, in order, with its number of outcomes and their
    /// sum (what a partial state keeps of it).
    public func repTotals(group: Int) -> [(rep: Int, count: Int, sum: Double)] {
        counts[group].indices.filter { counts[group][$0] > 0 }.map { (reps.lowerBound + $0, counts[group][$0], sums[group][$0]) }
    }
}
