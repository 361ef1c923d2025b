import CoachLabPluginAPI
import CoachLabKernels

/// The first pass of feedback-latency over some reps (each with all its rows and
/// sessions): each rep's before/after changes per band, each manager's delays as counts
/// per value, the reps with feedback per manager and tier, and the event study's sums.
/// Reps are disjoint between parts, so their records union and their counts add.
public struct LatencyState: PartialState, Equatable {
    var managerIDs: [String]
    var managerTiers: [CoachingTier]
    /// Whether coaching_sessions.csv has feedback_delay_hours.
    var hasDelays = true
    /// Sessions with a delay per band, and those with a before/after change.
    var sessionsInBand = [Int](repeating: 0, count: LatencyBand.allCases.count)
    var withOutcome = 0
    /// Per rep with a change after a band's session: its manager and, per band, the number
    /// of changes and their sum.
    var repChanges: [Int32: RepChanges] = [:]
    /// Per manager, each delay value with the number of sessions that had it.
    var delays: [Int32: [Double: Int]] = [:]
    /// Per manager, the distinct reps of its sessions with a delay; per tier (``CoachingTier``
    /// raw value), of its managers' sessions.
    var repsByManager: [Int32: Int] = [:]
    var repsByTier = [Int](repeating: 0, count: CoachingTier.allCases.count)
    var study: EventStudy.FirstPass

    struct RepChanges: Equatable {
        var manager: Int32
        var counts = [Int](repeating: 0, count: LatencyBand.allCases.count)
        var sums = [Double](repeating: 0, count: LatencyBand.allCases.count)
    }

    init(managerIDs: [String], managerTiers: [CoachingTier], study: EventStudy.FirstPass) {
        self.managerIDs = managerIDs
        self.managerTiers = managerTiers
        self.study = study
    }

    public mutating func merge(_ other: LatencyState) {
        hasDelays = hasDelays && other.hasDelays
        for band in sessionsInBand.indices { sessionsInBand[band] += other.sessionsInBand[band] }
        withOutcome += other.withOutcome
        repChanges.merge(other.repChanges) { mine, _ in mine }
        for (manager, values) in other.delays { delays[manager, default: [:]].merge(values, uniquingKeysWith: +) }
        repsByManager.merge(other.repsByManager, uniquingKeysWith: +)
        for tier in repsByTier.indices { repsByTier[tier] += other.repsByTier[tier] }
        study.merge(other.study)
    }

    public func mergeProblem(with other: LatencyState) -> String? {
        if let rep = repChanges.keys.first(where: { other.repChanges[$0] != nil }) {
            return "rep with code \(rep) is in both states: whole-rep parts hold each rep once"
        }
        return study.mergeProblem(with: other.study)
    }

    /// Each rep's mean change after `band`'s sessions, and the reps, in order of rep.
    func repMeans(_ band: LatencyBand) -> (means: [Double], reps: [Int]) {
        var means: [Double] = [], reps: [Int] = []
        for rep in repChanges.keys.sorted() {
            let changes = repChanges[rep]!
            guard changes.counts[band.rawValue] > 0 else { continue }
            means.append(changes.sums[band.rawValue] / Double(changes.counts[band.rawValue]))
            reps.append(Int(rep))
        }
        return (means, reps)
    }

    /// Each rep's manager, for the reps with a change (others: -1).
    var repManagers: [Int32] {
        var managers = [Int32](repeating: -1, count: Int(repChanges.keys.max() ?? -1) + 1)
        for (rep, changes) in repChanges { managers[Int(rep)] = changes.manager }
        return managers
    }

    /// The delays of `managers`' sessions, in ascending order.
    func sortedDelays(of managers: [Int32]) -> [Double] {
        var values: [Double] = []
        for manager in managers {
            for (value, count) in delays[manager] ?? [:] { values.append(contentsOf: repeatElement(value, count: count)) }
        }
        return values.sorted()
    }
}
