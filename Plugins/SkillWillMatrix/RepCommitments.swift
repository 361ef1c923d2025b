/// One rep's commitments, counted: all of them, or a half of them for the split-half check.
struct RepCommitments: Equatable {
    var commitments = 0
    var judged = 0
    var met = 0
    var outcomeSum = 0.0
    var outcomes = 0

    init() {}

    init<S: Sequence>(_ commitments: S) where S.Element == JudgedCommitment {
        for commitment in commitments { add(commitment) }
    }

    mutating func add(_ commitment: JudgedCommitment) {
        commitments += 1
        guard commitment.judged else { return }
        judged += 1
        if commitment.met { met += 1 }
        if let outcome = commitment.outcome {
            outcomeSum += outcome
            outcomes += 1
        }
    }

    /// Met / judged; nil without a judged commitment.
    var shareMet: Double? { judged > 0 ? Double(met) / Double(judged) : nil }

    /// The mean outcome of the judged commitments that have one.
    var outcome: Double? { outcomes > 0 ? outcomeSum / Double(outcomes) : nil }

    /// Met at least half of its judged commitments.
    var followsThrough: Bool { 2 * met >= judged }

    /// The quadrant the raw record gives (the rule without shrinkage): `will_gap` below
    /// half met, otherwise by the sign of the outcome.
    var rawQuadrant: Quadrant {
        guard commitments > 0 else { return .noCommitment }
        guard judged > 0 else { return .notAssessable }
        guard followsThrough else { return .willGap }
        guard let outcome else { return .notAssessable }
        return outcome > 0 ? .onTrack : .skillGap
    }
}
