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

    /// When every rep's rows appear in ascending month order, the rows that repeat their
    /// rep's previous month, as (earlier row, later row) pairs in file order; nil when some
    /// rep's months go back (the rows then need ``permutation(reps:periods:repCount:)``).
    /// Every rep must be in `0..<repCount`.
    /// - Complexity: O(n) time, O(reps) memory, one pass.
    public static func repeatsIfAscending(reps: [Int32], periods: [Int32], repCount: Int) -> [(first: Int, second: Int)]? {
        var lastRow = [Int32](repeating: -1, count: repCount)
        var repeats: [(first: Int, second: Int)] = []
        let ascending = reps.withUnsafeBufferPointer { reps in
            periods.withUnsafeBufferPointer { periods in
                lastRow.withUnsafeMutableBufferPointer { lastRow in
                    for row in reps.indices {
                        let rep = Int(reps[row])
                        let previous = Int(lastRow[rep])
                        if previous >= 0 && periods[row] <= periods[previous] {
                            if periods[row] < periods[previous] { return false }
                            repeats.append((previous, row))
                        }
                        lastRow[rep] = Int32(truncatingIfNeeded: row)
                    }
                    return true
                }
            }
        }
        return ascending ? repeats : nil
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
