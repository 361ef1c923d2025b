import CoachLabData

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The planted effects of a synthetic org, stated exactly (Datasets/README.md).
///
/// A rep-month's attainment is a = base[tier] + repEffect + repSlope × (t − c) + ε with
/// repEffect ~ N(0, 0.05), ε ~ N(0, 0.12), repSlope ~ N(trend[tier], 0.002), t the month
/// number from 0 and c its midpoint. base[tier] is solved so that P(a ≥ 1) over the months
/// equals `attainmentRate[tier]`.
public struct OrgModel: Sendable {
    /// P(bookings ≥ quota) per tier, indexed by ``CoachingTier/rawValue``
    /// (CSO Insights: 94.8% exceeds, 84.5% needs improvement; meets assumed between).
    public var attainmentRate: [Double] = [0.845, 0.900, 0.948]
    /// Mean change in attainment per month, per tier.
    public var trend: [Double] = [0.0010, 0.0025, 0.0040]
    /// Share of managers in each tier.
    public var tierShare: [Double] = [0.25, 0.50, 0.25]
    public var repEffectSD = 0.05
    public var noiseSD = 0.12
    public var slopeSD = 0.002
    /// The SD of a change in attainment per month shared by all of a manager's reps (a
    /// territory whose market grows or shrinks), drawn per manager: what makes a manager's
    /// reps move together, so that comparisons treating reps as independent overstate
    /// certainty. 0 (the default) draws nothing, leaving every other value as it was.
    public var managerTrendSD = 0.0
    /// Mean coaching sessions per rep per month, per tier.
    public var sessionsPerMonth: [Double] = [0.6, 1.0, 1.5]
    /// Share of sessions that are `problem_solving` (fire-fighting), per tier.
    public var fireFightingShare: [Double] = [0.45, 0.30, 0.15]
    /// Share of sessions that end with an assignment, per tier.
    public var assignmentShare: [Double] = [0.40, 0.65, 0.90]
    /// Mean feedback delay after a ride-along, in hours, per tier.
    public var feedbackDelayHours: [Double] = [72, 36, 12]

    /// Planted effects of coaching practice on later attainment, each added to the rep's
    /// attainment in the three months after the month of the event (0 = not planted):
    /// a ride-along or review whose feedback came within 24 hours,
    public var fastFeedbackLift = 0.0
    /// an assignment completed by its due date,
    public var followThroughLift = 0.0
    /// a developmental session that worked on one or two focus areas (not three or more).
    public var focusedSessionLift = 0.0
    /// Selection, not effect: attainment taken off the month before each ride-along or
    /// review whose feedback came within 24 hours, nothing added after — fast feedback that
    /// follows a missed month and does nothing. A before/after comparison sees a recovery;
    /// an event study sees the dip in its leads.
    public var feedbackAfterMiss = 0.0
    /// A rep who completes an assignment that commits to a calls target makes this many
    /// more calls (a share: 0.2 = 20%) in the three months after the assignment's month.
    public var commitmentCallIncrease = 0.0
    /// Attainment per month added to Enterprise reps' trend and taken from SMB reps'
    /// (Mid-Market: none): a trait that moves trends, for the programme's selection by segment.
    public var segmentTrend = 0.0
    /// A programme rolled out to teams in staggered cohorts (programs.csv); nil: none.
    public var program: ProgramRollout?
    /// Months after an event that its lift lasts.
    public static let liftMonths = 3

    public init() {}

    /// Makes coaching quality do nothing to attainment: every tier gets the meets tier's
    /// rate and trend. Practice (sessions, feedback, assignments) still differs by tier, so
    /// an org made this way is where every test of coaching should hold its size.
    public mutating func removeTierEffects() {
        let meets = CoachingTier.meets.rawValue
        attainmentRate = attainmentRate.map { _ in attainmentRate[meets] }
        trend = trend.map { _ in trend[meets] }
    }

    /// The planted tier intercepts: base[tier] with P(a ≥ 1) = attainmentRate[tier].
    public func baseAttainment(months: Int) -> [Double] {
        (0..<3).map { tier in
            let c = Double(months - 1) / 2
            func hitRate(_ base: Double) -> Double {
                var sum = 0.0
                for t in 0..<months {
                    let d = Double(t) - c
                    // The manager's trend adds a term that is exactly 0 by default, keeping
                    // the intercepts (and so every generated org) as they were.
                    let sd = (repEffectSD * repEffectSD + noiseSD * noiseSD + slopeSD * d * slopeSD * d
                        + managerTrendSD * d * managerTrendSD * d).squareRoot()
                    sum += 0.5 * erfc(-(base + trend[tier] * d - 1) / sd / 2.0.squareRoot())
                }
                return sum / Double(months)
            }
            var low = 0.5
            var high = 2.0
            for _ in 0..<100 {
                let mid = (low + high) / 2
                if hitRate(mid) < attainmentRate[tier] { low = mid } else { high = mid }
            }
            return (low + high) / 2
        }
    }
}
