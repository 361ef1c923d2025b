import CoachLabPluginAPI

/// Small formatting helpers for command output about the dataset itself.
enum CoachLabDataFormat {
    static func month(_ index: Int32) -> String { MonthIndex.format(index) }

    static func tierCounts(_ tiers: [CoachingTier]) -> String {
        CoachingTier.reportOrder.map { tier in
            "\(tier.id) \(tiers.filter { $0 == tier }.count)"
        }.joined(separator: ", ")
    }
}
