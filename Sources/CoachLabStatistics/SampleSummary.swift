/// Count, mean and variance of a sample, accumulated by Welford's algorithm (stable in
/// one pass), mergeable by Chan et al.'s pairwise update.
public struct SampleSummary: Sendable, Equatable {
    @usableFromInline var n = 0
    @usableFromInline var runningMean = 0.0
    @usableFromInline var sumOfSquaredDeviations = 0.0

    public var count: Int { n }
    public var mean: Double { runningMean }

    public init() {}

    // Inlinable so that a caller's loop over an array is specialised, not generic.
    @inlinable
    public init<S: Sequence>(_ values: S) where S.Element == Double {
        for value in values { add(value) }
    }

    @inlinable
    public mutating func add(_ x: Double) {
        n += 1
        let delta = x - runningMean
        runningMean += delta / Double(n)
        sumOfSquaredDeviations += delta * (x - runningMean)
    }

    /// Folds another summary in, as if its values had been added here.
    public mutating func merge(_ other: SampleSummary) {
        guard other.count > 0 else { return }
        guard count > 0 else { self = other; return }
        let total = count + other.count
        let delta = other.mean - mean
        runningMean += delta * Double(other.count) / Double(total)
        sumOfSquaredDeviations += other.sumOfSquaredDeviations
            + delta * delta * Double(count) * Double(other.count) / Double(total)
        n = total
    }

    /// The sample variance (n − 1 denominator); nil below two values.
    public var variance: Double? { count > 1 ? sumOfSquaredDeviations / Double(count - 1) : nil }

    /// The sample standard deviation; nil below two values.
    public var standardDeviation: Double? { variance.map { $0.squareRoot() } }

    /// The mean, or nil for an empty sample.
    public var meanIfAny: Double? { count > 0 ? mean : nil }
}

/// Order statistics.
public enum OrderStatistics {
    /// The `p`-quantiles of `values` by linear interpolation between order statistics
    /// (Hyndman & Fan type 7, numpy's default); nil entries when `values` is empty.
    /// - Complexity: O(n) (``ascending(_:)``).
    public static func quantiles(_ values: [Double], _ probabilities: [Double]) -> [Double?] {
        quantiles(sorted: ascending(values), probabilities)
    }

    /// ``quantiles(_:_:)`` of values already in ascending order.
    /// - Complexity: O(probabilities).
    public static func quantiles(sorted: [Double], _ probabilities: [Double]) -> [Double?] {
        guard !sorted.isEmpty else { return probabilities.map { _ in nil } }
        return probabilities.map { p in
            let position = Double(sorted.count - 1) * p
            let below = Int(position.rounded(.down))
            let above = min(below + 1, sorted.count - 1)
            return sorted[below] + (position - Double(below)) * (sorted[above] - sorted[below])
        }
    }
}
