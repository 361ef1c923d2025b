import CoachLabPluginAPI

/// Each rep's before/after changes per group of events (``EventOutcomes``) as a partial
/// state keeps them: per rep, its manager and, per group, the number of changes and their
/// sum. A rep's changes are all in the part that holds the rep, so states union.
public struct RepChanges: Sendable, Equatable {
    public let groups: Int
    /// The reps with a change, ascending, each with its manager; then per rep its `groups`
    /// counts and sums, end to end: a few arrays for the whole org, not two per rep.
    private var reps: [Int32] = []
    private var managers: [Int32] = []
    private var counts: [Int] = []
    private var sums: [Double] = []

    /// No rep's changes.
    public init(groups: Int) { self.groups = groups }

    /// The changes `outcomes` recorded, each rep with its manager in `repManagers`.
    public init(_ outcomes: EventOutcomes, groups: Int, repManagers: [Int32]) {
        self.init(groups: groups)
        let totals = (0..<groups).map(outcomes.repTotals(group:))
        for rep in Set(totals.flatMap { $0.map(\.rep) }).sorted() {
            append(rep: Int32(rep), manager: repManagers[rep])
        }
        for (group, changes) in totals.enumerated() {
            // Both in order of rep: one walk finds each rep's slot.
            var slot = 0
            for (rep, count, sum) in changes {
                while reps[slot] != Int32(rep) { slot += 1 }
                counts[slot * groups + group] = count
                sums[slot * groups + group] = sum
            }
        }
    }

    /// A rep after every rep held, with no change yet.
    private mutating func append(rep: Int32, manager: Int32) {
        reps.append(rep)
        managers.append(manager)
        counts.append(contentsOf: repeatElement(0, count: groups))
        sums.append(contentsOf: repeatElement(0, count: groups))
    }

    /// The reps of both (which must hold other reps: ``sharedRep(with:)``). In place when
    /// `other`'s reps all come after these, as a run's blocks do.
    public mutating func merge(_ other: RepChanges) {
        guard let first = other.reps.first else { return }
        if let last = reps.last, first < last {
            var merged = RepChanges(groups: groups)
            var (mine, theirs) = (0, 0)
            while mine < reps.count || theirs < other.reps.count {
                if theirs == other.reps.count || (mine < reps.count && reps[mine] < other.reps[theirs]) {
                    merged.take(mine, of: self)
                    mine += 1
                } else {
                    merged.take(theirs, of: other)
                    theirs += 1
                }
            }
            self = merged
        } else {
            reps += other.reps
            managers += other.managers
            counts += other.counts
            sums += other.sums
        }
    }

    /// Appends the rep at `index` of `source`.
    private mutating func take(_ index: Int, of source: RepChanges) {
        reps.append(source.reps[index])
        managers.append(source.managers[index])
        counts += source.counts[(index * groups)..<((index + 1) * groups)]
        sums += source.sums[(index * groups)..<((index + 1) * groups)]
    }

    /// A rep both hold, which whole-rep parts never do; nil when none.
    public func sharedRep(with other: RepChanges) -> Int32? {
        var (mine, theirs) = (0, 0)
        while mine < reps.count && theirs < other.reps.count {
            if reps[mine] == other.reps[theirs] { return reps[mine] }
            if reps[mine] < other.reps[theirs] { mine += 1 } else { theirs += 1 }
        }
        return nil
    }

    /// Each rep's mean change after `group`'s events, and the reps, in order of rep.
    public func means(group: Int) -> (means: [Double], reps: [Int]) {
        var means: [Double] = [], codes: [Int] = []
        for slot in reps.indices where counts[slot * groups + group] > 0 {
            means.append(sums[slot * groups + group] / Double(counts[slot * groups + group]))
            codes.append(Int(reps[slot]))
        }
        return (means, codes)
    }

    /// Each rep's manager, indexed by rep code, for the reps with a change (others: -1).
    public var repManagers: [Int32] {
        var byRep = [Int32](repeating: -1, count: Int(reps.last ?? -1) + 1)
        for (rep, manager) in zip(reps, managers) { byRep[Int(rep)] = manager }
        return byRep
    }

    /// A `rep_change` record per rep: code, manager, then count and sum per group.
    public func encode(to writer: inout Partial.Writer) {
        for slot in reps.indices {
            var fields: [any Partial.Field] = [Int(reps[slot]), Int(managers[slot])]
            for group in 0..<groups { fields += [counts[slot * groups + group], sums[slot * groups + group]] }
            writer.record("rep_change", fields)
        }
    }

    /// Reads the records ``encode(to:)`` wrote, reps in order, managers below `managers`,
    /// each count at most its group's events in `events`.
    public init(groups: Int, decoding reader: inout Partial.Reader, managers: Int, events: [Int]) throws(Partial.FormatError) {
        precondition(events.count == groups, "a bound per group")
        self.init(groups: groups)
        let repCount = reader.bounds.reps ?? Partial.Bounds.maximumDimensionRows
        var last = -1
        while reader.peek()?.name == "rep_change" {
            let record = try reader.expect("rep_change")
            try record.expectFields(2 + 2 * groups)
            let rep = try record.code(0, below: repCount)
            guard rep > last else { throw Partial.FormatError(line: record.line, "rep \(rep) out of order or listed twice") }
            last = rep
            let manager = Int32(try record.code(1, below: managers))
            var repCounts: [Int] = [], repSums: [Double] = []
            for group in 0..<groups {
                repCounts.append(try record.count(2 + 2 * group, atMost: events[group]))
                let sum: Double = try record.field(3 + 2 * group)
                guard sum.isFinite else { throw Partial.FormatError(line: record.line, "a rep's change is not a finite number") }
                repSums.append(sum)
            }
            reps.append(Int32(rep))
            self.managers.append(manager)
            counts += repCounts
            sums += repSums
        }
    }
}
