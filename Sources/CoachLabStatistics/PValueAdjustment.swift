/// How a family of p-values is adjusted for multiple testing, as
/// `statsmodels.stats.multitest.multipletests` adjusts them (its `method="holm"` and
/// `"fdr_bh"`). The raw values are the spellings of `coachlab --adjust`.
///
/// A run that tests many hypotheses is likely to find some p-value below 0.05 by chance
/// alone; an adjusted p-value is compared with the level a single test would use, and keeps
/// the chance of a false finding across the family to that level (Holm) or the expected
/// share of false findings among the significant ones (Benjamini–Hochberg).
public enum PValueAdjustment: String, Sendable, CaseIterable {
    /// Holm's step-down method (Holm 1979, "A simple sequentially rejective multiple test
    /// procedure"): controls the family-wise error rate (the chance of any false finding)
    /// under any dependence between the tests. With the p-values sorted,
    /// p₍₁₎ ≤ … ≤ p₍ₘ₎, the adjusted value of p₍ᵢ₎ is max over j ≤ i of (m − j + 1) p₍ⱼ₎,
    /// capped at 1.
    case holm
    /// The Benjamini–Hochberg step-up method (Benjamini & Hochberg 1995, "Controlling the
    /// false discovery rate"): controls the expected share of false findings among the
    /// significant ones, for independent or positively dependent tests. The adjusted value
    /// of p₍ᵢ₎ is min over j ≥ i of m p₍ⱼ₎ / j, capped at 1.
    case benjaminiHochberg = "bh"
    /// No adjustment: each p-value as it is.
    case unadjusted = "none"

    /// `pValues` adjusted together.
    ///
    /// The family is the entries that are numbers: a nil or NaN entry (a test that could not
    /// be computed) is not in it, does not count towards its size, and comes back nil. The
    /// values are taken to lie in [0, 1]. Adjusted values keep the order of the raw ones
    /// (monotone), are never below them and never above 1, and tied raw values get one
    /// adjusted value, whichever order the ties come in.
    ///
    /// - Parameter pValues: the family, in any order.
    /// - Returns: an adjusted value per entry of `pValues`, at the same positions.
    /// - Complexity: O(*m* log *m*) for a family of *m*.
    public func adjusted(_ pValues: [Double?]) -> [Double?] {
        var adjusted = [Double?](repeating: nil, count: pValues.count)
        var family: [(p: Double, index: Int)] = []
        family.reserveCapacity(pValues.count)
        for (index, p) in pValues.enumerated() {
            if let p, !p.isNaN { family.append((p, index)) }
        }
        guard !family.isEmpty else { return adjusted }
        family.sort { ($0.p, $0.index) < ($1.p, $1.index) }
        let m = Double(family.count)
        switch self {
        case .holm:
            // Step down from the smallest: each value at least the one before it.
            var running = 0.0
            for (rank, member) in family.enumerated() {
                running = max(running, min(1, (m - Double(rank)) * member.p))
                adjusted[member.index] = running
            }
        case .benjaminiHochberg:
            // Step up from the largest: each value at most the one after it. The factor
            // m / i is at least 1 and at most Holm's m − i + 1 after rounding too, so that
            // an adjusted value is never below its p-value, nor above Holm's, even for the
            // smallest doubles.
            var running = 1.0
            for rank in family.indices.reversed() {
                let member = family[rank]
                running = min(running, member.p * (m / Double(rank + 1)))
                adjusted[member.index] = running
            }
        case .unadjusted:
            for member in family { adjusted[member.index] = member.p }
        }
        return adjusted
    }
}
