import ArgumentParser
import CoachLabDistributed
import CoachLabIngestion
import CoachLabRendering

struct SplitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "split",
        abstract: "Cut a dataset's rep-level tables into whole-rep parts, for `coachlab partial` on each.",
        discussion: """
            Writes OUT/part-00000 … OUT/part-(N-1): each a folder holding performance.csv and \
            each of coaching_sessions.csv, assignments.csv and programs.csv the dataset has, \
            with the header line and exactly the lines of the reps the part owns, copied byte \
            for byte. A rep's part is the SipHash-2-4 of its id under the key \
            "CoachLabRepSplit", modulo N: the same rep lands in the same part whatever the \
            row order, and a later export splits the same way. managers.csv and reps.csv are \
            not split: read each part with `--dimensions DATASET`. See docs/SCALE-OUT.md.
            """)

    @Argument(help: "The dataset folder.")
    var dataset: String

    @Option(help: "The number of parts (1 to 100000).")
    var parts: Int

    @Option(help: "The folder to write the parts into: new, or empty; not inside the dataset.")
    var out: String

    @Option(help: "A mapping file (YAML) naming the export's files, headers and formats, as for `coachlab run --mapping`; the parts keep the export's file names.")
    var mapping: String?

    @Option(help: "Input problems to list before stopping.")
    var maxProblems: Int = 20

    func validate() throws {
        guard RepPartition(parts: parts) != nil else {
            throw ValidationError("--parts must be from 1 to \(RepPartition.maximumParts), not \(parts)")
        }
    }

    func run() throws {
        var split = WholeRepSplit(
            dataset: dataset, mapping: try mapping.map(DatasetArguments.loadMapping(path:)), partition: RepPartition(parts: parts)!)
        split.problemLimit = max(1, maxProblems)
        let summaries: [WholeRepSplit.TableSummary]
        do {
            summaries = try split.write(to: out)
        } catch {
            throw CLIError(error.description)
        }
        for summary in summaries {
            var line = "\(shown(summary.fileName)): \(HumanFormat.grouped(summary.rows)) rows into \(HumanFormat.grouped(parts)) part\(parts == 1 ? "" : "s")"
                + " (smallest \(HumanFormat.grouped(summary.smallestPart)), largest \(HumanFormat.grouped(summary.largestPart)))"
            if let footer = summary.footer {
                line += "; \(footer.lines) line(s) after the data left out as a report footer (from line \(HumanFormat.grouped(summary.footerLine ?? 0))"
                    + footer.texts.prefix(1).map { ": '" + shown($0) + "'" }.joined() + ")"
            }
            StandardError.write(line + "\n")
        }
    }
}
