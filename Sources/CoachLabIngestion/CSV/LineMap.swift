/// Maps a data row to the line of the file on which it starts.
///
/// Rows usually sit one per line, so only the rows where that stops holding (after a
/// blank line or a quoted line break) are stored: a row's line is found by binary search.
/// Row 0 follows the header directly unless a break says otherwise.
public struct LineMap: Sendable, Equatable {
    private var breakRows: [Int] = []
    private var breakLines: [Int] = []

    public init() {}

    mutating func record(row: Int, line: Int) {
        if let last = breakRows.last {
            if line == breakLines[breakLines.count - 1] + (row - last) { return }
            if last == row {
                breakLines[breakLines.count - 1] = line
                return
            }
        }
        breakRows.append(row)
        breakLines.append(line)
    }

    /// The 1-based line on which data row `row` (0-based) starts.
    public func line(ofRow row: Int) -> Int {
        var low = 0
        var high = breakRows.count
        while low < high {
            let mid = (low + high) / 2
            if breakRows[mid] <= row { low = mid + 1 } else { high = mid }
        }
        guard low > 0 else { return row + 2 }
        return breakLines[low - 1] + (row - breakRows[low - 1])
    }
}
