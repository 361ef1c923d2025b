/// Agreement of two labellings of the same units (Cohen 1960), as
/// `statsmodels.stats.inter_rater.cohens_kappa` on their contingency table (unweighted).
public struct CohensKappa: Sendable, Equatable {
    /// Units labelled by both.
    public let count: Int
    /// p_o: the share of units whose two labels agree.
    public let agreement: Double
    /// p_e = Σ_c p₁(c)·p₂(c): the agreement expected by chance from each labelling's shares.
    public let chanceAgreement: Double
    /// κ = (p_o − p_e) / (1 − p_e): 0 is chance agreement, 1 perfect; nil when p_e is 1
    /// (both labellings give every unit one and the same label).
    public let kappa: Double?

    /// The agreement of `first` and `second` (labels of the same units, in the same order,
    /// each from 0 to `categories` − 1); nil when there are no units.
    /// - Complexity: O(n + categories).
    public init?(_ first: [Int], _ second: [Int], categories: Int) {
        precondition(first.count == second.count, "two labels per unit")
        guard !first.isEmpty else { return nil }
        var shares1 = [Int](repeating: 0, count: categories), shares2 = shares1
        var same = 0
        for (a, b) in zip(first, second) {
            shares1[a] += 1
            shares2[b] += 1
            if a == b { same += 1 }
        }
        let n = Double(first.count)
        count = first.count
        agreement = Double(same) / n
        chanceAgreement = zip(shares1, shares2).reduce(0) { $0 + Double($1.0) * Double($1.1) } / (n * n)
        kappa = chanceAgreement < 1 ? (agreement - chanceAgreement) / (1 - chanceAgreement) : nil
    }

    /// Landis & Koch's (1977) word for a κ: `poor` below 0, `slight` to 0.20, `fair` to 0.40,
    /// `moderate` to 0.60, `substantial` to 0.80, `almost perfect` above.
    public static func strength(_ kappa: Double) -> String {
        switch kappa {
        case ..<0: "poor"
        case ...0.2: "slight"
        case ...0.4: "fair"
        case ...0.6: "moderate"
        case ...0.8: "substantial"
        default: "almost perfect"
        }
    }
}
