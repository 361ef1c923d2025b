import ArgumentParser
import CoachLabRendering

/// Detail beyond the report's answer that a format may be asked to write.
enum OutputDetail: String, CaseIterable, ExpressibleByArgument {
    /// The tables of one row per rep.
    case reps
}

/// Which detail JSON writes, shared by the commands that render results (`run`, `report`).
struct DetailArguments: ParsableArguments {
    @Option(help: ArgumentHelp(
        "JSON: also write the tables of one row per rep (by_rep), left out by default because they grow with the org.",
        valueName: "detail"))
    var detail: [OutputDetail] = []

    func validate(format: OutputFormat) throws {
        if !detail.isEmpty && format != .json {
            throw ValidationError("--detail applies to --format json; \(format.rawValue) lists every table as it always does")
        }
    }

    /// `report` as `format` writes it: JSON leaves out the tables of one row per rep unless
    /// `--detail reps` asks for them.
    func applied(to report: RunReport, format: OutputFormat) -> RunReport {
        keepsRepTables(format: format) ? report : report.leavingOutRepTables()
    }

    /// Whether `format` writes the tables of one row per rep: a run that computes in
    /// blocks drops them as soon as each plugin is finalised when it does not.
    func keepsRepTables(format: OutputFormat) -> Bool {
        format != .json || detail.contains(.reps)
    }
}
