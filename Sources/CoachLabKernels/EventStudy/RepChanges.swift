import CoachLabPluginAPI

/// Each rep's before/after changes per group of events (``EventOutcomes``) as a partial
/// state keeps them: per rep, its manager and, per group, the number of changes and their
/// sum. A rep's changes are all in the part that holds the rep, so states union.
public struct RepChanges: Sendable, Equatable {
    public let groups: Int
    private var reps: [Int32: Entry] = [:]

    struct Entry: Equatable {
        var manager: Int32
        var counts: [Int]
        var sums: [Double]
    }

    /// No rep's changes.
    public init(groups: Int) { self.groups = groups }

    /// The changes `outcomes` recorded, each rep with its manager in `repManagers`.
    public init(_ outcomes: EventOutcomes, groups: Int, repManagers: [Int32]) {
        self.init(groups: groups)
        for group in 0..<groups {
            for (rep, count, sum) in outcomes.repTotals(group: group) {
                if reps[Int32(rep)] == nil {
                    reps[Int32(rep)] = Entry(manager: repManagers[rep], counts: .init(repeating: 0, count: groups),
                                             sums: .init(repeating: 0, count: groups))
                }
                reps[Int32(rep)]!.counts[group] = count
                reps[Int32(rep)]!.sums[group] = sum
            }
        }
    }

    /// The reps of both (which must hold other reps: ``sharedRep(with:)``).
    public mutating func merge(_ other: RepChanges) {
        reps.merge(other.reps) { mine, _ in mine }
    }

    /// A rep both hold, which whole-rep parts never do; nil when none.
    public func sharedRep(with other: RepChanges) -> Int32? {
        let (smaller, larger) = reps.count <= other.reps.count ? (reps, other.reps) : (other.reps, reps)
        return smaller.keys.filter { larger[$0] != nil }.min()
    }

    /// Each rep's mean change after `group`'s events, and the reps, in order of rep.
    public func means(group: Int) -> (means: [Double], reps: [Int]) {
        var means: [Double] = [], codes: [Int] = []
        for rep in reps.keys.sorted() {
            let entry = reps[rep]!
            guard entry.counts[group] > 0 else { continue }
            means.append(entry.sums[group] / Double(entry.counts[group]))
            codes.append(Int(rep))
        }
        return (means, codes)
    }

    /// Each rep's manager, indexed by rep code, for the reps with a change (others: -1).
    public var repManagers: [Int32] {
        var managers = [Int32](repeating: -1, count: Int(reps.keys.max() ?? -1) + 1)
        for (rep, entry) in reps { managers[Int(rep)] = entry.manager }
        return managers
    }

    /// A `rep_change` record per rep: code, manager, then count and sum per group.
    public func encode(to writer: inout Partial.Writer) {
        for rep in reps.keys.sorted() {
            let entry = reps[rep]!
            var fields: [any Partial.Field] = [Int(rep), Int(entry.manager)]
            for group in 0..<groups { fields += [entry.counts[group], entry.sums[group]] }
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
            var entry = Entry(manager: Int32(try record.code(1, below: managers)), counts: [], sums: [])
            for group in 0..<groups {
                entry.counts.append(try record.count(2 + 2 * group, atMost: events[group]))
                let sum: Double = try record.field(3 + 2 * group)
                guard sum.isFinite else { throw Partial.FormatError(line: record.line, "a rep's change is not a finite number") }
                entry.sums.append(sum)
            }
            reps[Int32(rep)] = entry
        }
    }
}
