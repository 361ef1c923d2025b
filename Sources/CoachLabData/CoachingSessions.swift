extension CoachingSessions {
    /// The kind of a 1:1, from coaching_sessions.csv.
    public enum Kind: String, Sendable, CaseIterable, Hashable {
        case coaching
        case problemSolving = "problem_solving"
        case rideAlong = "ride_along"
        case review

        /// Whether the session develops the rep rather than putting out fires.
        public var isDevelopmental: Bool { self != .problemSolving }
    }
}

/// coaching_sessions.csv: one row per session, in file order.
public struct CoachingSessions: Sendable {
    public var ids: [String]
    public var reps: [Int32]
    public var managers: [Int32]
    /// ``CivilDate`` day counts.
    public var dates: [Int32]
    public var durationsMinutes: [Double]
    public var kinds: [CoachingSessions.Kind]
    /// The `;`-separated skills of each session, trimmed, as codes; nil when not loaded.
    public var encodedFocusAreas: FocusAreas?
    /// NaN where missing; nil when not loaded.
    public var feedbackDelayHours: [Double]?

    public init(
        ids: [String], reps: [Int32], managers: [Int32], dates: [Int32],
        durationsMinutes: [Double], kinds: [CoachingSessions.Kind], focusAreas: [[String]]? = nil,
        feedbackDelayHours: [Double]? = nil
    ) {
        self.ids = ids
        self.reps = reps
        self.managers = managers
        self.dates = dates
        self.durationsMinutes = durationsMinutes
        self.kinds = kinds
        self.encodedFocusAreas = focusAreas.map(FocusAreas.init)
        self.feedbackDelayHours = feedbackDelayHours
    }

    /// Sessions whose focus areas are already encoded (as the loader and the cache build them).
    public init(
        ids: [String], reps: [Int32], managers: [Int32], dates: [Int32],
        durationsMinutes: [Double], kinds: [CoachingSessions.Kind], encodedFocusAreas: FocusAreas?,
        feedbackDelayHours: [Double]? = nil
    ) {
        self.init(ids: ids, reps: reps, managers: managers, dates: dates, durationsMinutes: durationsMinutes,
                  kinds: kinds, focusAreas: nil, feedbackDelayHours: feedbackDelayHours)
        self.encodedFocusAreas = encodedFocusAreas
    }

    /// The `;`-separated skills of each session as names (``encodedFocusAreas`` decoded).
    public var focusAreas: [[String]]? {
        get { encodedFocusAreas?.lists }
        set { encodedFocusAreas = newValue.map(FocusAreas.init) }
    }

    public var count: Int { ids.count }
}
