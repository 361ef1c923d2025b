/// A manager's assessed coaching skill, ordered `needsImprovement` < `meets` < `exceeds`.
public enum CoachingTier: Int, Sendable, CaseIterable, Comparable, Hashable {
    case needsImprovement = 0
    case meets = 1
    case exceeds = 2

    /// The order in which tiers appear in every result table: best coaching first.
    public static let reportOrder: [CoachingTier] = [.exceeds, .meets, .needsImprovement]

    /// The canonical identifier used in CSV files and JSON results.
    public var id: String {
        switch self {
        case .exceeds: "exceeds"
        case .meets: "meets"
        case .needsImprovement: "needs_improvement"
        }
    }

    /// A label for people: "Exceeds expectations".
    public var label: String {
        switch self {
        case .exceeds: "Exceeds expectations"
        case .meets: "Meets expectations"
        case .needsImprovement: "Needs improvement"
        }
    }

    /// The score of the tier in trend tests: 0, 1, 2 for needs_improvement, meets, exceeds.
    public var trendScore: Double { Double(rawValue) }

    /// Recognises the canonical ids and the human labels of DATASET.md as people write
    /// them: in any case, with surrounding spaces, and with `_`, `-` or spaces between words
    /// (`EXCEEDS`, ` Meets Expectations `, `needs improvement`, `Needs_Improvement`).
    public init?(label text: String) {
        switch Self.normalized(text) {
        case "exceeds", "exceeds expectations": self = .exceeds
        case "meets", "meets expectations": self = .meets
        case "needs improvement": self = .needsImprovement
        default: return nil
        }
    }

    /// A tier label as it is compared: lower case, surrounding spaces dropped, and each run
    /// of spaces, `_` and `-` between words made one space (mapped labels are compared so too).
    public static func normalized(_ text: String) -> String {
        var out = ""
        var pendingSpace = false
        for character in text.lowercased() {
            if character == " " || character == "_" || character == "-" || character == "\t" || character == "\u{00A0}" {
                pendingSpace = !out.isEmpty
            } else {
                if pendingSpace { out.append(" ") }
                pendingSpace = false
                out.append(character)
            }
        }
        return out
    }

    public static func < (lhs: CoachingTier, rhs: CoachingTier) -> Bool { lhs.rawValue < rhs.rawValue }
}

extension String {
    /// The string without leading and trailing ASCII spaces and tabs.
    public func trimmingSpaces() -> String {
        let bytes = Array(utf8)
        var start = 0
        var end = bytes.count
        while start < end, bytes[start] == 0x20 || bytes[start] == 0x09 { start += 1 }
        while end > start, bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09 { end -= 1 }
        if start == 0 && end == bytes.count { return self }
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }
}
