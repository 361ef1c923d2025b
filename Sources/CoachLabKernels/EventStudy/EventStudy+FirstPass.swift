import CoachLabPluginAPI
import CoachLabStatistics

extension EventStudy {
    /// The event study's sums over some reps (``ShortPanelRegression/Sums``), each rep's
    /// terms added exactly, over calendar months from ``firstMonth``: the states of any
    /// grouping of reps merge into the sums of all of them, to the bit, whatever months
    /// each part's rows span. The coefficients come from the merged sums (``fit``); each
    /// manager's scores need a second pass (``SecondPass``).
    ///
    /// Every group's regressors are summed, whether or not the part has its events; the
    /// model keeps the groups with a regressor other than 0 somewhere.
    public struct FirstPass: Sendable, Equatable {
        public let groups: Int
        public let unitTrends: Bool
        /// ``MonthIndex`` of time 0; meaningful when ``months`` > 0.
        public internal(set) var firstMonth: Int32
        public internal(set) var months: Int
        public internal(set) var observations: Int
        /// Per group, whether some row has one of its regressors other than 0.
        var groupHasEvents: [Bool]
        /// Per month, whether some row has it.
        var monthSeen: [Bool]
        /// The five sums' entries, as ``ShortPanelRegression/Sums/Block`` indexes them:
        /// DᵀMD and DᵀMX with rows by month, XᵀMX upper triangle, DᵀMy, XᵀMy.
        var timeGram: [Partial.ExactSum]
        var timeRegressor: [Partial.ExactSum]
        var regressorGram: [Partial.ExactSum]
        var timeOutcome: [Partial.ExactSum]
        var regressorOutcome: [Partial.ExactSum]

        /// Regressors: each group's counts at every relative month.
        public var regressors: Int { groups * EventStudy.relativeMonths.count }

        /// Empty sums over `months` months from `firstMonth`.
        init(groups: Int, unitTrends: Bool, firstMonth: Int32, months: Int) {
            precondition(groups > 0 && groups <= 64, "one to 64 groups")
            self.groups = groups
            self.unitTrends = unitTrends
            self.firstMonth = firstMonth
            self.months = months
            observations = 0
            groupHasEvents = [Bool](repeating: false, count: groups)
            monthSeen = [Bool](repeating: false, count: months)
            let k = groups * EventStudy.relativeMonths.count
            timeGram = [Partial.ExactSum](repeating: .init(), count: months * months)
            timeRegressor = [Partial.ExactSum](repeating: .init(), count: months * k)
            regressorGram = [Partial.ExactSum](repeating: .init(), count: k * k)
            timeOutcome = [Partial.ExactSum](repeating: .init(), count: months)
            regressorOutcome = [Partial.ExactSum](repeating: .init(), count: k)
        }

        /// The sums of the reps `reps` of `grid`, with their events `counts`.
        public init(grid: RepMonthGrid, counts: Counts, reps: Range<Int>, unitTrends: Bool = true) {
            self.init(groups: counts.groups, unitTrends: unitTrends, firstMonth: grid.firstMonth, months: grid.months)
            let rows = RepRows(grid: grid, counts: counts, groups: Array(0..<groups), timeOffset: 0)
            var unit = ShortPanelRegression.UnitRows(regressors: regressors)
            var scratch = ShortPanelRegression.Sums(timeCount: months, regressors: regressors, unitTrends: unitTrends)
            var repTimes: [Int] = [], activeRegressors: [Int] = []
            var repsWithTimes: [[Int32]: Int] = [:]
            let width = EventStudy.relativeMonths.count
            for rep in reps {
                let seen = rows.fill(&unit, rep: rep)
                guard unit.count > 0 else { continue }
                for g in 0..<groups where seen & (1 << UInt64(g)) != 0 { groupHasEvents[g] = true }
                // DᵀMD is added per set of times (``addTimeGrams(_:)``), not rep by rep.
                scratch.add(unit, formingTimeGram: false)
                // A rep has one row per grid month, in ascending order.
                repTimes.removeAll(keepingCapacity: true)
                for time in unit.times {
                    repTimes.append(Int(time))
                    monthSeen[Int(time)] = true
                }
                // Regressors of groups without an event near the rep's rows are 0 throughout.
                activeRegressors.removeAll(keepingCapacity: true)
                for g in 0..<groups where seen & (1 << UInt64(g)) != 0 {
                    activeRegressors.append(contentsOf: (g * width)..<((g + 1) * width))
                }
                observations += unit.count
                flush(&scratch, times: repTimes, regressors: activeRegressors)
                repsWithTimes[unit.times, default: 0] += 1
            }
            addTimeGrams(repsWithTimes)
        }

