import ArgumentParser
import CoachLabPluginAPI
import CoachLabRendering
import CoachLabStatistics
import CoachLabRunner

extension PValueAdjustment: ExpressibleByArgument {}

/// How a run's p-values are adjusted together for multiple testing, shared by every command
/// that renders results (`run`, `report`).
struct AdjustmentArguments: ParsableArguments {
    @Option(help: ArgumentHelp(
        "Adjust the run's p-values together for multiple testing: holm (family-wise error rate), bh (Benjamini–Hochberg false discovery rate) or none.",
        valueName: "method"))
    var adjust: PValueAdjustment = .holm

    /// `report` with its results' p-values adjusted together, once, for every renderer.
    func adjusted(_ report: RunReport) -> RunReport {
        var report = report
        report.multipleTesting = MultipleTesting(results: report.results, method: adjust)
        return report
    }
}
