import CoachLabSystem
/// The order in which each rep's rows of performance.csv run from earliest to latest month.
package enum RepMonthOrder {
    /// Whether every rep's rows already appear in ascending month order in file order, as
    /// they do in the usual export layouts (all reps month after month, or each rep's months
    /// together). Rows with a rep outside `0..<repCount` are ignored.
    /// - Complexity: O(n) time, O(reps) memory.
    package static func isAscending(reps: [Int32], periods: [Int32], repCount: Int) -> Bool {
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
    ///
    /// Parts of `rowsPerPart` rows or more are scanned by up to `threads` threads at once,
    /// each noting every rep's first and last row in its part; the parts are then joined in
    /// file order, each rep's first row in a part checked against its last row before it.
    /// The answer is that of one pass.
    /// - Complexity: O(n) time, O(reps) memory a part.
    package static func repeatsIfAscending(
        reps: [Int32], periods: [Int32], repCount: Int, threads: Int = 1, rowsPerPart: Int = 1 << 20
    ) -> [(first: Int, second: Int)]? {
        let parts = max(1, min(threads, reps.count / max(1, rowsPerPart)))
        let bounds = (0...parts).map { reps.count * $0 / parts }
        let scans = ChunkedWork.map(count: parts, threads: parts) { part in
            PartScan(reps: reps, periods: periods, rows: bounds[part]..<bounds[part + 1], repCount: repCount)
        }
        guard var repeats = scans[0].repeats else { return nil }
        guard parts > 1 else { return repeats }
        // Each rep's last row in the parts joined so far.
        var lastRow = scans[0].lastRow
        for part in 1..<parts {
            let scan = scans[part]
            guard let partRepeats = scan.repeats else { return nil }
            for rep in 0..<repCount where scan.firstRow[rep] >= 0 {
                let (first, previous) = (Int(scan.firstRow[rep]), Int(lastRow[rep]))
                if previous >= 0 && periods[first] <= periods[previous] {
                    if periods[first] < periods[previous] { return nil }
                    repeats.append((previous, first))
                }
                lastRow[rep] = scan.lastRow[rep]
            }
            repeats += partRepeats
        }
        // A row repeats at most one earlier row: ordered by the later row, in file order.
        repeats.sort { $0.second < $1.second }
        return repeats
    }

    /// All rows ordered by rep, then month, then file position.
    /// - Complexity: O(n + reps) for the grouping, plus sorting each rep's rows.
    package static func permutation(reps: [Int32], periods: [Int32], repCount: Int) -> [Int32] {
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

/// One part's pass of ``RepMonthOrder/repeatsIfAscending(reps:periods:repCount:threads:rowsPerPart:)``:
/// its repeats (nil when some rep's months go back within it) and each rep's first and last
/// row in it (-1 for none).
private struct PartScan {
    var repeats: [(first: Int, second: Int)]?
    var firstRow: [Int32]
    var lastRow: [Int32]

    init(reps: [Int32], periods: [Int32], rows: Range<Int>, repCount: Int) {
        var firstRow = [Int32](repeating: -1, count: repCount)
        var lastRow = [Int32](repeating: -1, count: repCount)
        var repeats: [(first: Int, second: Int)] = []
        let ascending = reps.withUnsafeBufferPointer { reps in
            periods.withUnsafeBufferPointer { periods in
                firstRow.withUnsafeMutableBufferPointer { firstRow in
                    lastRow.withUnsafeMutableBufferPointer { lastRow in
                        for row in rows {
                            let rep = Int(reps[row])
                            let previous = Int(lastRow[rep])
                            if previous >= 0 {
                                if periods[row] <= periods[previous] {
                                    if periods[row] < periods[previous] { return false }
                                    repeats.append((previous, row))
                                }
                            } else {
                                firstRow[rep] = Int32(truncatingIfNeeded: row)
                            }
                            lastRow[rep] = Int32(truncatingIfNeeded: row)
                        }
                        return true
                    }
                }
            }
        }
        self.repeats = ascending ? repeats : nil
        self.firstRow = firstRow
        self.lastRow = lastRow
    }
}