        /// Adds DᵀMD of reps with the times of each key, as many as its count: a rep's terms
        /// there depend on its times alone, so each distinct set is formed once and added
        /// exactly that many times (the same sum, to the bit, as rep by rep).
        private mutating func addTimeGrams(_ repsWithTimes: [[Int32]: Int]) {
            let t = months
            var scratch = ShortPanelRegression.Sums(timeCount: t, regressors: 1, unitTrends: unitTrends)
            var unit = ShortPanelRegression.UnitRows(regressors: 1)
            for (times, count) in repsWithTimes {
                unit.removeAll()
                for time in times { unit.append(time: time, outcome: 0) }
                scratch.add(unit)
                let gram = scratch.index(.timeGram, 0, 0)
                scratch.withEntries { entries in
                    for (position, i) in times.enumerated() {
                        for j in times[position...] {
                            let index = gram + Int(i) * t + Int(j)
                            guard let units = Partial.ExactSum.units(of: entries[index]) else {
                                timeGram[Int(i) * t + Int(j)].add(.nan)
                                continue
                            }
                            timeGram[Int(i) * t + Int(j)].add(units: units, times: count)
                        }
                    }
                }
                scratch.removeAll()
            }
        }

        /// Adds one rep's terms in `scratch` exactly, and zeroes them there: only its months'
        /// rows and columns of the time sums, and its active regressors', can be other than 0
        /// (DᵀMD is not formed there).
        private mutating func flush(_ scratch: inout ShortPanelRegression.Sums, times: [Int], regressors active: [Int]) {
            let k = regressors
            let timeX = scratch.index(.timeRegressor, 0, 0)
            let xGram = scratch.index(.regressorGram, 0, 0), timeY = scratch.index(.timeOutcome, 0, 0)
            let xY = scratch.index(.regressorOutcome, 0, 0)
            scratch.withEntries { entries in
            timeRegressor.withUnsafeMutableBufferPointer { timeRegressor in
            regressorGram.withUnsafeMutableBufferPointer { regressorGram in
            timeOutcome.withUnsafeMutableBufferPointer { timeOutcome in
            regressorOutcome.withUnsafeMutableBufferPointer { regressorOutcome in
                @inline(__always) func move(_ index: Int, to sum: inout Partial.ExactSum) {
                    let value = entries[index]
                    if value != 0 {
                        sum.add(value)
                        entries[index] = 0
                    }
                }
                for i in times {
                    for a in active { move(timeX + i * k + a, to: &timeRegressor[i * k + a]) }
                    move(timeY + i, to: &timeOutcome[i])
                }
                for (position, a) in active.enumerated() {
                    for b in active[position...] { move(xGram + a * k + b, to: &regressorGram[a * k + b]) }
                    move(xY + a, to: &regressorOutcome[a])
                }
            }}}}}
            scratch.forgetObservations()
        }


