/// Where a value stands among others: its mid-rank percentile, (values below + ½ × values
/// equal, itself included) / n — `scipy.stats.percentileofscore(kind="mean") / 100` with the
/// value among the scores, or (average rank − ½) / n. Between 0 and 1; the middle of n
/// distinct values is ½, the lowest 1 / (2n).
public struct MidRankPercentile: Sendable {
    /// The values ranked against, ascending.
    public let sorted: [Double]

    /// Ranks against `values` (any order; NaN is not allowed).
    /// - Complexity: O(n log n).
    public init(_ values: [Double]) {
        precondition(!values.contains { $0.isNaN }, "NaN has no rank")
        sorted = values.sorted()
    }

    /// The mid-rank percentile of `value`, which should be one of the values ranked against;
    /// nil when there are none.
    /// - Complexity: O(log n).
    public func percentile(of value: Double) -> Double? {
        guard !sorted.isEmpty else { return nil }
        let below = boundary { $0 < value }
        let notAbove = boundary { $0 <= value }
        return (Double(below) + 0.5 * Double(notAbove - below)) / Double(sorted.count)
    }

    /// The first index where `isBefore` is false (it must hold on a prefix of `sorted`).
    private func boundary(_ isBefore: (Double) -> Bool) -> Int {
        var low = 0, high = sorted.count
        while low < high {
            let middle = (low + high) / 2
            if isBefore(sorted[middle]) { low = middle + 1 } else { high = middle }
        }
        return low
    }
}
