/// The order in which each rep's rows of performance.csv run from earliest to latest month.
public enum RepMonthOrder {
    /// Whether every rep's rows already appear in ascending month order in file order, as
    /// they do in the usual export layouts (all reps month after month, or each rep's months
    /// together). Rows with a rep outside `0..<repCount` are ignored.
    /// - Complexity: O(n) time, O(reps) memory.
    public static func isAscending(reps: [Int32], periods: [Int32], repCount: Int) -> Bool {
        var last = [Int32](repeating: .min, count: repCount)
        for row in reps.indices {
            let rep = Int(reps[row])
            guard rep >= 0 && rep < repCount else { continue }
            if periods[row] < last[rep] { return false }
            last[rep] = periods[row]
        }
        return true
    }

    /// All rows ordered by rep, then month, then file position.
    /// - Complexity: O(n + reps) for the grouping, plus sorting each rep's rows.
    public static func permutation(reps: [Int32], periods: [Int32], repCount: Int) -> [Int32] {
        var offsets = [Int](repeating: 0, count: repCount + 1)
        for rep in reps { offsets[Int(rep) + 1] += 1 }
        for r in 0..<repCount { offsets[r + 1] += offsets[r] }
        var cursor = offsets
        var rows = [Int32](repeating: 0, count: reps.count)
        for (row, rep) in reps.enumerated() {
            rows[cursor[Int(rep)]] = Int32(row)
            cursor[Int(rep)] += 1
        }
        for r in 0..<repCount {
            rows[offsets[r]..<offsets[r + 1]].sort { (periods[Int($0)], $0) < (periods[Int($1)], $1) }
        }
        return rows
    }
}
