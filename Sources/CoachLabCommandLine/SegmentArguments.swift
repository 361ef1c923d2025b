import ArgumentParser
import CoachLabData
import CoachLabSystem

/// `--by COLUMN` on `run` and `report`: the plugins run on each value of a column of
/// reps.csv or managers.csv (``SegmentedRun``).
struct SegmentArguments: ParsableArguments {
    @Option(name: .customLong("by"), help: ArgumentHelp(
        "Run every plugin on each value of this column (rep_id, manager_id, region, segment, hire_date, coaching_quality, coaching_score) and compare the segments; p-values are adjusted together across all of them.",
        valueName: "COLUMN"))
    var column: String?

    func validate() throws {
        guard let column else { return }
        guard Dataset.Slice.columns.contains(where: { $0.name == column }) else {
            throw ValidationError("--by \(DisplayText.escaped(column, limit: 300)): unknown column; segments are the values of "
                + Dataset.Slice.columns.map(\.name).joined(separator: ", "))
        }
    }

    /// The optional column the segments read, which a load must convert.
    var optionalColumns: Set<ColumnReference> {
        guard let column else { return [] }
        return Dataset.Slice(conditions: [.init(column: column, text: "", negated: false)]).optionalColumns
    }
}
