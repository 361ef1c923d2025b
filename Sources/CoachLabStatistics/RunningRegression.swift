/// Ordinary least squares of y on one regressor, accumulated one point at a time with
/// Welford-style co-moment updates (stable without a second pass, however large x is) and
/// mergeable by the pairwise formulas of Chan, Golub & LeVeque.
public struct RunningRegression: Sendable, Equatable {
    public private(set) var count = 0
    public private(set) var meanX = 0.0
    public private(set) var meanY = 0.0
    /// Σ (x − x̄)².
    public private(set) var sumOfSquaresX = 0.0
    /// Σ (x − x̄)(y − ȳ).
    public private(set) var coMoment = 0.0

    public init() {}

    public mutating func add(x: Double, y: Double) {
        count += 1
        let n = Double(count)
        let dx = x - meanX
        meanX += dx / n
        meanY += (y - meanY) / n
        sumOfSquaresX += dx * (x - meanX)
        coMoment += dx * (y - meanY)
    }

    /// Folds in the points of another accumulator.
    public mutating func merge(_ other: RunningRegression) {
        guard other.count > 0 else { return }
        guard count > 0 else { self = other; return }
        let n = Double(count + other.count)
        let weight = Double(count) * Double(other.count) / n
        let dx = other.meanX - meanX
        let dy = other.meanY - meanY
        sumOfSquaresX += other.sumOfSquaresX + dx * dx * weight
        coMoment += other.coMoment + dx * dy * weight
        meanX += dx * Double(other.count) / n
        meanY += dy * Double(other.count) / n
        count += other.count
    }

    /// The slope; nil with fewer than two points or no variation in x.
    public var slope: Double? {
        count >= 2 && sumOfSquaresX > 0 ? coMoment / sumOfSquaresX : nil
    }
}
