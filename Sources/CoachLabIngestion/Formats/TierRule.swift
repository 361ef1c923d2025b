import CoachLabData

/// How an export writes a manager's coaching tier, when not as `exceeds` / `meets` /
/// `needs_improvement`: a numeric rating cut at thresholds, or labels of its own.
public enum TierRule: Sendable, Hashable {
    /// A rating: at least `exceeds` is exceeds, at least `meets` is meets, lower is
    /// needs_improvement (e.g. a 1–5 rating with exceeds: 4, meets: 3).
    case thresholds(exceeds: Double, meets: Double, number: NumberFormat)
    /// Labels of the export and their tiers, keyed by ``CoachingTier/normalized(_:)``: matched
    /// in any case, surrounding spaces ignored and `_`, `-` and spaces alike between words.
    case labels([String: CoachingTier])

    /// The tier written in `bytes`, or nil.
    public func tier(_ bytes: UnsafeRawBufferPointer) -> CoachingTier? {
        switch self {
        case .thresholds(let exceeds, let meets, let number):
            guard let rating = number.parse(bytes), rating.isFinite else { return nil }
            return rating >= exceeds ? .exceeds : rating >= meets ? .meets : .needsImprovement
        case .labels(let labels):
            let text = String(decoding: bytes, as: UTF8.self)
            return labels[CoachingTier.normalized(text)] ?? CoachingTier(label: text)
        }
    }

    /// What the rule expects, for messages.
    public var expectation: String {
        switch self {
        case .thresholds(let exceeds, let meets, _):
            "a rating (>= \(Self.display(exceeds)) exceeds, >= \(Self.display(meets)) meets, lower needs_improvement)"
        case .labels(let labels):
            "one of " + labels.keys.sorted().map { "'\($0)'" }.joined(separator: ", ")
        }
    }

    /// The mapping key that gives the rule.
    var key: String {
        switch self {
        case .thresholds: "tiers"
        case .labels: "labels"
        }
    }

    private static func display(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }
}
