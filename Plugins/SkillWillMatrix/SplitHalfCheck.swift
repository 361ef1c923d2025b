import CoachLabStatistics

/// How far a rep's label can be trusted: each rep's commitments split into odd and even by
/// date (the 1st, 3rd, … and the 2nd, 4th, … by `assigned_on`, ties in file order), each
/// half labelled by the raw rule, and the two labels compared over the reps whose halves
/// both get one of `on_track`, `skill_gap`, `will_gap`: the share that agree and Cohen's κ.
struct SplitHalfCheck {
    /// Reps compared, in rep order, with their two halves' labels.
    var reps: [(rep: Int, odd: Quadrant, even: Quadrant)] = []
    /// Agreement and κ over them; nil with none.
    var agreement: CohensKappa?

    /// - Parameter commitments: every commitment, in assignments.csv order.
    /// - Complexity: O(n log n) in the commitments.
    /// The check of reps whose two halves are labelled, in rep order.
    init(labels: [(rep: Int, odd: Quadrant, even: Quadrant)]) {
        reps = labels
        agreement = CohensKappa(reps.map(\.odd.rawValue), reps.map(\.even.rawValue), categories: Quadrant.placed.count)
    }

    /// Each rep's halves — its commitments numbered by date, odd and even — labelled by the
    /// unshrunk rule, for the reps whose two labels are both placed, in rep order.
    static func labels(_ commitments: [JudgedCommitment]) -> [(rep: Int, odd: Quadrant, even: Quadrant)] {
        let order = commitments.indices.sorted {
            (commitments[$0].rep, commitments[$0].day, $0) < (commitments[$1].rep, commitments[$1].day, $1)
        }
        var labels: [(rep: Int, odd: Quadrant, even: Quadrant)] = []
        var start = 0
        while start < order.count {
            let rep = commitments[order[start]].rep
            var end = start
            while end < order.count && commitments[order[end]].rep == rep { end += 1 }
            var odd = RepCommitments(), even = RepCommitments()
            for (position, index) in order[start..<end].enumerated() {
                if position % 2 == 0 { odd.add(commitments[index]) } else { even.add(commitments[index]) }
            }
            let pair = (odd.rawQuadrant, even.rawQuadrant)
            if Quadrant.placed.contains(pair.0) && Quadrant.placed.contains(pair.1) {
                labels.append((rep, pair.0, pair.1))
            }
            start = end
        }
        return labels
    }
}
