import ArgumentParser
import CoachLabData
import CoachLabIngestion
import CoachLabRendering
import CoachLabSystem

struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check a dataset folder and describe what it holds.",
        discussion: "Exits 0 only when the dataset is usable; otherwise lists each problem as FILE:LINE: column 'NAME': 'VALUE' what is wrong.")

    @OptionGroup var input: DatasetArguments
    @OptionGroup var slice: SliceArguments

    func run() throws {
        try input.refuseOverwritingInputs([])
        let loaded = try slice.apply(to: input.load(columns: .all, notes: false), threads: input.threads ?? AvailableCores.count)
        let report = loaded.report
        // Names, headers, ids and warnings are input text: escaped, and a long header cut.
        let shown = { (text: String) in DisplayText.escaped(text) }
        let header = { (names: [String]) in names.map { DisplayText.escaped($0, limit: 60) }.joined(separator: ", ") }
        var out = "Dataset \(shown(input.dataset)): usable" + (input.onError == .skip ? " once the rows below are left out" : "") + "\n\n"
        if slice.isGiven { out += "  slice: \(shown(try slice.parsed().description))\n\n" }
        let nameWidth = report.tables.map { shown($0.file).count }.max() ?? 0
        let rowsWidth = report.tables.map { HumanFormat.grouped($0.rows).count }.max() ?? 0
        for table in report.tables {
            let rows = HumanFormat.grouped(table.rows)
            let name = shown(table.file)
            out += "  " + name + String(repeating: " ", count: nameWidth - name.count)
                + "  " + String(repeating: " ", count: rowsWidth - rows.count) + rows + " rows"
                + "   columns: " + header(table.columnsUsed) + "\n"
            if !table.columnsUnknown.isEmpty {
                out += "      ignored (not in the canonical schema\(input.mapping == nil ? "" : " or the mapping")): " + header(table.columnsUnknown) + "\n"
            }
            if table.blankLines > 0 { out += "      \(table.blankLines) blank line(s) skipped\n" }
            if let footer = table.footer {
                out += "      \(footer.lines) line(s) after the data skipped as a report footer (from line \(table.footerLine ?? 0)"
                    + footer.texts.map { ": '" + DisplayText.escaped($0, limit: 80) + "'" }.prefix(1).joined() + ")\n"
            }
        }
        let dataset = loaded.dataset
        if let first = dataset.performance.periods.min(), let last = dataset.performance.periods.max() {
            out += "\n  periods: \(CoachLabDataFormat.month(first)) to \(CoachLabDataFormat.month(last))\n"
        }
        let tiers = dataset.managers.tiers
        out += "  managers by coaching tier: " + CoachLabDataFormat.tierCounts(tiers) + "\n"
        out += "  rep-periods without attainment: \(report.excludedRepPeriods)"
            + " (\(report.missingQuota) missing quota, \(report.zeroQuota) zero quota)\n"
        if let programs = dataset.programs { out += "  programs: " + shown(CoachLabDataFormat.programSummary(programs)) + "\n" }
        if let rejections = input.rejections(of: loaded) {
            out += "\nLeft out (--on-error skip): \(HumanFormat.grouped(rejections.rows)) row(s)"
                + (rejections.rows == 0 ? "\n" : ", written to \(shown(rejections.rejectsFile))\n")
            for reason in rejections.byReason {
                out += "  \(HumanFormat.grouped(reason.rows))  \(reason.words) (\(reason.reason))\n"
            }
        }
        if input.allowPeriods, let distant = DistantPeriods(dataset.performance.periods) {
            let months = distant.months.prefix(10).map { "\(CoachLabDataFormat.month($0.month)) (\($0.rows) row(s))" }
            out += "  periods far outside the rest, used (--allow-periods): " + months.joined(separator: ", ")
                + (distant.months.count > 10 ? " and \(distant.months.count - 10) more" : "") + "\n"
        }
        let misnamed = report.misnamedFiles.sorted { $0.key < $1.key }.map { "\($0.value.expected) is not read: \($0.value.hint)" }
        let warnings = misnamed + report.warnings
        if !warnings.isEmpty {
            out += "\nWarnings:\n" + warnings.map { "  - " + shown($0) }.joined(separator: "\n") + "\n"
        }
        print(out, terminator: "")
        loaded.pendingCacheWrite?.wait()
    }
}
