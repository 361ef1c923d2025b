import CoachLabPluginAPI
import CoachLabStatistics

extension EventStudy {
    /// Each manager's score on the model's regressors at the coefficients of the merged
    /// ``FirstPass``, over some reps: each rep's score added exactly to its manager's, so
    /// that any grouping of reps merges into the scores of all of them, to the bit.
    public struct SecondPass: Sendable, Equatable {
        /// The model's regressors (its groups' relative months); 0 without a model.
        public let regressors: Int
        /// Per manager with a rep-month in the model, its score.
        var scores: [Int32: [Partial.ExactSum]]

        init(regressors: Int, scores: [Int32: [Partial.ExactSum]] = [:]) {
            self.regressors = regressors
            self.scores = scores
        }

        /// The scores of the reps `reps` of `grid`, with their events `counts` and managers
        /// `repManagers`, at the fit of `first`, the merged first pass of all reps. Empty
        /// when `first` has no model.
        public init(grid: RepMonthGrid, counts: Counts, reps: Range<Int>, repManagers: [Int32], given first: FirstPass) {
            self.init(grid: grid, counts: counts, reps: reps, repManagers: repManagers, given: first, fit: first.fit)
        }

        /// The same, with `fit`, the fit of `first`, formed once for many calls.
        init(grid: RepMonthGrid, counts: Counts, reps: Range<Int>, repManagers: [Int32], given first: FirstPass,
             fit: ShortPanelRegression.Fit?) {
            guard let fit else {
                self.init(regressors: 0)
                return
            }
            self.init(regressors: fit.coefficients.count)
            let rows = RepRows(
                grid: grid, counts: counts, groups: first.groupsWithEvents, timeOffset: Int(grid.firstMonth - first.firstMonth))
            var unit = ShortPanelRegression.UnitRows(regressors: rows.regressors)
            var residualSums = [Double](repeating: 0, count: regressors + fit.timeCount)
            var score = [Double](repeating: 0, count: regressors)
            for rep in reps {
                rows.fill(&unit, rep: rep)
                guard unit.count > 0 else { continue }
                for i in residualSums.indices { residualSums[i] = 0 }
                residualSums.withUnsafeMutableBufferPointer { sums in
                    ShortPanelRegression.ClusterScores.addUnitSums(unit, fit: fit, into: sums)
                }
                fit.clusterScore(residualSums[...], into: &score)
                let manager = repManagers[rep]
                // Added in place: a copy taken out of the table would be copied again on write.
                if scores[manager] == nil { scores[manager] = [Partial.ExactSum](repeating: .init(), count: regressors) }
                for a in 0..<regressors { scores[manager]![a].add(score[a]) }
            }
        }

        /// The scores of these reps and `other`'s.
        public mutating func merge(_ other: SecondPass) {
            precondition(other.regressors == regressors, "scores of one model")
            for (manager, theirs) in other.scores {
                if var mine = scores[manager] {
                    for a in 0..<regressors { mine[a].merge(theirs[a]) }
                    scores[manager] = mine
                } else {
                    scores[manager] = theirs
                }
            }
        }

        /// The managers' scores in order of manager code; nil when a sum overflowed.
        var orderedScores: [[Double]]? {
            var ordered: [[Double]] = []
            for manager in scores.keys.sorted() {
                var score: [Double] = []
                for sum in scores[manager]! {
                    guard let value = sum.value else { return nil }
                    score.append(value)
                }
                ordered.append(score)
            }
            return ordered
        }
    }
}
