import CoachLabPluginAPI
import CoachLabKernels

extension TimeState {
    /// The state of the reps `context` counts: their sessions, for the managers who held
    /// them, and their months, for their reps.csv managers' teams.
    init(_ context: Partial.Context, minimumMonthsForSlope: Int) {
        let dataset = context.dataset
        self.init(managerIDs: dataset.managers.ids, managerTiers: dataset.managers.tiers)
        let reps = context.reps ?? 0..<dataset.reps.count
        if let sessions = dataset.coachingSessions {
            // Distinct (manager, rep) pairs and (tier, rep) pairs: a rep's sessions are all here.
            var coachedPairs = Set<Int64>()
            var coachedByTier = [Set<Int32>](repeating: [], count: CoachingTier.allCases.count)
            for s in 0..<sessions.count {
                let rep = sessions.reps[s]
                guard reps.contains(Int(rep)) else { continue }
                let m = Int(sessions.managers[s])
                managers[m].sessions += 1
                if coachedPairs.insert(Int64(m) << 32 | Int64(rep)).inserted { managers[m].repsCoached += 1 }
                coachedByTier[managerTiers[m].rawValue].insert(rep)
                // A session of unknown length (possible only in a dataset built in code) counts
                // as a session, not as minutes.
                let length = sessions.durationsMinutes[s].isFinite ? sessions.durationsMinutes[s] : 0
                managers[m].minutes.add(length)
                if sessions.kinds[s].isDevelopmental {
                    managers[m].developmentalMinutes.add(length)
                } else {
                    managers[m].problemSolving += 1
                }
            }
            repsCoachedByTier = coachedByTier.map(\.count)
        }
        // The team's outcomes: attainment rate and mean rep slope, per reps.csv manager.
        let grid = RepMonthGrid(dataset.performance, reps: dataset.reps.count, covering: reps)
        for rep in reps {
            let m = Int(dataset.reps.managers[rep])
            for column in 0..<grid.months {
                guard let value = grid.attainment(rep: rep, column: column) else { continue }
                managers[m].validRepMonths += 1
                if value >= 1 { managers[m].attained += 1 }
            }
            if let slope = grid.slope(rep: rep, minimumMonths: minimumMonthsForSlope) {
                managers[m].slopes += 1
                managers[m].slopeSum.add(slope)
            }
        }
    }
}
