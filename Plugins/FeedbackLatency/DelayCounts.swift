import CoachLabPluginAPI

/// Feedback delays as their distinct values in ascending order, each with its number of
/// sessions: what the exact quartiles, mean and same-day share need, in far less room than
/// every session's delay, and merged by adding counts.
struct DelayCounts: Equatable {
    private(set) var values: [Double] = []
    private(set) var counts: [Int] = []

    init() {}

    /// The counts of `delays`, in any order.
    init(_ delays: [Double]) {
        for value in delays.sorted() {
            if value == values.last { counts[counts.count - 1] += 1 } else {
                values.append(value)
                counts.append(1)
            }
        }
    }

    /// Counts already in ascending order of distinct values (as a state's records hold them).
    init(values: [Double], counts: [Int]) {
        self.values = values
        self.counts = counts
    }

    var isEmpty: Bool { values.isEmpty }
    var total: Int { counts.reduce(0, +) }

    /// Both sets of delays together.
    mutating func merge(_ other: DelayCounts) {
        var merged = DelayCounts()
        var i = 0, j = 0
        while i < values.count || j < other.values.count {
            if j == other.values.count || (i < values.count && values[i] < other.values[j]) {
                merged.values.append(values[i]); merged.counts.append(counts[i]); i += 1
            } else if i == values.count || other.values[j] < values[i] {
                merged.values.append(other.values[j]); merged.counts.append(other.counts[j]); j += 1
            } else {
                merged.values.append(values[i]); merged.counts.append(counts[i] + other.counts[j]); i += 1; j += 1
            }
        }
        self = merged
    }

    /// All of `parts` together, combined at once (merging one by one would copy the growing
    /// total each time).
    static func combined(_ parts: [DelayCounts]) -> DelayCounts {
        var pairs: [(value: Double, count: Int)] = []
        for part in parts { pairs += zip(part.values, part.counts).map { ($0, $1) } }
        pairs.sort { $0.value < $1.value }
        var all = DelayCounts()
        for (value, count) in pairs {
            if value == all.values.last { all.counts[all.counts.count - 1] += count } else {
                all.values.append(value)
                all.counts.append(count)
            }
        }
        return all
    }

    /// The `p`-quantiles by linear interpolation between order statistics (numpy's default),
    /// as ``OrderStatistics/quantiles(sorted:_:)`` gives them over every delay; nil entries
    /// when there is none.
    func quantiles(_ probabilities: [Double]) -> [Double?] {
        let n = total
        guard n > 0 else { return probabilities.map { _ in nil } }
        return probabilities.map { p in
            let position = Double(n - 1) * p
            let below = Int(position.rounded(.down))
            let above = min(below + 1, n - 1)
            let low = value(at: below), high = value(at: above)
            return low + (position - Double(below)) * (high - low)
        }
    }

    /// The delay at `index` of all of them in ascending order.
    private func value(at index: Int) -> Double {
        var seen = 0
        for (value, count) in zip(values, counts) {
            seen += count
            if index < seen { return value }
        }
        return values[values.count - 1]
    }

    /// The mean, the sum taken exactly; nil without delays.
    var mean: Double? {
        var sum = Partial.ExactSum()
        for (value, count) in zip(values, counts) { sum.add(value, times: count) }
        return total > 0 ? sum.value.map { $0 / Double(total) } : nil
    }

    /// Delays below `limit`.
    func count(below limit: Double) -> Int {
        zip(values, counts).reduce(0) { $0 + ($1.0 < limit ? $1.1 : 0) }
    }
}
