import ArgumentParser
import CoachLabData
import CoachLabIngestion
import CoachLabSystem

/// `--where`, `--from` and `--to`, shared by the commands that read a dataset folder: the
/// run, report, check or export of the slice of its reps and months (``Dataset/Slice``).
struct SliceArguments: ParsableArguments {
    @Option(name: .customLong("where"), help: ArgumentHelp(
        "Only reps whose COLUMN (rep_id, manager_id, region, segment, hire_date, coaching_quality, coaching_score) is VALUE; COLUMN=A,B for any of them, COLUMN!=VALUE for none (repeatable: every condition must hold).",
        valueName: "COLUMN=VALUE"))
    var conditions: [String] = []

    @Option(name: .customLong("from"), help: ArgumentHelp("Only months from this one on (inclusive).", valueName: "YYYY-MM"))
    var firstMonth: String?

    @Option(name: .customLong("to"), help: ArgumentHelp("Only months up to this one (inclusive).", valueName: "YYYY-MM"))
    var lastMonth: String?

    func validate() throws {
        _ = try parsed()
    }

    /// Whether any slicing option is given.
    var isGiven: Bool { !conditions.isEmpty || firstMonth != nil || lastMonth != nil }

    /// The slice the options describe.
    func parsed() throws -> Dataset.Slice {
        var slice = Dataset.Slice()
        for expression in conditions {
            do {
                slice.conditions.append(try Dataset.Slice.Condition(parsing: expression))
            } catch {
                throw ValidationError(DisplayText.escaped(error.description, limit: 1000))
            }
        }
        func month(_ text: String?, _ flag: String) throws -> Int32? {
            guard let text else { return nil }
            guard let month = Dataset.Slice.month(text) else {
                throw ValidationError("\(flag) takes a month YYYY-MM, not '\(DisplayText.escaped(text, limit: 300))'")
            }
            return month
        }
        slice.firstMonth = try month(firstMonth, "--from")
        slice.lastMonth = try month(lastMonth, "--to")
        if let first = slice.firstMonth, let last = slice.lastMonth, first > last {
            throw ValidationError("--from \(firstMonth!) is after --to \(lastMonth!)")
        }
        return slice
    }

    /// The load as a load of the slice; the load itself when no option is given.
    func apply(to loaded: LoadedDataset, threads: Int) throws -> LoadedDataset {
        guard isGiven else { return loaded }
        do {
            return try StepTimings.measure("slice") { try loaded.sliced(parsed(), threads: threads) }
        } catch let error as Dataset.Slice.Failure {
            // The conditions and the data's values are input text.
            throw CLIError(DisplayText.escaped(error.description, limit: 1000))
        }
    }
}
