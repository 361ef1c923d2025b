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
    /// Each rep's changes after each band's sessions.
    var repChanges = RepChanges(groups: LatencyBand.allCases.count)
    /// Per manager, its sessions' delays.
    var delays: [Int32: DelayCounts] = [:]
    /// Per manager, the distinct reps of its sessions with a delay; per tier (``CoachingTier``
    /// raw value), of its managers' sessions.
    var repsByManager: [Int32: Int] = [:]
    var repsByTier = [Int](repeating: 0, count: CoachingTier.allCases.count)
    var study: EventStudy.FirstPass

    init(managerIDs: [String], managerTiers: [CoachingTier], study: EventStudy.FirstPass) {
        self.managerIDs = managerIDs
        self.managerTiers = managerTiers
        self.study = study
    }

    public mutating func merge(_ other: LatencyState) {
        hasDelays = hasDelays && other.hasDelays
        for band in sessionsInBand.indices { sessionsInBand[band] += other.sessionsInBand[band] }
        withOutcome += other.withOutcome
        repChanges.merge(other.repChanges)
        for (manager, values) in other.delays { delays[manager, default: DelayCounts()].merge(values) }
        repsByManager.merge(other.repsByManager, uniquingKeysWith: +)
        for tier in repsByTier.indices { repsByTier[tier] += other.repsByTier[tier] }
        study.merge(other.study)
    }

    public func mergeProblem(with other: LatencyState) -> String? {
        if let rep = repChanges.sharedRep(with: other.repChanges) {
            return "rep with code \(rep) is in both states: whole-rep parts hold each rep once"
        }
        return study.mergeProblem(with: other.study)
    }

    /// The delays of `managers`' sessions together.
    func delays(of managers: [Int32]) -> DelayCounts {
        DelayCounts.combined(managers.compactMap { delays[$0] })
    }
}
