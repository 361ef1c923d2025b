import CoachLabIngestion
import CoachLabGenerator
import CoachLabPluginAPI
import CoachLabPlugins
import CoachLabTestSupport
import Foundation
import Testing
import CoachLabRunner

/// The coaching-practice plugins on generated orgs: they find what the generator planted
/// (Datasets/README.md states it) and, where nothing is planted, do not reject more often
/// than their stated 5% error rate.
@Suite struct CoachingRecoveryTests {
    func run(_ id: String, _ model: OrgModel, reps: Int, months: Int = 12, seed: UInt64) throws -> MetricResult {
        let folder = TestFiles.temporaryDirectory("coaching-org")
        defer { try? FileManager.default.removeItem(at: folder) }
        _ = try OrgGenerator(reps: reps, months: months, seed: seed, model: model).write(to: folder.path)
        let dataset = try DatasetLoader().load(folder: folder.path).dataset
        return try PluginRunner().run([try #require(BuiltinPlugins.registry().plugin(id: id))], on: dataset)[0]
    }

    /// A model where coaching tier changes nothing.
    static var nullModel: OrgModel {
        var model = OrgModel()
        model.attainmentRate = [0.9, 0.9, 0.9]
        model.trend = [0.002, 0.002, 0.002]
        model.sessionsPerMonth = [1, 1, 1]
        model.fireFightingShare = [0.3, 0.3, 0.3]
        model.assignmentShare = [0.6, 0.6, 0.6]
        model.feedbackDelayHours = [36, 36, 36]
        // Completed calls commitments raise calls (so reps do follow through) but nothing
        // raises attainment.
        model.commitmentCallIncrease = 0.25
        return model
    }

    /// Twenty orgs of the null model, generated once for every plugin's calibration check.
    static let nullOrgs: [Dataset] = (UInt64(1)...UInt64(20)).map { seed in
        let folder = TestFiles.temporaryDirectory("null-org")
        defer { try? FileManager.default.removeItem(at: folder) }
        _ = try! OrgGenerator(reps: 600, months: 12, seed: seed, model: nullModel).write(to: folder.path)
        return try! DatasetLoader().load(folder: folder.path).dataset
    }

    /// How many of the null orgs give p < 0.05 must stay within what 5% allows:
    /// of 20, 4 or more happen with probability 1.6%. So must how many give a
    /// manager-clustered 95% interval without zero, where the plugin reports one.
    func expectCalibrated(_ id: String, pValueKey: String) throws {
        let plugin = try #require(BuiltinPlugins.registry().plugin(id: id))
        var rejections = 0
        var clusteredRejections = 0
        var clusteredIntervals = 0
        for dataset in Self.nullOrgs {
            let result = try PluginRunner().run([plugin], on: dataset)[0]
            if let p = result[summary: pValueKey]?.doubleValue, p < 0.05 { rejections += 1 }
            if let low = result[summary: "difference_clustered_ci_low"]?.doubleValue,
               let high = result[summary: "difference_clustered_ci_high"]?.doubleValue {
                clusteredIntervals += 1
                if low > 0 || high < 0 { clusteredRejections += 1 }
            }
        }
        #expect(rejections <= 3, "\(id) \(pValueKey): \(rejections) of \(Self.nullOrgs.count) null orgs looked significant")
        #expect(clusteredRejections <= 3, "\(id): \(clusteredRejections) of \(clusteredIntervals) clustered intervals left out zero")
    }

    @Test func coverageRecoversThePlantedSessionRates() throws {
        let model = OrgModel()
        let result = try run("coaching-coverage", model, reps: 3_000, seed: 5)
        let table = try #require(result.table("by_tier"))
        for (row, tier) in CoachingTier.reportOrder.enumerated() {
            // Sessions per rep-month are Poisson(λ): a rep-month is coached with 1 − e^(−λ).
            let planted = 1 - exp(-model.sessionsPerMonth[tier.rawValue])
            let coverage = try #require(table.value(row: row, "coverage")?.doubleValue)
            let n = try #require(table.value(row: row, "rep_months")?.doubleValue)
            let se = (planted * (1 - planted) / n).squareRoot()
            #expect(abs(coverage - planted) < 4 * se, "\(tier.id): \(coverage) vs planted \(planted)")
            let sessions = try #require(table.value(row: row, "sessions_per_rep_month")?.doubleValue)
            #expect(abs(sessions - model.sessionsPerMonth[tier.rawValue]) < 4 * (model.sessionsPerMonth[tier.rawValue] / n).squareRoot())
        }
        // Better coaches both coach more and attain more: the association is there.
        #expect(try #require(result[summary: "coverage_attainment_r"]?.doubleValue) > 0)
        #expect(try #require(result[summary: "coverage_attainment_p_value"]?.doubleValue) < 0.001)
    }

    @Test func coverageFindsNoAssociationWhereNoneIsPlanted() throws {
        try expectCalibrated("coaching-coverage", pValueKey: "coverage_attainment_p_value")
    }

    @Test func firefightingRecoversThePlantedShares() throws {
        let model = OrgModel()
        let result = try run("coaching-vs-firefighting", model, reps: 3_000, seed: 6)
        let table = try #require(result.table("by_tier"))
        for (row, tier) in CoachingTier.reportOrder.enumerated() {
            // Durations do not depend on kind, so the time share estimates 1 − the fire-fighting share.
            let planted = 1 - model.fireFightingShare[tier.rawValue]
            let low = try #require(table.value(row: row, "ci_low")?.doubleValue)
            let high = try #require(table.value(row: row, "ci_high")?.doubleValue)
            let halfWidth = (high - low) / 2 * 1.6
            #expect(abs((low + high) / 2 - planted) <= halfWidth, "\(tier.id): planted \(planted) vs [\(low), \(high)]")
        }
        #expect(try #require(result[summary: "attainment_p_value"]?.doubleValue) < 0.001)
        #expect(try #require(result[summary: "attainment_r"]?.doubleValue) > 0)
    }

    @Test func firefightingFindsNoAssociationWhereNoneIsPlanted() throws {
        try expectCalibrated("coaching-vs-firefighting", pValueKey: "attainment_p_value")
        try expectCalibrated("coaching-vs-firefighting", pValueKey: "improvement_p_value")
    }

    /// The default model with tier effects on outcomes switched off, so that a planted
    /// coaching-practice lift is the only difference between groups.
    static var liftOnlyModel: OrgModel {
        var model = OrgModel()
        model.attainmentRate = [0.9, 0.9, 0.9]
        model.trend = [0.002, 0.002, 0.002]
        return model
    }

    @Test func feedbackLatencyRecoversThePlantedLift() throws {
        var model = Self.liftOnlyModel
        model.fastFeedbackLift = 0.05
        let result = try run("feedback-latency", model, reps: 3_000, seed: 8)
        let difference = try #require(result[summary: "difference"]?.doubleValue)
        // Each same-day session lifts the three months after it by the planted amount.
        #expect(abs(difference - model.fastFeedbackLift) < 0.4 * model.fastFeedbackLift, "difference \(difference)")
        #expect(try #require(result[summary: "p_value"]?.doubleValue) < 0.001)
        #expect(try #require(result[summary: "difference_clustered_ci_low"]?.doubleValue) > 0)
    }

    /// Where a manager's reps share a trend (outcomes correlated within managers) and the
    /// groups compared draw on different managers (better coaches give feedback sooner), the
    /// interval clustered by manager still leaves out zero no more often than 5% allows.
    @Test func clusteredIntervalHoldsWhereManagersRepsMoveTogether() throws {
        var model = Self.nullModel
        model.managerTrendSD = 0.03
        model.feedbackDelayHours = [96, 36, 6]
        let plugin = try #require(BuiltinPlugins.registry().plugin(id: "feedback-latency"))
        var rejections = 0
        for seed in UInt64(1)...UInt64(20) {
            let folder = TestFiles.temporaryDirectory("trending-managers")
            defer { try? FileManager.default.removeItem(at: folder) }
            _ = try OrgGenerator(reps: 600, months: 12, seed: seed, model: model).write(to: folder.path)
            let result = try PluginRunner().run([plugin], on: try DatasetLoader().load(folder: folder.path).dataset)[0]
            let low = try #require(result[summary: "difference_clustered_ci_low"]?.doubleValue)
            let high = try #require(result[summary: "difference_clustered_ci_high"]?.doubleValue)
            if low > 0 || high < 0 { rejections += 1 }
        }
        #expect(rejections <= 3, "\(rejections) of 20 clustered intervals left out zero")
    }

    /// An org of two managers has no interval clustered by manager in any comparison of
    /// reps (two clusters' scores, which sum to zero, cannot give a variance), and says why.
    @Test func twoManagersGiveNoClusteredInterval() throws {
        for id in ["assignment-follow-through", "skill-will-matrix", "feedback-latency", "focus-breadth"] {
            let result = try run(id, OrgModel(), reps: 20, seed: 3)
            #expect(result[summary: "managers"] == .integer(2), "\(id)")
            #expect(result[summary: "difference_clustered_ci_low"] == .null, "\(id)")
            #expect(result[summary: "difference_clustered_ci_high"] == .null, "\(id)")
            if result[summary: "difference"]?.doubleValue != nil {
                #expect(result.notes.contains { $0.contains("at least 5 managers") }, "\(id): \(result.notes)")
            }
        }
    }

    @Test func feedbackLatencyFindsNothingWhereNothingIsPlanted() throws {
        try expectCalibrated("feedback-latency", pValueKey: "p_value")
    }

    @Test func focusBreadthRecoversThePlantedLift() throws {
        var model = Self.liftOnlyModel
        model.focusedSessionLift = 0.05
        let result = try run("focus-breadth", model, reps: 3_000, seed: 9)
        let difference = try #require(result[summary: "difference"]?.doubleValue)
        // Each focused developmental session lifts the three months after it.
        #expect(abs(difference - model.focusedSessionLift) < 0.4 * model.focusedSessionLift, "difference \(difference)")
        #expect(try #require(result[summary: "p_value"]?.doubleValue) < 0.001)
        #expect(try #require(result[summary: "difference_clustered_ci_low"]?.doubleValue) > 0)
    }

    @Test func focusBreadthFindsNothingWhereNothingIsPlanted() throws {
        try expectCalibrated("focus-breadth", pValueKey: "p_value")
    }

    @Test func followThroughRecoversThePlantedLift() throws {
        var model = Self.liftOnlyModel
        model.followThroughLift = 0.08
        let result = try run("assignment-follow-through", model, reps: 3_000, seed: 10)
        let groups = try #require(result.table("by_follow_through"))
        let gap = try #require(groups.value(row: 0, "mean_share_on_time")?.doubleValue)
            - (try #require(groups.value(row: 1, "mean_share_on_time")?.doubleValue))
        // An on-time completion lifts the following three months, so the groups differ by
        // about the lift times their difference in on-time share (less where a completion
        // falls in a later month than the assignment).
        let expected = model.followThroughLift * gap
        let difference = try #require(result[summary: "difference"]?.doubleValue)
        #expect(difference > 0.5 * expected && difference < 1.5 * expected, "difference \(difference), expected about \(expected)")
        #expect(try #require(result[summary: "difference_ci_low"]?.doubleValue) > 0)
        #expect(try #require(result[summary: "difference_clustered_ci_low"]?.doubleValue) > 0)
        #expect(try #require(result[summary: "p_value"]?.doubleValue) < 0.001)
    }

    @Test func followThroughFindsNothingWhereNothingIsPlanted() throws {
        try expectCalibrated("assignment-follow-through", pValueKey: "p_value")
    }

    @Test func skillWillSeparatesWhoFollowsThrough() throws {
        var model = Self.liftOnlyModel
        model.commitmentCallIncrease = 0.25
        model.followThroughLift = 0.08
        let result = try run("skill-will-matrix", model, reps: 3_000, seed: 12)
        // Completed commitments raise calls 25% over a 10% target: most judged ones are met.
        #expect(try #require(result[summary: "share_met"]?.doubleValue) > 0.6)
        #expect(try #require(result[summary: "difference_ci_low"]?.doubleValue) > 0)
        #expect(try #require(result[summary: "difference_clustered_ci_low"]?.doubleValue) > 0)
        #expect(try #require(result[summary: "p_value"]?.doubleValue) < 0.001)

        var without = model
        without.commitmentCallIncrease = 0
        let idle = try run("skill-will-matrix", without, reps: 1_000, seed: 12)
        // With no follow-through in calls, a 10% higher target is almost never reached.
        #expect(try #require(idle[summary: "share_met"]?.doubleValue) < 0.05)
        // Nearly every rep is a will gap: labelled so, or left uncertain because its whole
        // tier sits below the line and its own record would add nothing to the label.
        let willGap = try #require(idle[summary: "will_gap"]?.doubleValue) / 1_000
        let byTier = try #require(idle[summary: "reps_placed_by_tier"]?.doubleValue) / 1_000
        #expect(willGap > 0.5 && willGap + byTier > 0.8, "will_gap \(willGap), withheld by tier \(byTier)")
    }

    @Test func skillWillFindsNothingWhereNothingIsPlanted() throws {
        try expectCalibrated("skill-will-matrix", pValueKey: "p_value")
    }

    @Test func activityRecoversThePlantedFunnel() throws {
        let result = try run("activity-to-pipeline", OrgModel(), reps: 2_000, seed: 13)
        // Opportunities are Binomial(meetings, 0.3): proportional to meetings (elasticity 1,
        // a little above in logs of small counts), and calls matter only through meetings.
        let meetings = try #require(result[summary: "elasticity_opportunities_meetings"]?.doubleValue)
        let calls = try #require(result[summary: "elasticity_opportunities_calls"]?.doubleValue)
        #expect(abs(meetings - 1) < 0.1, "meetings elasticity \(meetings)")
        #expect(abs(calls) < 0.05, "calls elasticity \(calls)")
        // Pipeline is opportunities times a value independent of activity.
        let pipeline = try #require(result[summary: "elasticity_pipeline_meetings"]?.doubleValue)
        #expect(abs(pipeline - 1) < 0.15, "pipeline elasticity \(pipeline)")
    }

    @Test func activityFindsNoLinkToAttainmentWhereNoneIsPlanted() throws {
        try expectCalibrated("activity-to-pipeline", pValueKey: "elasticity_attainment_calls_p_value")
        try expectCalibrated("activity-to-pipeline", pValueKey: "elasticity_attainment_meetings_p_value")
        try expectCalibrated("activity-to-pipeline", pValueKey: "link_attainment_pipeline_p_value")
    }

    @Test func performanceGapsFindThePlantedTopQuartile() throws {
        let result = try run("performance-gaps", OrgModel(), reps: 3_000, seed: 14)
        // Reps' call rates are uniform on 150-450 a month in every segment and region: the
        // top quartile of each peer group is near 375 (a rep's mean of Poisson months adds
        // little spread).
        let peers = try #require(result.table("by_peer_group"))
        #expect(peers.rows.count == 18)
        for row in peers.rows.indices {
            let reps = try #require(peers.value(row: row, "reps")?.doubleValue)
            let top = try #require(peers.value(row: row, "calls_top_quartile")?.doubleValue)
            // Standard error of a sample 75th percentile of U(150, 450): 300·√(0.75·0.25/n).
            let se = 300 * (0.75 * 0.25 / reps).squareRoot()
            #expect(abs(top - 375) < 4 * se + 5, "peer group \(row): \(top) from \(reps) reps")
        }
        // Three quarters of reps are below their peers' top quartile in calls.
        let stages = try #require(result.table("by_stage"))
        let median = try #require(stages.value(row: 0, "median_gap")?.doubleValue)
        #expect(median < 0 && median > -0.4, "median calls gap \(median)")
    }
}
