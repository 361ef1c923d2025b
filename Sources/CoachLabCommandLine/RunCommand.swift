import ArgumentParser
import CoachLabRendering

extension OutputFormat: ExpressibleByArgument {}

struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run metric plugins on a dataset and report what they find.",
        discussion: "Without --plugin, runs every plugin whose tables the dataset has. See `coachlab plugins`.")

    @OptionGroup var input: DatasetArguments
    @OptionGroup var selection: PluginArguments
    @OptionGroup var adjustment: AdjustmentArguments

    @Option(help: "Output format: \(OutputFormat.allCases.map(\.rawValue).joined(separator: ", ")).")
    var format: OutputFormat = .table

    @Option(name: .shortAndLong, help: "Write the output to this file instead of standard output.")
    var output: String?

    func run() throws {
        try input.refuseOverwritingInputs([("--output", output)])
        let (computed, loaded) = try selection.run(on: input)
        let report = adjustment.adjusted(computed)
        try StepTimings.measure("render and write") {
            try OutputTarget(path: output).write { format.renderer.write(report, to: $0) }
        }
        loaded.pendingCacheWrite?.wait()
    }
}
