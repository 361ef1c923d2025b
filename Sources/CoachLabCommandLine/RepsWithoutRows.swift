import CoachLabData
import CoachLabRendering

/// Reps of reps.csv with no row in performance.csv: the note `run` gives for a dataset and
/// `report` for a merged state (reps that no shard held), in the same words, so that a lost
/// shard shows without `--expect-*` and a complete state still prints what `run` prints.
enum RepsWithoutRows {
    /// The note on every result; nil when every rep has rows.
    static func note(_ count: Int, of reps: Int) -> String? {
        guard count > 0 else { return nil }
        return "\(HumanFormat.grouped(count)) of the \(HumanFormat.grouped(reps)) reps in reps.csv \(count == 1 ? "has" : "have") no rows in performance.csv."
    }

    /// Reps of `dataset` with no row in its performance.csv.
    /// - Complexity: O(rows + reps).
    static func count(in dataset: Dataset) -> Int {
        var held = [Bool](repeating: false, count: dataset.reps.count)
        var count = 0
        for rep in dataset.performance.reps where !held[Int(rep)] {
            held[Int(rep)] = true
            count += 1
        }
        return dataset.reps.count - count
    }

    /// `report` with the note on each of its results, when there is one.
    static func noting(_ count: Int, of reps: Int, in report: RunReport) -> RunReport {
        guard let note = note(count, of: reps) else { return report }
        var report = report
        for index in report.results.indices { report.results[index].notes.append(note) }
        return report
    }
}
