import ArgumentParser
import CoachLabIngestion
import CoachLabRendering
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CoachLabCache

extension DatasetLoader.OnError: ExpressibleByArgument {}

/// The dataset argument and loading flags shared by commands that read a dataset.
struct DatasetArguments: ParsableArguments {
    @Argument(help: "The dataset folder (holding managers.csv, reps.csv, performance.csv); for `report`, also a state file or - .")
    var dataset: String

    @Option(name: .long, help: "Input problems to list before stopping.")
    var maxProblems: Int = 20

    @Option(help: "Threads to read large files with (default: the cores this process may use, after CPU affinity and container CPU limits).")
    var threads: Int?

    @Option(help: "Keep the column cache here (default: .coachlab-cache in the dataset folder if writable, else ~/.cache/coachlab).")
    var cacheDir: String?

    @Flag(help: "Always read the CSV files; neither use nor write the column cache.")
    var noCache = false

    @Option(help: "A mapping file (YAML) naming the export's files, headers and value formats; see `coachlab mapping init`.")
    var mapping: String?

    @Option(help: "On a bad row: stop (list the problems and exit 1) or skip (leave it out, count it, write it to --rejects).")
    var onError: DatasetLoader.OnError = .stop

    @Option(help: "With --on-error skip: write every row left out here (CSV: file, line, reason, column, value, message, raw, raw_encoding).")
    var rejects: String?

    @Flag(help: "Use periods far outside the rest of performance.csv (more than five years from them, or before 1900 or after 2200), which otherwise stop the load as likely typos.")
    var allowPeriods = false

    func validate() throws {
        guard maxProblems >= 1 else { throw ValidationError("--max-problems must be at least 1") }
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
        if onError == .skip && rejects == nil {
            throw ValidationError("--on-error skip needs --rejects FILE, so that every row left out is kept with its line and reason")
        }
        if rejects != nil && onError != .skip { throw ValidationError("--rejects applies with --on-error skip") }
        if let cacheDir, !noCache {
            // A cache that cannot be written is otherwise skipped without a word.
            var status = stat()
            if stat(cacheDir, &status) == 0 && status.st_mode & S_IFMT != S_IFDIR {
                throw ValidationError("--cache-dir \(shown(cacheDir)) is a file, not a folder")
            }
        }
    }

    /// The mapping file at `path`, or an error naming its line.
    static func loadMapping(path: String) throws -> DatasetMapping {
        do {
            return try MappingFile.load(path: path)
        } catch {
            throw CLIError(error.description)
        }
    }

    /// The files loading the dataset reads: its tables' files and the mapping.
    func inputPaths() throws -> [String] {
        var loader = DatasetLoader()
        if let mapping { loader.mapping = try Self.loadMapping(path: mapping) }
        return loader.inputPaths(folder: dataset) + (mapping.map { [$0] } ?? [])
    }

    /// Refuses `outputs` and `--rejects` when one names an input (``OutputCollisions``).
    func refuseOverwritingInputs(_ outputs: [(flag: String, path: String?)]) throws {
        try OutputCollisions.refuse(outputs + [("--rejects", rejects)], inputs: inputPaths())
    }

    /// Loads the dataset, showing progress on standard error when it is a terminal; with
    /// `notes`, says on standard error what the load skipped (report footers, and with
    /// `--on-error skip` the rows left out, by cause).
    func load(columns: ColumnSelection, notes: Bool = true) throws -> LoadedDataset {
        var loader = DatasetLoader(columns: columns, problemLimit: maxProblems)
        if let mapping { loader.mapping = try Self.loadMapping(path: mapping) }
        loader.onError = onError
        loader.allowsDistantPeriods = allowPeriods
        if StepTimings.enabled { loader.timings = StepTimings.report }
        if let threads { loader.reader.threads = threads }
        if !noCache { loader.cache = ColumnCache(location: cacheDir.map { .folder($0) } ?? .automatic) }
        let progress: ProgressLine? = StandardError.isTerminal ? ProgressLine() : nil
        var report: (@Sendable (String, Int, Int) -> Void)?
        if let progress {
            report = { file, read, total in progress.update(file: file, read: read, total: total) }
        }
        defer { progress?.finish() }
        let loaded: LoadedDataset
        do {
            loaded = try loader.load(folder: dataset, progress: report)
        } catch {
            throw CLIError(error.description + mappingHint())
        }
        if notes {
            progress?.finish()
            for note in loaded.report.skippedNotes(rejectsFile: rejects) { StandardError.write(note + "\n") }
        }
        if let rejects {
            do {
                try RejectsFile.write(loaded.report, to: rejects)
            } catch {
                throw CLIError(error.description)
            }
        }
        return loaded
    }

    /// For a folder read without `--mapping` that holds a mapping file: the flag it likely needs.
    func mappingHint() -> String {
        guard mapping == nil else { return "" }
        let folder = dataset.hasSuffix("/") ? String(dataset.dropLast()) : dataset
        for name in ["mapping.yaml", "mapping.yml"] where access(folder + "/" + name, F_OK) == 0 {
            return "\n\(shown(folder)) holds \(name): to read it as an export through that mapping, add --mapping \(shown(folder + "/" + name))"
        }
        return ""
    }

    /// What the load left out, when rows were skipped rather than stopping the run.
    func rejections(of loaded: LoadedDataset) -> InputRejections? {
        guard onError == .skip, let rejects else { return nil }
        let report = loaded.report
        return InputRejections(
            rows: report.rejectedRows,
            byReason: report.rejectedByReason.map { ($0.reason.rawValue, $0.reason.words, $0.rows) },
            byFile: report.tables.filter { !$0.rejected.isEmpty }.map { ($0.file, $0.rejected.count) },
            rejectsFile: rejects)
    }
}

/// An error shown to the user as `Error: message`, with a non-zero exit status.
struct CLIError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
