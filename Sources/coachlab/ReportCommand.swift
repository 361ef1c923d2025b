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

    @Option(help: "Suppress any row describing fewer than this many reps.")
    var minGroupSize: Int = 5

    @Flag(help: "Replace rep and manager ids by stable pseudonyms (a keyed hash).")
    var pseudonymize = false

    @Option(help: "The key of the pseudonyms (default: a new random one, printed once).")
    var salt: String?

    func validate() throws {
        guard minGroupSize >= 1 else { throw ValidationError("--min-group-size must be at least 1") }
        if salt != nil && !pseudonymize { throw ValidationError("--salt goes with --pseudonymize") }
    }

    func run() throws {
        let (report, loaded) = try selection.run(on: input)
        var privacy = Privacy(minimumGroupSize: minGroupSize)
        if pseudonymize {
            let key = salt ?? (0..<4).map { _ in String(UInt32.random(in: 0...UInt32.max), radix: 16) }.joined()
            if salt == nil { StandardError.write("pseudonym salt (keep it to reproduce these pseudonyms): \(key)\n") }
            privacy.salt = key
            var identifiers: [String: Privacy.IdentifierKind] = [:]
            for id in loaded.dataset.managers.ids { identifiers[id] = .manager }
            for id in loaded.dataset.reps.ids { identifiers[id] = .rep }
            privacy.identifiers = identifiers
        }
        try OutputTarget(path: output).write(HTMLRenderer().render(privacy.apply(to: report)))
        loaded.pendingCacheWrite?.wait()
        StandardError.write("wrote \(output)\n")
    }
}
