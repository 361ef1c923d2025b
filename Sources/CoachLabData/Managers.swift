/// managers.csv: one row per manager, in file order.
public struct Managers: Sendable {
    public var ids: [String]
    public var tiers: [CoachingTier]
    /// The 0–100 coaching score, NaN where missing; nil when the file has no such column.
    public var coachingScores: [Double]?

    public init(ids: [String], tiers: [CoachingTier], coachingScores: [Double]? = nil) {
        self.ids = ids
        self.tiers = tiers
        self.coachingScores = coachingScores
    }

    public var count: Int { ids.count }
}
