import CoachLabPluginAPI

/// A rep's eight exact funnel sums held inline (one per rep, a quarter of a million reps:
/// an array each would be as many heap allocations, and a uniqueness check per update).
struct FunnelSums: Sendable, Equatable {
    static let count = 8

    private var s0 = Partial.ExactSum(), s1 = Partial.ExactSum(), s2 = Partial.ExactSum(), s3 = Partial.ExactSum()
    private var s4 = Partial.ExactSum(), s5 = Partial.ExactSum(), s6 = Partial.ExactSum(), s7 = Partial.ExactSum()

    init() {}

    init(_ sums: [Partial.ExactSum]) {
        precondition(sums.count == Self.count)
        for index in 0..<Self.count { self[index] = sums[index] }
    }

    var array: [Partial.ExactSum] { (0..<Self.count).map { self[$0] } }

    subscript(index: Int) -> Partial.ExactSum {
        get {
            switch index {
            case 0: s0
            case 1: s1
            case 2: s2
            case 3: s3
            case 4: s4
            case 5: s5
            case 6: s6
            default: s7
            }
        }
        set {
            switch index {
            case 0: s0 = newValue
            case 1: s1 = newValue
            case 2: s2 = newValue
            case 3: s3 = newValue
            case 4: s4 = newValue
            case 5: s5 = newValue
            case 6: s6 = newValue
            default: s7 = newValue
            }
        }
    }
}
