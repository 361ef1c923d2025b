import CoachLabPluginAPI

/// The activity curve's groups of calls values: with the n rep-months that have calls sorted
/// by calls, cut d (d = 1…9) is the calls of row ⌊n·d/10⌋ (from 0), and group d (1…10)
/// holds every rep-month whose calls lie in [cut d−1, cut d) — cut 0 the least calls, the
/// last group up to the most. Rep-months with the same calls are always in one group, so the
/// groups follow from the values alone, whatever the order or split of the rows; a group
/// whose two cuts are equal (a value that fills more than a tenth of the rows) is empty.
struct CallsGroups: Sendable {
    static let count = 10

    /// The lower cut of each group, ascending (not strictly): group d − 1 starts at
    /// `lowerCuts[d − 1]`.
    let lowerCuts: [Double]

    /// The groups of the rows `histogram` counts; nil with fewer rows than groups.
    init?(_ histogram: CallsHistogram) {
        let n = histogram.totalRows
        guard n >= Self.count else { return nil }
        var cuts: [Double] = []
        var bin = 0
        var rowsThrough = histogram.rows[0]  // rows with values up to values[bin]
        for d in 0..<Self.count {
            let position = n * d / Self.count
            while rowsThrough <= position {
                bin += 1
                rowsThrough += histogram.rows[bin]
            }
            cuts.append(histogram.values[bin])
        }
        lowerCuts = cuts
    }

    /// The group (0-based) of a rep-month with `calls`, at least the least calls.
    func group(of calls: Double) -> Int {
        var group = 0
        while group + 1 < Self.count && lowerCuts[group + 1] <= calls { group += 1 }
        return group
    }

    /// Whether group `group` (0-based) can hold rows: its cuts differ.
    func isEmpty(_ group: Int) -> Bool {
        group + 1 < Self.count && lowerCuts[group + 1] == lowerCuts[group]
    }

    /// What the curve shows of each group, from the histogram: nil for an empty group.
    func summaries(_ histogram: CallsHistogram) -> [Summary?] {
        var summaries = [Summary?](repeating: nil, count: Self.count)
        for bin in 0..<histogram.count {
            let value = histogram.values[bin]
            let group = self.group(of: value)
            var summary = summaries[group] ?? Summary(callsMin: value)
            summary.callsMax = value
            summary.rows += histogram.rows[bin]
            summary.callsSum.add(value, times: histogram.rows[bin])
            for o in 0..<CallsHistogram.outcomes {
                summary.outcomeRows[o] += histogram.outcomeRows[bin * CallsHistogram.outcomes + o]
                summary.outcomeSums[o].merge(histogram.outcomeSums[bin * CallsHistogram.outcomes + o])
            }
            summaries[group] = summary
        }
        return summaries
    }

    /// One group's rows, calls range and sums.
    struct Summary {
        var callsMin: Double
        var callsMax: Double
        var rows = 0
        var callsSum = Partial.ExactSum()
        var outcomeRows = [Int](repeating: 0, count: CallsHistogram.outcomes)
        var outcomeSums = [Partial.ExactSum](repeating: Partial.ExactSum(), count: CallsHistogram.outcomes)

        init(callsMin: Double) {
            self.callsMin = callsMin
            callsMax = callsMin
        }

        /// The mean of calls, then of each outcome over the rows that have it; nil for none
        /// or a sum too large to hold.
        var means: [Double?] {
            [callsSum.value.map { $0 / Double(rows) }]
                + (0..<CallsHistogram.outcomes).map { o in
                    outcomeRows[o] > 0 ? outcomeSums[o].value.map { $0 / Double(outcomeRows[o]) } : nil
                }
        }
    }
}
