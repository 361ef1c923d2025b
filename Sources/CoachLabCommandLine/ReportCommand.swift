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

    @Option(help: "Output format: \(OutputFormat.allCases.map(\.rawValue).joined(separator: ", ")).")
    var format: OutputFormat = .html

    @Option(name: .shortAndLong, help: "The file to write (default: report.html for HTML, else standard output); with --format csv, a folder (one that exists, or a path ending in /) gets one CSV file per table.")
    var output: String?

    @Option(help: "HTML: suppress any row describing fewer than this many reps.")
    var minGroupSize: Int = 5

    @Flag(help: "HTML: replace rep and manager ids by stable pseudonyms (a keyed hash).")
    var pseudonymize = false

    @Option(help: "The key of the pseudonyms (default: a new random one, printed once).")
    var salt: String?

    @Option(help: "States: the number of shards with rows the state must cover.")
    var expectShards: Int?

    @Option(help: "States: the number of performance.csv rows the shards must add up to.")
    var expectRows: Int?

    func validate() throws {
        guard minGroupSize >= 1 else { throw ValidationError("--min-group-size must be at least 1") }
        if salt != nil && !pseudonymize { throw ValidationError("--salt goes with --pseudonymize") }
        if pseudonymize, let column = segments.column, column == "rep_id" || column == "manager_id" {
            // Each segment's id and title name its rep or manager.
            throw ValidationError("--by \(column) names each segment by its id, which --pseudonymize would have to hide")
        }
    }

    func run() throws {
        var identifiers: [String: Privacy.IdentifierKind] = [:]
        var report: RunReport
        var pendingCacheWrite: PendingCacheWrite?
        let outputPath = output ?? (format == .html ? "report.html" : nil)
        if InputFile.isFolder(input.dataset) {
            try input.refuseOverwritingInputs([("--output", outputPath)])
            if expectShards != nil || expectRows != nil {
                throw ValidationError("--expect-shards and --expect-rows check a state, not a dataset folder")
            }
            let (fromDataset, loaded) = try selection.run(on: input, slice: slice, segments: segments)
            report = fromDataset
            pendingCacheWrite = loaded.pendingCacheWrite
            for id in loaded.dataset.managers.ids { identifiers[id] = .manager }
            for id in loaded.dataset.reps.ids { identifiers[id] = .rep }
        } else {
            if !selection.plugins.isEmpty || selection.givesOptions {
                throw ValidationError("a state fixes its plugins and options; give them to `coachlab partial`")
            }
            if slice.isGiven || segments.column != nil {
                throw ValidationError("--where, --from, --to and --by slice a dataset folder; a state holds its shards' rows already summed")
            }
            if pseudonymize {
                throw ValidationError("--pseudonymize needs the dataset's ids, which a state does not hold; report on the dataset folder")
            }
            try OutputCollisions.refuse([("--output", outputPath)], inputs: [input.dataset])
            report = try StateReport.report(from: StateInputs.merged([input.dataset]), expecting: ShardExpectations(
                shards: expectShards, rows: expectRows.map { [.performance: $0] } ?? [:]),
                threads: input.threads ?? AvailableCores.count)
        }
        report = SegmentedRun.withAdjustedComparison(adjustment.adjusted(report))
        if format == .html {
            var privacy = Privacy(minimumGroupSize: minGroupSize)
            if pseudonymize {
                let key = salt ?? (0..<4).map { _ in String(UInt32.random(in: 0...UInt32.max), radix: 16) }.joined()
                if salt == nil { StandardError.write("pseudonym salt (keep it to reproduce these pseudonyms): \(key)\n") }
                privacy.salt = key
                privacy.identifiers = identifiers
            }
            let path = output ?? "report.html"
            try OutputTarget(path: path).write(HTMLRenderer().render(privacy.apply(to: report)))
            StandardError.write("wrote \(path)\n")
        } else if format == .csv, let output, ResultFolder.names(output) {
            try ResultFolder.write(report, to: output)
        } else {
            try OutputTarget(path: output).write { format.renderer.write(report, to: $0) }
        }
        pendingCacheWrite?.wait()
    }
}