        /// The sums of these reps and `other`'s, over the months of both.
        public mutating func merge(_ other: FirstPass) {
            precondition(other.groups == groups && other.unitTrends == unitTrends, "sums of one study")
            guard other.months > 0 else {
                absorbFlags(other)
                return
            }
            guard months > 0 else {
                let flags = groupHasEvents
                self = other
                for g in 0..<groups where flags[g] { groupHasEvents[g] = true }
                return
            }
            let first = min(firstMonth, other.firstMonth)
            let last = max(firstMonth + Int32(months) - 1, other.firstMonth + Int32(other.months) - 1)
            if first != firstMonth || Int(last - first) + 1 != months {
                self = rebased(firstMonth: first, months: Int(last - first) + 1)
            }
            let shift = Int(other.firstMonth - firstMonth)
            let k = regressors, t = months
            for i in 0..<other.months {
                for j in i..<other.months { timeGram[(i + shift) * t + j + shift].merge(other.timeGram[i * other.months + j]) }
                for a in 0..<k { timeRegressor[(i + shift) * k + a].merge(other.timeRegressor[i * k + a]) }
                timeOutcome[i + shift].merge(other.timeOutcome[i])
                if other.monthSeen[i] { monthSeen[i + shift] = true }
            }
            for index in regressorGram.indices { regressorGram[index].merge(other.regressorGram[index]) }
            for index in regressorOutcome.indices { regressorOutcome[index].merge(other.regressorOutcome[index]) }
            observations += other.observations
            absorbFlags(other)
        }

        private mutating func absorbFlags(_ other: FirstPass) {
            for g in 0..<groups where other.groupHasEvents[g] { groupHasEvents[g] = true }
        }

        /// The same sums over `months` months from `firstMonth`, which hold this state's.
        func rebased(firstMonth newFirst: Int32, months newMonths: Int) -> FirstPass {
            var moved = FirstPass(groups: groups, unitTrends: unitTrends, firstMonth: newFirst, months: newMonths)
            let shift = Int(firstMonth - newFirst), k = regressors
            for i in 0..<months {
                for j in i..<months { moved.timeGram[(i + shift) * newMonths + j + shift] = timeGram[i * months + j] }
                for a in 0..<k { moved.timeRegressor[(i + shift) * k + a] = timeRegressor[i * k + a] }
                moved.timeOutcome[i + shift] = timeOutcome[i]
                moved.monthSeen[i + shift] = monthSeen[i]
            }
            moved.regressorGram = regressorGram
            moved.regressorOutcome = regressorOutcome
            moved.observations = observations
            moved.groupHasEvents = groupHasEvents
            return moved
        }

        /// The groups in the model: those with a regressor other than 0.
        public var groupsWithEvents: [Int] { (0..<groups).filter { groupHasEvents[$0] } }

        /// The coefficients of the model of ``groupsWithEvents`` from the sums; nil without
        /// such a group, when a sum overflowed, or when the design is singular.
        public var fit: ShortPanelRegression.Fit? {
            let kept = groupsWithEvents
            guard !kept.isEmpty, months > 0 else { return nil }
            let width = EventStudy.relativeMonths.count, k = regressors, t = months
            // Model regressor → this state's regressor.
            let index = kept.flatMap { g in (0..<width).map { g * width + $0 } }
            var valid = true
            func value(_ sum: Partial.ExactSum) -> Double {
                guard let value = sum.value else {
                    valid = false
                    return 0
                }
                return value
            }
            let sums = ShortPanelRegression.Sums(
                timeCount: t, regressors: index.count, unitTrends: unitTrends, observations: observations, timeSeen: monthSeen
            ) { block, i, j in
                switch block {
                case .timeGram: value(timeGram[i * t + j])
                case .timeRegressor: value(timeRegressor[i * k + index[j]])
                case .regressorGram: value(regressorGram[min(index[i], index[j]) * k + max(index[i], index[j])])
                case .timeOutcome: value(timeOutcome[i])
                case .regressorOutcome: value(regressorOutcome[index[i]])
                }
            }
            return valid ? ShortPanelRegression.Fit(sums) : nil
        }
    }
}
