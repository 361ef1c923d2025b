import CoachLabPluginAPI

/// The rep-months with calls, by their number of calls: per distinct value, its rows and,
/// for each outcome of the activity curve (opportunities, pipeline, attainment), how many
/// of them have it and its exact sum. Everything the curve shows but its reps follows from
/// it, and histograms of any split of the rows add up to the histogram of all of them.
struct CallsHistogram: Sendable, Equatable {
    /// The outcomes the curve averages.
    static let outcomes = 3

    /// The distinct values of calls, ascending, each finite and never -0.
    private(set) var values: [Double] = []
    /// Rows with each value (at least 1).
    private(set) var rows: [Int] = []
    /// Per value, per outcome (at `value·outcomes + outcome`): rows that have the outcome,
    /// and its sum over them.
    private(set) var outcomeRows: [Int] = []
    private(set) var outcomeSums: [Partial.ExactSum] = []

    init() {}

    /// Distinct values.
    var count: Int { values.count }
    /// Rows with calls.
    var totalRows: Int { rows.reduce(0, +) }

    /// Appends a value above every value so far, with its rows and outcomes (as a state
    /// record holds them).
    mutating func append(_ value: Double, rows count: Int, outcomeRows counts: [Int], outcomeSums sums: [Partial.ExactSum]) {
        precondition(values.last.map { $0 < value } ?? true && counts.count == Self.outcomes && sums.count == Self.outcomes,
                     "values ascending, a count and a sum per outcome")
        values.append(value)
        rows.append(count)
        outcomeRows.append(contentsOf: counts)
        outcomeSums.append(contentsOf: sums)
    }

    /// Adds the rows of `other`: the two lists of values merged in order.
    mutating func merge(_ other: CallsHistogram) {
        guard !other.values.isEmpty else { return }
        var merged = CallsHistogram()
        var (a, b) = (0, 0)
        while a < values.count || b < other.values.count {
            if b == other.values.count || (a < values.count && values[a] < other.values[b]) {
                merged.appendBin(of: self, a)
                a += 1
            } else if a == values.count || other.values[b] < values[a] {
                merged.appendBin(of: other, b)
                b += 1
            } else {
                merged.appendBin(of: self, a)
                let last = merged.values.count - 1
                merged.rows[last] += other.rows[b]
                for o in 0..<Self.outcomes {
                    merged.outcomeRows[last * Self.outcomes + o] += other.outcomeRows[b * Self.outcomes + o]
                    merged.outcomeSums[last * Self.outcomes + o].merge(other.outcomeSums[b * Self.outcomes + o])
                }
                a += 1
                b += 1
            }
        }
        self = merged
    }

    private mutating func appendBin(of histogram: CallsHistogram, _ bin: Int) {
        let range = (bin * Self.outcomes)..<((bin + 1) * Self.outcomes)
        append(histogram.values[bin], rows: histogram.rows[bin],
               outcomeRows: Array(histogram.outcomeRows[range]), outcomeSums: Array(histogram.outcomeSums[range]))
    }
}

extension CallsHistogram {
    /// Gathers a histogram one row at a time, then sorts its values once.
    struct Builder {
        /// Bins of whole values from 0 below this, indexed by the value; others by their bits.
        static let denseLimit = 65_536
        private var denseBin: [Int32] = []
        private var otherBin: [UInt64: Int32] = [:]
        private var values: [Double] = []
        private var rows: [Int] = []
        private var outcomeRows: [Int] = []
        private var outcomeSums: [Partial.ExactSum] = []

        init() {}

        /// Adds a row with `calls` (not NaN) and the outcomes `outcomes` (NaN where missing).
            mutating func add(calls: Double, _ opportunities: Double, _ pipeline: Double, _ attainment: Double) {
            let bin = self.bin(of: calls + 0)  // + 0 turns -0 into 0
            rows[bin] += 1
            let base = bin * CallsHistogram.outcomes
            if !opportunities.isNaN { outcomeRows[base] += 1; outcomeSums[base].add(opportunities) }
            if !pipeline.isNaN { outcomeRows[base + 1] += 1; outcomeSums[base + 1].add(pipeline) }
            if !attainment.isNaN { outcomeRows[base + 2] += 1; outcomeSums[base + 2].add(attainment) }
        }

            private mutating func bin(of value: Double) -> Int {
            if value >= 0 && value < Double(Self.denseLimit) && value == value.rounded(.towardZero) {
                let index = Int(value)
                if index >= denseBin.count { denseBin.append(contentsOf: repeatElement(-1, count: index + 1 - denseBin.count)) }
                if denseBin[index] < 0 { denseBin[index] = Int32(newBin(value)) }
                return Int(denseBin[index])
            }
            if let bin = otherBin[value.bitPattern] { return Int(bin) }
            let bin = newBin(value)
            otherBin[value.bitPattern] = Int32(bin)
            return bin
        }

        private mutating func newBin(_ value: Double) -> Int {
            values.append(value)
            rows.append(0)
            outcomeRows.append(contentsOf: repeatElement(0, count: CallsHistogram.outcomes))
            outcomeSums.append(contentsOf: repeatElement(Partial.ExactSum(), count: CallsHistogram.outcomes))
            return values.count - 1
        }

        /// The histogram, values ascending.
        func histogram() -> CallsHistogram {
            var histogram = CallsHistogram()
            for bin in values.indices.sorted(by: { values[$0] < values[$1] }) {
                let range = (bin * CallsHistogram.outcomes)..<((bin + 1) * CallsHistogram.outcomes)
                histogram.append(values[bin], rows: rows[bin], outcomeRows: Array(outcomeRows[range]),
                                 outcomeSums: Array(outcomeSums[range]))
            }
            return histogram
        }
    }
}
