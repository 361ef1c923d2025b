/// Reps of reps.csv with no row in performance.csv — for a merged state, reps that no shard
/// held — so that a lost shard shows without `--expect-*`. `run` and `report` state it in
/// the same words, so a complete state still prints what `run` prints.
public struct RepsWithoutRows: Sendable, Equatable {
    public var count: Int
    /// Rows of reps.csv.
    public var reps: Int

    public init(count: Int, reps: Int) {
        self.count = count
        self.reps = reps
    }

    /// The note every result carries.
    public var note: String {
        "\(HumanFormat.grouped(count)) of the \(HumanFormat.grouped(reps)) reps in reps.csv \(count == 1 ? "has" : "have") no rows in performance.csv."
    }
}
