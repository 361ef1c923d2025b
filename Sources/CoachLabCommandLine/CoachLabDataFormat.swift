import CoachLabPluginAPI
import CoachLabRendering

/// Small formatting helpers for command output about the dataset itself.
enum CoachLabDataFormat {
    static func month(_ index: Int32) -> String { MonthIndex.format(index) }

    static func tierCounts(_ tiers: [CoachingTier]) -> String {
        CoachingTier.reportOrder.map { tier in
            "\(tier.id) \(HumanFormat.grouped(tiers.filter { $0 == tier }.count))"
        }.joined(separator: ", ")
    }
}
