import CoachLabData

/// What coaching events plant in performance.csv, per rep-month: attainment added, and the
/// factor on the rep's call rate. Empty (no reps) when the coaching tables are not written.
struct PlantedEffects {
    let months: Int
    private var lifts: [Double]
    private var callFactors: [Double]

    init(reps: Int, months: Int) {
        self.months = months
        lifts = Array(repeating: 0, count: reps * months)
        callFactors = Array(repeating: 1, count: reps * months)
    }

    func lift(rep: Int, month: Int) -> Double { lifts.isEmpty ? 0 : lifts[rep * months + month] }
    func callFactor(rep: Int, month: Int) -> Double { callFactors.isEmpty ? 1 : callFactors[rep * months + month] }

    /// Adds `amount` to the rep's attainment in the ``OrgModel/liftMonths`` after month `t`.
    mutating func addLift(_ amount: Double, rep: Int, after t: Int) {
        guard amount != 0 else { return }
        for later in (t + 1)...(t + OrgModel.liftMonths) where later >= 0 && later < months {
            lifts[rep * months + later] += amount
        }
    }

    /// Adds `amount` to the rep's attainment in month `t` alone (a bad month: `amount` < 0).
    mutating func add(_ amount: Double, rep: Int, month t: Int) {
        guard amount != 0, t >= 0, t < months else { return }
        lifts[rep * months + t] += amount
    }

    /// Raises the rep's call rate by `share` in the months after month `t` (overlapping
    /// commitments do not compound).
    mutating func raiseCalls(by share: Double, rep: Int, after t: Int) {
        guard share != 0 else { return }
        for later in (t + 1)...(t + OrgModel.liftMonths) where later >= 0 && later < months {
            callFactors[rep * months + later] = max(callFactors[rep * months + later], 1 + share)
        }
    }
}
