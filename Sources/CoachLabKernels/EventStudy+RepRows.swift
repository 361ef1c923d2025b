import CoachLabStatistics

extension EventStudy {
    /// A rep's observations in the event study: its months with attainment, each with the
    /// number of each group's events `k` months before it, for k in ``relativeMonths``.
    struct RepRows: Sendable {
        let grid: RepMonthGrid
        let counts: Counts
        let groups: [Int]

        var regressors: Int { groups.count * EventStudy.relativeMonths.count }

        func fill(_ unit: inout ShortPanelRegression.UnitRows, rep: Int) {
            unit.removeAll()
            let months = grid.months, groupCount = counts.groups
            let width = EventStudy.relativeMonths.count
            counts.counts.withUnsafeBufferPointer { all in
                let repCounts = UnsafeBufferPointer(rebasing: all[(rep * months * groupCount)..<((rep + 1) * months * groupCount)])
                for column in 0..<months {
                    guard let value = grid.attainment(rep: rep, column: column) else { continue }
                    unit.append(time: Int32(column), outcome: value) { indices, values in
                        // Every regressor written, the index advanced only past those other
                        // than 0: ascending, and no branch on the count.
                        var written = 0
                        for (g, group) in groups.enumerated() {
                            for (r, k) in EventStudy.relativeMonths.enumerated() {
                                let eventColumn = column - k
                                guard eventColumn >= 0 && eventColumn < months else { continue }
                                let count = repCounts[eventColumn * groupCount + group]
                                indices[written] = g * width + r
                                values[written] = Double(count)
                                written &+= count != 0 ? 1 : 0
                            }
                        }
                        return written
                    }
                }
            }
        }
    }
}
