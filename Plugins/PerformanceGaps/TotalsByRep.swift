/// Each rep's funnel totals over a range of reps' codes: a part's rows name a few of the
/// org's reps (a block of `run --blocks`, a thread's rows of a file sorted by rep), so its
/// state holds those reps only, not one entry per rep of reps.csv. A rep outside the range
/// has no months. Equal when every rep's totals are, whatever the ranges held.
struct TotalsByRep: Sendable, Equatable {
    /// The code of the first rep held.
    private(set) var firstRep = 0
    private(set) var values: [FunnelTotals] = []

    /// The reps held (codes).
    var reps: Range<Int> { firstRep..<(firstRep + values.count) }

    /// Totals of the reps `reps`, all empty.
    init(reps: Range<Int>) {
        firstRep = reps.lowerBound
        values = [FunnelTotals](repeating: FunnelTotals(), count: reps.count)
    }

    /// `values[i]` the totals of rep `firstRep + i`.
    init(firstRep: Int, values: [FunnelTotals]) {
        self.firstRep = firstRep
        self.values = values
    }

    init() {}

    subscript(rep: Int) -> FunnelTotals {
        get { reps.contains(rep) ? values[rep - firstRep] : FunnelTotals() }
        set {
            cover(rep..<(rep + 1))
            values[rep - firstRep] = newValue
        }
    }

    /// Adds `other`'s totals rep by rep.
    mutating func merge(_ other: TotalsByRep) {
        let held = other.values.indices.filter { other.values[$0].months > 0 }
        guard let first = held.first, let last = held.last else { return }
        cover((other.firstRep + first)..<(other.firstRep + last + 1))
        for index in held { values[other.firstRep + index - firstRep].merge(other.values[index]) }
    }

    /// Each rep with months, in order of code, with its totals.
    var withMonths: [(rep: Int, totals: FunnelTotals)] {
        values.indices.filter { values[$0].months > 0 }.map { (firstRep + $0, values[$0]) }
    }

    /// Grows the range to hold `wanted` too: in place when it only extends the end, as the
    /// blocks of a run arrive in order.
    private mutating func cover(_ wanted: Range<Int>) {
        if values.isEmpty {
            self = TotalsByRep(reps: wanted)
            return
        }
        if wanted.upperBound > reps.upperBound {
            values.append(contentsOf: repeatElement(FunnelTotals(), count: wanted.upperBound - reps.upperBound))
        }
        if wanted.lowerBound < firstRep {
            values.insert(contentsOf: repeatElement(FunnelTotals(), count: firstRep - wanted.lowerBound), at: 0)
            firstRep = wanted.lowerBound
        }
    }

    static func == (a: TotalsByRep, b: TotalsByRep) -> Bool {
        a.withMonths.elementsEqual(b.withMonths) { $0.rep == $1.rep && $0.totals == $1.totals }
    }
}
