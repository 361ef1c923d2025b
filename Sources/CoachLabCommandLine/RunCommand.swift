import ArgumentParser
import CoachLabIngestion
import CoachLabRendering

extension OutputFormat: ExpressibleByArgument {}

struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run metric plugins on a dataset and report what they find.",
        discussion: "Without --plugin, runs every plugin whose tables the dataset has. See `coachlab plugins`.")

    @OptionGroup var input: DatasetArguments
    @OptionGroup var selection: PluginArguments
    @OptionGroup var slice: SliceArguments
    @OptionGroup var segments: SegmentArguments
    @OptionGroup var adjustment: AdjustmentArguments
    @OptionGroup var detail: DetailArguments
    @OptionGroup var sharing: SharingArguments
    @OptionGroup var blocking: BlockArguments

    @Option(help: "Output format: \(OutputFormat.allCases.map(\.rawValue).joined(separator: ", ")).")
    var format: OutputFormat = .table

    @Option(name: .shortAndLong, help: "Write the output to this file instead of standard output; with --format csv, a folder (one that exists, or a path ending in /) gets one CSV file per table.")
    var output: String?

    func validate() throws {
        try sharing.validate(format: format, segmentedBy: segments.column)
        try detail.validate(format: format)
        try blocking.refuseUnsupported(input: input, slice: slice, segments: segments)
    }

    func run() throws {
        try input.refuseOverwritingInputs([("--output", output)])
        let writesFolder = format == .csv && ResultFolder.names(output)
        if !writesFolder { try OutputTarget(path: output).checkWritable() }
        let computed: RunReport
        var identifiers: [String: Privacy.IdentifierKind] = [:]
        var pendingCacheWrite: PendingCacheWrite?
        if let blocks = blocking.blocks {
            (computed, identifiers) = try BlockedRun(input: input, selection: selection, blocks: blocks)
                .report(keepingIdentifiers: format == .html && sharing.pseudonymize, keepingRepTables: detail.keepsRepTables(format: format))
        } else {
            let loaded: LoadedDataset
            (computed, loaded) = try selection.run(on: input, slice: slice, segments: segments)
            if format == .html { identifiers = SharingArguments.identifiers(of: loaded.dataset) }
            pendingCacheWrite = loaded.pendingCacheWrite
        }
        let report = SegmentedRun.withAdjustedComparison(adjustment.adjusted(computed))
        try StepTimings.measure("render and write") {
            if format == .html {
                // A report in HTML is for sharing: the same rules as `coachlab report`.
                let privacy = sharing.privacy(identifiers: identifiers)
                try OutputTarget(path: output).write(HTMLRenderer().render(privacy.apply(to: report)))
            } else if writesFolder, let output {
                try ResultFolder.write(report, to: output)
            } else {
                let written = detail.applied(to: report, format: format)
                try OutputTarget(path: output).write { format.renderer.write(written, to: $0) }
            }
        }
        pendingCacheWrite?.wait()
    }
}
