import ArgumentParser
import CoachLabData
import CoachLabIngestion
import CoachLabExport
import CoachLabSystem

extension ExportTableName: ExpressibleByArgument {}
extension ExportFormat: ExpressibleByArgument {}

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write the checked, joined data as one tidy table (CSV or JSON Lines) for pandas, R or fixest.",
        discussion: """
            rep-months: one row per row of performance.csv with its rep, manager, coaching \
            tier, region, segment, hire date and tenure, quota, bookings, attainment, \
            activity, an `excluded` flag (quota missing or 0), and, where those files exist, \
            the month's coaching sessions and assignments and each programme's flag and start. \
            Missing values are empty (null in JSON Lines). Loads through the column cache as \
            `run` does; --where, --from and --to export a slice. Columns: docs/EXPORT.md.
            """)

    @OptionGroup var input: DatasetArguments
    @OptionGroup var slice: SliceArguments

    @Option(help: "The table to write.")
    var table: ExportTableName = .repMonths

    @Option(help: "Output format (jsonl: one JSON object per line).")
    var format: ExportFormat = .csv

    @Option(name: .shortAndLong, help: "Write the table to this file instead of standard output.")
    var output: String?

    func run() throws {
        try input.refuseOverwritingInputs([("--output", output)])
        try OutputTarget(path: output).checkWritable()
        let threads = input.threads ?? AvailableCores.count
        let loaded = try slice.apply(to: StepTimings.measure("load") { try input.load(columns: .all) }, threads: threads)
        let tidy: TidyTable
        do {
            tidy = try TidyTable.make(table, of: loaded.dataset, format: format)
        } catch {
            throw CLIError(DisplayText.escaped(error.description, limit: 1000))
        }
        try StepTimings.measure("write \(table.rawValue)") {
            try OutputTarget(path: output).write { tidy.write(threads: threads, to: $0) }
        }
        loaded.pendingCacheWrite?.wait()
    }
}
