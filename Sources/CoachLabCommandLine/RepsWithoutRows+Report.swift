import CoachLabData
import CoachLabRendering

extension RepsWithoutRows {
    /// Reps of `dataset` with no row in its performance.csv.
    /// - Complexity: O(rows + reps).
    init(in dataset: Dataset) {
        var held = [Bool](repeating: false, count: dataset.reps.count)
        var reps = 0
        for rep in dataset.performance.reps where !held[Int(rep)] {
            held[Int(rep)] = true
            reps += 1
        }
        self.init(count: dataset.reps.count - reps, reps: dataset.reps.count)
    }

    /// `report` stating these reps, in a note on each result and for CSV, when there are any.
    func noted(in report: RunReport) -> RunReport {
        guard count > 0 else { return report }
        var report = report
        for index in report.results.indices { report.results[index].notes.append(note) }
        report.repsWithoutRows = self
        return report
    }
}
