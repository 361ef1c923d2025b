import CoachLabPluginAPI

extension EventStudy {
    /// What both passes of an event-study plugin read of a part: its reps (every rep when the
    /// part is all of them), the grid of its months and its reps' events, which the plugin
    /// adds. The passes build it alike, so the second sees the rows the first summed.
    public struct PartEvents: Sendable {
        public let reps: Range<Int>
        public let grid: RepMonthGrid
        public private(set) var counts: Counts
        let repManagers: [Int32]

        /// The part `context` covers, with no events yet, for `groups` groups.
        public init(_ context: Partial.Context, groups: Int) {
            let dataset = context.dataset
            reps = context.reps ?? 0..<dataset.reps.count
            grid = RepMonthGrid(dataset.performance, reps: dataset.reps.count, covering: reps)
            counts = Counts(groups: groups, grid: grid, reps: reps)
            repManagers = dataset.reps.managers
        }

        /// Counts an event of `rep` in `group` on `day` (``Counts/add(group:rep:day:grid:)``).
        public mutating func add(group: Int, rep: Int, day: Int32) {
            counts.add(group: group, rep: rep, day: day, grid: grid)
        }

        /// The first pass: the part's sums.
        public var firstPass: FirstPass { FirstPass(grid: grid, counts: counts, reps: reps) }

        /// The second pass: each manager's scores at the fit of `first`, the merged first pass.
        public func secondPass(given first: FirstPass) -> SecondPass {
            SecondPass(grid: grid, counts: counts, reps: reps, repManagers: repManagers, given: first)
        }
    }
}
