/// The rows of performance.csv grouped by rep, each rep's rows in month order
/// (compressed sparse rows: rep `r` owns `rows[offsets[r] ..< offsets[r + 1]]`).
///
/// Built once when a dataset loads, so every plugin walks a rep's history without sorting.
public struct RepPeriodIndex: Sendable {
    public var offsets: [Int]
    public var rows: [Int32]

    public init(offsets: [Int], rows: [Int32]) {
        self.offsets = offsets
        self.rows = rows
    }

    /// Groups `rowCount` rows by `reps` and orders each group by `periods`.
    ///
    /// - Complexity: O(n) for input already in month order per rep (the usual export
    ///   order), O(n log k) otherwise, where k is the longest history.
    public init(reps: [Int32], periods: [Int32], repCount: Int) {
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
            let range = offsets[r]..<offsets[r + 1]
            var sorted = true
            for i in range.dropFirst() where periods[Int(rows[i - 1])] > periods[Int(rows[i])] {
                sorted = false
                break
            }
            if !sorted {
                rows[range].sort { (periods[Int($0)], $0) < (periods[Int($1)], $1) }
            }
        }
        self.offsets = offsets
        self.rows = rows
    }

    public var repCount: Int { offsets.count - 1 }

    /// The rows of rep `rep`, in month order.
    @inlinable
    public func rows(ofRep rep: Int) -> ArraySlice<Int32> {
        rows[offsets[rep]..<offsets[rep + 1]]
    }
}
