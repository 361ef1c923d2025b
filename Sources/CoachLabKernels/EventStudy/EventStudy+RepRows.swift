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
            let months = grid.months, groupCount = counts.groups, countedMonths = counts.months
            // Grid column c is counts column c + margin.
            let margin = Int(grid.firstMonth - counts.firstMonth)
            let relativeMonths = EventStudy.relativeMonths, timeOffset = self.timeOffset
            let width = relativeMonths.count
            var seen: UInt64 = 0
            precondition(counts.reps.contains(rep), "the rep's events are counted")
            let slot = rep - counts.reps.lowerBound
            counts.counts.withUnsafeBufferPointer { all in
            groups.withUnsafeBufferPointer { groups in
            relativeMonths.withUnsafeBufferPointer { relativeMonths in
                let repCounts = UnsafeBufferPointer(rebasing: all[(slot * countedMonths * groupCount)..<((slot + 1) * countedMonths * groupCount)])
                unit.replaceRows(maximumRows: months) { rows in
                    for column in 0..<months {
                        guard let value = grid.attainment(rep: rep, column: column) else { continue }
                        rows.appendRow(time: Int32(column + timeOffset), outcome: value)
                        for g in 0..<groups.count {
                            let group = groups[g]
                            for r in 0..<width {
                                let eventColumn = column - relativeMonths[r] + margin
                                guard eventColumn >= 0 && eventColumn < countedMonths else { continue }
                                let count = repCounts[eventColumn * groupCount + group]
                                rows.setRegressor(g * width + r, Double(count))
                                seen |= count != 0 ? 1 << UInt64(g) : 0
                            }
                        }
                    }
                }
            }}}
            return seen
        }
    }
}
