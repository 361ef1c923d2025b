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

    /// How many programs, which (the first few by name), reps enrolled and the span of start
    /// months: `3 (Accelerate, Mentoring, Pilot), 120 reps enrolled, starting 2023-04 to 2024-01`.
    static func programSummary(_ programs: Programs) -> String {
        let names = programs.names()
        guard !names.isEmpty else { return "none (no rows)" }
        let shown = names.prefix(5).joined(separator: ", ") + (names.count > 5 ? ", …" : "")
        let reps = Set(programs.reps).count
        var text = "\(HumanFormat.grouped(names.count)) (\(shown)), \(HumanFormat.grouped(reps)) rep\(reps == 1 ? "" : "s") enrolled"
        let starts = programs.startPeriods.filter { $0 != MonthIndex.missing }
        if let first = starts.min(), let last = starts.max() {
            text += first == last ? ", starting \(month(first))" : ", starting \(month(first)) to \(month(last))"
        }
        return text
    }
}
