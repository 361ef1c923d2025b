import CoachLabData

/// The (rep, month) pairs of performance.csv a state covers, as runs of consecutive months
/// per rep: what lets `merge` refuse one rep-month in two shards (overlapping splits, a
/// shard partly merged twice, another export's rows of the same months).
///
/// Runs are sorted by rep, then month, and a rep's runs neither overlap nor touch (touching
/// runs are one run): the same rep-months are the same value, however they were split.
public struct RepMonthCoverage: Sendable, Equatable {
    /// `months` consecutive months of one rep, from `first`.
    public struct Run: Sendable, Equatable {
        /// The rep's row in reps.csv (its code).
        public var rep: Int32
        /// The first month (``MonthIndex``).
        public var first: Int32
        /// At least 1.
        public var months: Int32

        public init(rep: Int32, first: Int32, months: Int32) {
            self.rep = rep
            self.first = first
            self.months = months
        }

        /// The month after the last.
        var end: Int32 { first + months }
    }

    /// One rep-month that two coverages both hold.
    public struct Overlap: Error, Sendable, Equatable {
        public var rep: Int32
        public var month: Int32
    }

    public private(set) var runs: [Run]
    /// Rep-months in all: the rows of performance.csv covered.
    public private(set) var repMonths: Int
    /// Reps with at least one month.
    public private(set) var repCount: Int

    public init() {
        runs = []
        repMonths = 0
        repCount = 0
    }

    /// A coverage of `runs`, which must already be in order, neither overlapping nor
    /// touching (``Reader`` checks a state's before building one).
    init(canonical runs: [Run]) {
        self.runs = runs
        repMonths = runs.reduce(0) { $0 + Int($1.months) }
        var reps = 0
        var previous: Int32?
        for run in runs where run.rep != previous {
            reps += 1
            previous = run.rep
        }
        repCount = reps
    }

    /// The rep-months of `performance`'s rows, whose reps are codes below `repCount`, in
    /// any row order. A (rep, month) held twice counts once (a loaded table has none).
    /// - Complexity: O(rows + reps): the months are bucketed by rep, then each rep's sorted
    ///   (already in order in the usual layouts, checked before sorting).
    public init(of performance: Performance, repCount: Int) {
        let rows = performance.count
        var starts = [Int](repeating: 0, count: repCount + 1)
        for row in 0..<rows { starts[Int(performance.reps[row]) + 1] += 1 }
        for rep in 0..<repCount { starts[rep + 1] += starts[rep] }
        var next = starts
        var months = [Int32](repeating: 0, count: rows)
        for row in 0..<rows {
            let rep = Int(performance.reps[row])
            months[next[rep]] = performance.periods[row]
            next[rep] += 1
        }
        var runs: [Run] = []
        for rep in 0..<repCount where starts[rep] < starts[rep + 1] {
            let range = starts[rep]..<starts[rep + 1]
            if !months[range].isSorted() { months[range].sort() }
            var current = Run(rep: Int32(rep), first: months[range.lowerBound], months: 1)
            for month in months[range].dropFirst() {
                if month < current.end { continue }
                if month == current.end {
                    current.months += 1
                } else {
                    runs.append(current)
                    current = Run(rep: Int32(rep), first: month, months: 1)
                }
            }
            runs.append(current)
        }
        self.init(canonical: runs)
    }

    /// The rep-months of `dataset`'s performance.csv.
    public init(of dataset: Dataset) {
        self.init(of: dataset.performance, repCount: dataset.reps.count)
    }

    /// Whether rep `rep` has month `month`.
    /// - Complexity: O(log runs).
    public func covers(rep: Int32, month: Int32) -> Bool {
        var low = 0
        var high = runs.count
        // The first run after (rep, month).
        while low < high {
            let middle = (low + high) / 2
            let run = runs[middle]
            if run.rep < rep || (run.rep == rep && run.first <= month) { low = middle + 1 } else { high = middle }
        }
        guard low > 0 else { return false }
        let run = runs[low - 1]
        return run.rep == rep && month < run.end
    }

    /// Both coverages together.
    /// - Throws: ``Overlap``, the first rep-month (by rep, then month) that both hold.
    /// - Complexity: O(runs of both).
    public func union(_ other: RepMonthCoverage) throws(Overlap) -> RepMonthCoverage {
        if other.runs.isEmpty { return self }
        if runs.isEmpty { return other }
        var merged: [Run] = []
        merged.reserveCapacity(runs.count + other.runs.count)
        var mine = runs.startIndex
        var theirs = other.runs.startIndex
        while mine < runs.endIndex || theirs < other.runs.endIndex {
            let takeMine: Bool
            if mine == runs.endIndex {
                takeMine = false
            } else if theirs == other.runs.endIndex {
                takeMine = true
            } else {
                let a = runs[mine]
                let b = other.runs[theirs]
                takeMine = a.rep < b.rep || (a.rep == b.rep && a.first <= b.first)
            }
            let run = takeMine ? runs[mine] : other.runs[theirs]
            if takeMine { mine += 1 } else { theirs += 1 }
            if let last = merged.last, last.rep == run.rep, run.first <= last.end {
                guard run.first == last.end else { throw Overlap(rep: run.rep, month: run.first) }
                merged[merged.count - 1].months += run.months
            } else {
                merged.append(run)
            }
        }
        return RepMonthCoverage(canonical: merged)
    }
}

extension MutableCollection where Self: RandomAccessCollection, Element: Comparable {
    fileprivate func isSorted() -> Bool {
        zip(self, dropFirst()).allSatisfy { $0 <= $1 }
    }
}
