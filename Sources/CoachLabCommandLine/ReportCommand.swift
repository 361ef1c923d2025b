import ArgumentParser
import CoachLabDistributed
import CoachLabIngestion
import CoachLabPluginAPI
import CoachLabRendering
import CoachLabSystem

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Report on a dataset or on merged partial states: one self-contained HTML file by default.",
        discussion: """
            Given a dataset folder, runs the plugins as `run` does. Given a state file (or - \
            for standard input) from `coachlab partial`/`merge`, finalises the plugins it \
            holds: in any --format, the output is exactly what `run` prints for the whole \
            dataset. HTML has its charts inline, opens offline and prints to PDF.
            """)

    @OptionGroup var input: DatasetArguments
    @OptionGroup var selection: PluginArguments
    @OptionGroup var slice: SliceArguments
    @OptionGroup var segments: SegmentArguments
    @OptionGroup var adjustment: AdjustmentArguments
    @OptionGroup var detail: DetailArguments

    @Option(help: "Output format: \(OutputFormat.allCases.map(\.rawValue).joined(separator: ", ")).")
    var format: OutputFormat = .html

    @Option(name: .shortAndLong, help: "The file to write (default: report.html for HTML, else standard output); with --format csv, a folder (one that exists, or a path ending in /) gets one CSV file per table.")
    var output: String?

    @OptionGroup var sharing: SharingArguments
    @OptionGroup var blocking: BlockArguments

    @Option(help: "States: the number of shards of performance.csv with rows the state must cover (a whole-rep part counts once).")
    var expectShards: Int?

    @Option(help: "States: the number of performance.csv rows the shards must add up to.")
    var expectRows: Int?

    func validate() throws {
        try sharing.validate(format: format, segmentedBy: segments.column)
        try detail.validate(format: format)
        try blocking.refuseUnsupported(input: input, slice: slice, segments: segments)
    }

    func run() throws {
        var identifiers: [String: Privacy.IdentifierKind] = [:]
        var report: RunReport
        var pendingCacheWrite: PendingCacheWrite?
        let outputPath = output ?? (format == .html ? "report.html" : nil)
        let writesFolder = format == .csv && ResultFolder.names(output)
        if !writesFolder { try OutputTarget(path: outputPath).checkWritable() }
        if InputFile.isFolder(input.dataset) {
            try input.refuseOverwritingInputs([("--output", outputPath)])
            if expectShards != nil || expectRows != nil {
                throw ValidationError("--expect-shards and --expect-rows check a state, not a dataset folder")
            }
            if let blocks = blocking.blocks {
                (report, identifiers) = try BlockedRun(input: input, selection: selection, blocks: blocks)
                    .report(keepingIdentifiers: sharing.pseudonymize, keepingRepTables: detail.keepsRepTables(format: format))
            } else {
                let (fromDataset, loaded) = try selection.run(on: input, slice: slice, segments: segments)
                report = fromDataset
                pendingCacheWrite = loaded.pendingCacheWrite
                identifiers = SharingArguments.identifiers(of: loaded.dataset)
            }
        } else {
            if blocking.blocks != nil {
                throw ValidationError("--blocks computes a dataset folder in blocks; a state is already merged from its shards")
            }
            if !selection.plugins.isEmpty || selection.givesOptions {
                throw ValidationError("a state fixes its plugins and options; give them to `coachlab partial`")
            }
            if slice.isGiven || segments.column != nil {
                throw ValidationError("--where, --from, --to and --by slice a dataset folder; a state holds its shards' rows already summed")
            }
            if sharing.pseudonymize {
                throw ValidationError("--pseudonymize needs the dataset's ids, which a state does not hold; report on the dataset folder")
            }
            try OutputCollisions.refuse([("--output", outputPath)], inputs: [input.dataset])
            report = try StateReport.report(from: StateInputs.merged([input.dataset]), expecting: ShardExpectations(
                shards: expectShards, rows: expectRows.map { [.performance: $0] } ?? [:]),
                threads: input.threads ?? AvailableCores.count, keepingRepTables: detail.keepsRepTables(format: format))
        }
        report = SegmentedRun.withAdjustedComparison(adjustment.adjusted(report))
        if format == .html {
            let privacy = sharing.privacy(identifiers: identifiers)
            let path = output ?? "report.html"
            try OutputTarget(path: path).write(HTMLRenderer().render(privacy.apply(to: report)))
            StandardError.write("wrote \(path)\n")
        } else if writesFolder, let output {
            try ResultFolder.write(report, to: output)
        } else {
            let written = detail.applied(to: report, format: format)
            try OutputTarget(path: output).write { format.renderer.write(written, to: $0) }
        }
        pendingCacheWrite?.wait()
    }
}
