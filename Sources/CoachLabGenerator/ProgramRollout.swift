import CoachLabData

/// A programme rolled out team by team in staggered cohorts: which managers it reaches in
/// which month, and what it adds to their reps' attainment — a known effect for
/// `program-impact` to recover, with the selection the options plant.
public struct ProgramRollout: Sendable, Equatable {
    /// How the effect unfolds after a team's start month.
    public enum Dynamics: String, Sendable, CaseIterable {
        /// The full effect from the start month on.
        case constant
        /// A sixth of the effect in the start month, growing to all of it after six months:
        /// what biases two-way fixed effects, which then compares late cohorts with early
        /// ones still gaining.
        case grow
    }

    /// Which teams are reached first.
    public enum Selection: String, Sendable, CaseIterable {
        /// Managers in random order.
        case random
        /// The teams with the lowest planted level first (tier and reps' own effects): the
        /// programme goes where results are worst, so a comparison of levels is biased down.
        case afterMiss = "after-miss"
        /// The teams of managers who coach best first (exceeds, then meets, then needs
        /// improvement): a comparison of levels is biased up.
        case strongManagers = "strong-managers"
        /// Reps one by one rather than teams: each by chance, but Enterprise reps likelier
        /// first and SMB reps last — a trait that, with `segmentTrend`, also steers how
        /// attainment moves, so comparing reps of like segment removes what it biases.
        case segment
    }

    /// Cohorts with a start month; a further equal share of managers is never reached.
    public var cohorts: Int
    /// Attainment added once the effect is whole.
    public var effect: Double
    public var dynamics: Dynamics
    public var selection: Selection
    /// The programme's name in programs.csv.
    public static let name = "rollout"

    public init(cohorts: Int, effect: Double, dynamics: Dynamics = .constant, selection: Selection = .random) {
        self.cohorts = cohorts
        self.effect = effect
        self.dynamics = dynamics
        self.selection = selection
    }

    /// Cohort c starts in month ⌊months × (c + 1) / (cohorts + 1)⌋: evenly spread, the first
    /// after a quarter or so of the history.
    func startMonths(months: Int) -> [Int] {
        (0..<cohorts).map { months * ($0 + 1) / (cohorts + 1) }
    }

    /// Each manager's start month, nil where never reached. `levels`: each manager's planted
    /// level (for after-miss), `tiers`: each manager's tier.
    func starts(levels: [Double], tiers: [Int], months: Int, random: inout RandomSource) -> [Int?] {
        var order = Array(levels.indices)
        order.shuffle(using: &random)
        switch selection {
        case .random, .segment: break
        case .afterMiss: order.sort { levels[$0] < levels[$1] }
        case .strongManagers: order = order.enumerated().sorted { ($0.element == $1.element) ? $0.offset < $1.offset : tiers[$0.element] > tiers[$1.element] }.map(\.element)
        }
        let months = startMonths(months: months)
        var starts = [Int?](repeating: nil, count: levels.count)
        for (position, manager) in order.enumerated() {
            let group = position * (cohorts + 1) / max(1, order.count)
            if group < cohorts { starts[manager] = months[group] }
        }
        return starts
    }

    /// Each rep's start month under ``Selection/segment``: reps ordered by their segment's
    /// rank (0 SMB, 1 Mid-Market, 2 Enterprise) plus a standard normal draw, highest first,
    /// cut into the cohorts and a share never reached.
    func starts(segments: [Int], months: Int, random: inout RandomSource) -> [Int?] {
        let scores = segments.map { Double($0) + random.normal(mean: 0, sd: 1) }
        let order = segments.indices.sorted { (scores[$0], $1) > (scores[$1], $0) }
        let months = startMonths(months: months)
        var starts = [Int?](repeating: nil, count: segments.count)
        for (position, rep) in order.enumerated() {
            let group = position * (cohorts + 1) / max(1, order.count)
            if group < cohorts { starts[rep] = months[group] }
        }
        return starts
    }

    /// What the programme adds to attainment `monthsSinceStart` months after a team's start
    /// (0 in the start month).
    func lift(monthsSinceStart: Int) -> Double {
        guard monthsSinceStart >= 0 else { return 0 }
        switch dynamics {
        case .constant: return effect
        case .grow: return effect * min(1, Double(monthsSinceStart + 1) / 6)
        }
    }
}
