import CoachLabEngine
import CoachLabPluginAPI
import CoachLabRendering

extension DatasetDescription {
    /// The description of a loaded dataset.
    init(_ loaded: LoadedDataset) {
        let dataset = loaded.dataset
        let periods = dataset.performance.periods
        var reasons: [String] = []
        if loaded.report.missingQuota > 0 { reasons.append("\(HumanFormat.grouped(loaded.report.missingQuota)) with no quota") }
        if loaded.report.zeroQuota > 0 { reasons.append("\(HumanFormat.grouped(loaded.report.zeroQuota)) with a quota of zero") }
        self.init(
            managers: dataset.managers.count, reps: dataset.reps.count, repMonths: dataset.performance.count,
            firstPeriod: periods.min().map(MonthIndex.format) ?? "—",
            lastPeriod: periods.max().map(MonthIndex.format) ?? "—",
            excludedRepMonths: loaded.report.excludedRepPeriods, exclusionReasons: reasons)
    }
}
