import CoachLabSystem
import CoachLabData

extension LoadReport {
    /// What a load skipped, for standard error: each file's report footer, and the rows a
    /// lenient load left out, by file and cause, each cause with its first row
    /// (`rejectsFile` names where they all are). Empty when nothing was skipped.
    public func skippedNotes(rejectsFile: String?) -> [String] {
        var notes = tables.compactMap(\.footerNote).map { "note: " + $0 }
        guard rejectedRows > 0 else { return notes }
        var lines = ["note: \(rejectedRows) row(s) left out (--on-error skip)"
            + (rejectsFile.map { ", each in \(DisplayText.escaped($0)) with its line and reason" } ?? "") + ":"]
        for table in tables where !table.rejected.isEmpty {
            var firsts: [RejectReason: InputProblem] = [:]
            var counts: [RejectReason: Int] = [:]
            for row in table.rejected {
                let reason = row.problem.reason ?? .unknownCategory
                counts[reason, default: 0] += 1
                if firsts[reason] == nil { firsts[reason] = row.problem }
            }
            for reason in counts.keys.sorted() {
                let count = counts[reason]!
                lines.append("  \(count) \(reason.words): \(firsts[reason]!.description)" + (count > 1 ? " (the first of \(count))" : ""))
            }
        }
        notes.append(lines.joined(separator: "\n"))
        return notes
    }
}
