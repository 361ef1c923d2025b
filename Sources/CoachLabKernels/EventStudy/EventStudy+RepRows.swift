import CoachLabStatistics

extension EventStudy {
    /// A rep's observations in the event study: its months with attainment, each with the
    /// number of each group's events `k` months before it, for k in ``relativeMonths``.
    struct RepRows: Sendable {
        let grid: RepMonthGrid
        let counts: Counts
        /// The groups whose regressors the rows carry, in order.
        let groups: [Int]
        /// The time code of the grid's first month: the panel's months may begin earlier.
        let timeOffset: Int

        var regressors: Int { groups.count * EventStudy.relativeMonths.count }

        /// Fills `unit` with `rep`'s rows; returns a bit per group (of ``groups``) with a
        /// regressor other than 0.
        @discardableResult
        func fill(_ unit: inout ShortPanelRegression.UnitRows, rep: Int) -> UInt64 {
            unit.removeAll()
            let months = grid.months, groupCount = counts.groups, countedMonths = counts.months
            // Grid column c is counts column c + margin.
            let margin = Int(grid.firstMonth - counts.firstMonth)
            let width = EventStudy.relativeMonths.count
            var seen: UInt64 = 0
            precondition(counts.reps.contains(rep), "the rep's events are counted")
            let slot = rep - counts.reps.lowerBound
            counts.counts.withUnsafeBufferPointer { all in
                let repCounts = UnsafeBufferPointer(rebasing: all[(slot * countedMonths * groupCount)..<((slot + 1) * countedMonths * groupCount)])
                for column in 0..<months {
                    guard let value = grid.attainment(rep: rep, column: column) else { continue }
                    unit.append(time: Int32(column + timeOffset), outcome: value) { indices, values in
                        // Every regressor written, the index advanced only past those other
                        // than 0: ascending, and no branch on the count.
                        var written = 0
                        for (g, group) in groups.enumerated() {
                            for (r, k) in EventStudy.relativeMonths.enumerated() {
                                let eventColumn = column - k + margin
                                guard eventColumn >= 0 && eventColumn < countedMonths else { continue }
                                let count = repCounts[eventColumn * groupCount + group]
                                indices[written] = g * width + r
                                values[written] = Double(count)
                                seen |= count != 0 ? 1 << UInt64(g) : 0
                                written &+= count != 0 ? 1 : 0
                            }
                        }
                        return written
                    }
                }
            }
            return seen
        }
    }
}
