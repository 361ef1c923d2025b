import CoachLabEngine
import CoachLabPluginAPI
import CoachLabRendering

extension DatasetDescription {
    /// The description of a loaded dataset.
    init(_ loaded: LoadedDataset) {
        let dataset = loaded.dataset
        // One pass over the periods for both ends (millions of rows on a large org).
        var first = Int32.max
        var last = Int32.min
        dataset.performance.periods.withUnsafeBufferPointer { periods in
            for period in periods {
                first = min(first, period)
                last = max(last, period)
            }
        }
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
