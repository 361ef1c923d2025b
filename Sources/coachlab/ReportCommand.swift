import ArgumentParser
import CoachLabRendering

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write one self-contained HTML report (charts inline, opens offline, prints to PDF).",
        discussion: "The same plugins and options as `run`; the numbers are those of `run --format json`.")

    @OptionGroup var input: DatasetArguments
    @OptionGroup var selection: PluginArguments

    @Option(name: .shortAndLong, help: "The HTML file to write.")
    var output: String = "report.html"

    func run() throws {
        let (report, loaded) = try selection.run(on: input)
        try OutputTarget(path: output).write(HTMLRenderer().render(report))
        loaded.pendingCacheWrite?.wait()
        StandardError.write("wrote \(output)\n")
    }
}
