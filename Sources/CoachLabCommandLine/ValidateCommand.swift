import ArgumentParser
import CoachLabEngine
import CoachLabRendering

struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check a dataset folder and describe what it holds.",
        discussion: "Exits 0 only when the dataset is usable; otherwise lists each problem as FILE:LINE: column 'NAME': 'VALUE' what is wrong.")

    @OptionGroup var input: DatasetArguments

    func run() throws {
        try input.refuseOverwritingInputs([])
        let loaded = try input.load(columns: .all)
        let report = loaded.report
        var out = "Dataset \(input.dataset): usable" + (input.onError == .skip ? " once the rows below are left out" : "") + "\n\n"
        let nameWidth = report.tables.map(\.file.count).max() ?? 0
        let rowsWidth = report.tables.map { HumanFormat.grouped($0.rows).count }.max() ?? 0
        for table in report.tables {
            let rows = HumanFormat.grouped(table.rows)
            out += "  " + table.file + String(repeating: " ", count: nameWidth - table.file.count)
                + "  " + String(repeating: " ", count: rowsWidth - rows.count) + rows + " rows"
                + "   columns: " + table.columnsUsed.joined(separator: ", ") + "\n"
            if !table.columnsUnknown.isEmpty {
                out += "      ignored (not in the canonical schema\(input.mapping == nil ? "" : " or the mapping")): " + table.columnsUnknown.joined(separator: ", ") + "\n"
            }
            if table.blankLines > 0 { out += "      \(table.blankLines) blank line(s) skipped\n" }
        }
        let dataset = loaded.dataset
        if let first = dataset.performance.periods.min(), let last = dataset.performance.periods.max() {
            out += "\n  periods: \(CoachLabDataFormat.month(first)) to \(CoachLabDataFormat.month(last))\n"
        }
        let tiers = dataset.managers.tiers
        out += "  managers by coaching tier: " + CoachLabDataFormat.tierCounts(tiers) + "\n"
        out += "  rep-periods without attainment: \(report.excludedRepPeriods)"
            + " (\(report.missingQuota) missing quota, \(report.zeroQuota) zero quota)\n"
        if let programs = dataset.programs { out += "  programs: " + CoachLabDataFormat.programSummary(programs) + "\n" }
        if let rejections = input.rejections(of: loaded) {
            out += "\nLeft out (--on-error skip): \(HumanFormat.grouped(rejections.rows)) row(s)"
                + (rejections.rows == 0 ? "\n" : ", written to \(rejections.rejectsFile)\n")
            for reason in rejections.byReason {
                out += "  \(HumanFormat.grouped(reason.rows))  \(reason.words) (\(reason.reason))\n"
            }
        }
        let misnamed = report.misnamedFiles.sorted { $0.key < $1.key }.map { "\($0.value.expected) is not read: \($0.value.hint)" }
        let warnings = misnamed + report.warnings
        if !warnings.isEmpty {
            out += "\nWarnings:\n" + warnings.map { "  - " + $0 }.joined(separator: "\n") + "\n"
        }
        print(out, terminator: "")
        loaded.pendingCacheWrite?.wait()
    }
}
