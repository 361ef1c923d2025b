/// The t interval of a mean: mean ± t(1 − α/2, n − 1) × sd / √n.
public enum MeanInterval {
    /// The interval at `confidence`; nil below two values.
    public static func interval(_ sample: SampleSummary, confidence: Double = 0.95) -> (low: Double, high: Double)? {
        guard let sd = sample.standardDeviation else { return nil }
        let t = StudentTDistribution(degreesOfFreedom: Double(sample.count - 1)).quantile(1 - (1 - confidence) / 2)
        let halfWidth = t * sd / Double(sample.count).squareRoot()
        return (sample.mean - halfWidth, sample.mean + halfWidth)
    }
}
