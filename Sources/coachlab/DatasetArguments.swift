import ArgumentParser
import CoachLabEngine

/// The dataset argument and loading flags shared by commands that read a dataset.
struct DatasetArguments: ParsableArguments {
    @Argument(help: "The dataset folder (holding managers.csv, reps.csv, performance.csv); for `report`, also a state file or - .")
    var dataset: String

    @Option(name: .long, help: "Input problems to list before stopping.")
    var maxProblems: Int = 20

    @Option(help: "Threads to read large files with (default: all cores).")
    var threads: Int?

    @Option(help: "Keep the column cache here (default: .coachlab-cache in the dataset folder if writable, else ~/.cache/coachlab).")
    var cacheDir: String?

    @Flag(help: "Always read the CSV files; neither use nor write the column cache.")
    var noCache = false

    func validate() throws {
        guard maxProblems >= 1 else { throw ValidationError("--max-problems must be at least 1") }
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
    }

    /// Loads the dataset, showing progress on standard error when it is a terminal.
    func load(columns: ColumnSelection) throws -> LoadedDataset {
        var loader = DatasetLoader(columns: columns, problemLimit: maxProblems)
        if StepTimings.enabled { loader.timings = StepTimings.report }
        if let threads { loader.reader.threads = threads }
        if !noCache { loader.cache = ColumnCache(location: cacheDir.map { .folder($0) } ?? .automatic) }
        let progress: ProgressLine? = StandardError.isTerminal ? ProgressLine() : nil
        var report: (@Sendable (String, Int, Int) -> Void)?
        if let progress {
            report = { file, read, total in progress.update(file: file, read: read, total: total) }
        }
        defer { progress?.finish() }
        do {
            return try loader.load(folder: dataset, progress: report)
        } catch {
            throw CLIError(error.description)
        }
    }
}

/// An error shown to the user as `Error: message`, with a non-zero exit status.
struct CLIError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
