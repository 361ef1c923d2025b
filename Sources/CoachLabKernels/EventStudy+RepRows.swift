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
            let months = grid.months
            for column in 0..<months {
                guard let value = grid.attainment(rep: rep, column: column) else { continue }
                unit.append(time: Int32(column), outcome: value)
            }
            let width = EventStudy.relativeMonths.count
            // Group by group, so that each group's counts are taken up once per rep.
            for (g, group) in groups.enumerated() {
                counts.counts[group].withUnsafeBufferPointer { events in
                    let repEvents = UnsafeBufferPointer(rebasing: events[(rep * months)..<((rep + 1) * months)])
                    for observation in 0..<unit.count {
                        let column = Int(unit.times[observation])
                        for (r, k) in EventStudy.relativeMonths.enumerated() {
                            let eventColumn = column - k
                            guard eventColumn >= 0 && eventColumn < months, repEvents[eventColumn] != 0 else { continue }
                            unit.setRegressor(g * width + r, ofObservation: observation, to: Double(repEvents[eventColumn]))
                        }
                    }
                }
            }
        }
    }
}
