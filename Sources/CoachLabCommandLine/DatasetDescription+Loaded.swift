import CoachLabIngestion
import CoachLabPluginAPI
import CoachLabRendering

extension DatasetDescription {
    /// The description of a loaded dataset.
    init(_ loaded: LoadedDataset) {
        let dataset = loaded.dataset
        // The loader saw both ends while checking the periods (millions of rows on a large org).
        let first = loaded.report.periods?.lowerBound ?? .max
        let last = loaded.report.periods?.upperBound ?? .min
        let reasons = Self.exclusionReasons(missingQuota: loaded.report.missingQuota, zeroQuota: loaded.report.zeroQuota)
        self.init(
            managers: dataset.managers.count, reps: dataset.reps.count, repMonths: dataset.performance.count,
            firstPeriod: first <= last ? MonthIndex.format(first) : "—",
            lastPeriod: first <= last ? MonthIndex.format(last) : "—",
            excludedRepMonths: loaded.report.excludedRepPeriods, exclusionReasons: reasons)
    }
}

extension DatasetDescription {
    /// Why rep-months were excluded, in words.
    static func exclusionReasons(missingQuota: Int, zeroQuota: Int) -> [String] {
        var reasons: [String] = []
        if missingQuota > 0 { reasons.append("\(HumanFormat.grouped(missingQuota)) with no quota") }
        if zeroQuota > 0 { reasons.append("\(HumanFormat.grouped(zeroQuota)) with a quota of zero") }
        return reasons
    }
}
