extension MetricResult.Role {
    /// What a ``MetricResult/Role/count(of:)`` counts: the meaning a shared report's small-group rule
    /// reads, whatever the value's key.
    public enum Counted: Sendable, Equatable, Hashable {
        /// Reps a result covers, compares or leaves out: the size of its sample
        /// (`reps`, `treated_reps`, `excluded_reps`).
        case reps
        /// Reps in a group the result finds or defines: never coached, in a quadrant,
        /// whose largest gap is calls. Unlike ``reps``, a finding about the group: it goes
        /// with the comparison it belongs to when a shared report hides a compared row.
        case repsInGroup
        /// Rep-months: a rep's month of performance.csv (a rep-period).
        case repMonths
        /// Coaching sessions.
        case sessions
        /// Development assignments, or the commitments they hold.
        case assignments
        /// Any other thing reps have or do: calls, events, the units of an estimate.
        case repActivity
        /// Managers.
        case managers
        /// Groups of reps: peer groups, deciles, cohorts.
        case groups
        /// Calendar months: a gap, a position relative to an event.
        case months
        /// A threshold the run used, such as the fewest months a rep needs (`min_periods`):
        /// a setting, not a count of data.
        case threshold

        /// Whether a small count of this may describe fewer reps than a shared report
        /// shows: counts of reps and of what they have or do may; counts of managers,
        /// groups and months, and thresholds, do not.
        public var describesReps: Bool {
            switch self {
            case .reps, .repsInGroup, .repMonths, .sessions, .assignments, .repActivity: true
            case .managers, .groups, .months, .threshold: false
            }
        }
    }
}
