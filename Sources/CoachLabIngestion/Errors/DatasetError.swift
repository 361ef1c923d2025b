import CoachLabData
import CoachLabSystem

/// Why a dataset could not be loaded. Its description is what the user reads.
public enum DatasetError: Error, Sendable, CustomStringConvertible {
    /// The dataset folder does not exist or is not a folder.
    case notAFolder(String)
    /// A required table's file is missing; `similar` says what the folder holds instead
    /// (``SimilarFileNames``), if anything.
    case missingFile(folder: String, file: String, similar: String? = nil)
    /// A file could not be opened or read.
    case unreadable(file: String, reason: String)
    /// Input problems: the first few, and how many there were in all.
    case invalid(problems: [InputProblem], total: Int)

    /// What the user reads; paths and file names (a folder's listing, a mapping's names)
    /// escaped by ``DisplayText``, as each problem escapes its own.
    public var description: String {
        switch self {
        case .notAFolder(let path):
            return "\(DisplayText.escaped(path)): not a dataset folder (expected a folder holding managers.csv, reps.csv and performance.csv)"
        case .missingFile(let folder, let file, let similar):
            return "\(DisplayText.escaped(folder)): required file \(DisplayText.escaped(file)) is missing" + (similar.map { "; " + DisplayText.escaped($0) } ?? "")
        case .unreadable(let file, let reason):
            return "\(DisplayText.escaped(file)): cannot be read: \(reason)"
        case .invalid(let problems, let total):
            // A group is its headline and, indented below it, its first examples.
            var lines = problems.flatMap { problem in
                [problem.description] + (problem.group?.examples.map { "  " + $0.description } ?? [])
            }
            let shown = problems.reduce(0) { $0 + $1.occurrences }
            if total > shown {
                lines.append("… and \(ProblemGroup.grouped(total - shown)) more problems")
            }
            let heading = total == 1 ? "1 problem in the input:" : "\(ProblemGroup.grouped(total)) problems in the input:"
            return ([heading] + lines.map { "  " + $0 }).joined(separator: "\n")
        }
    }
}
