import CoachLabIngestion
import CoachLabGenerator
import CoachLabPluginAPI
import CoachLabPlugins
import CoachLabTestSupport
import Testing
import CoachLabRunner

/// feedback-latency's event study on generated orgs: where fast feedback follows a missed
/// month and does nothing, it finds no effect and says the leads moved (the before/after
/// window it replaced reports a recovery as an effect); where a lift is planted, its interval
/// covers it.
@Suite struct EventStudyRecoveryTests {
    static let orgs = 30

    func feedback(seed: UInt64, model: OrgModel) throws -> MetricResult {
        let folder = TestFiles.temporaryDirectory("event-org")
        _ = try OrgGenerator(reps: 400, months: 24, seed: seed, model: model).write(to: folder.path)
        let dataset = try DatasetLoader().load(folder: folder.path).dataset
        let plugin = try #require(BuiltinPlugins.registry().plugin(id: "feedback-latency"))
        return try PluginRunner().run([plugin], on: dataset)[0]
    }

    func interval(_ result: MetricResult, _ prefix: String) throws -> (low: Double, high: Double) {
        (try #require(result[summary: prefix + "_ci_low"]?.doubleValue), try #require(result[summary: prefix + "_ci_high"]?.doubleValue))
    }

    /// Thirty orgs at 5%: more than 5 intervals excluding 0 would happen with probability
    /// under 2%; the before/after difference excludes 0 in nearly every org.
    @Test func selectionWithoutEffectIsNotAnEffect() throws {
        var model = OrgModel()
        model.feedbackAfterMiss = 0.1
        var eventExcludesZero = 0, windowExcludesZero = 0, leadsFlagged = 0
        for seed in 1...UInt64(Self.orgs) {
            let result = try feedback(seed: seed, model: model)
            let event = try interval(result, "event_difference")
            if event.low > 0 || event.high < 0 { eventExcludesZero += 1 }
            let window = try interval(result, "difference_clustered")
            if window.low > 0 || window.high < 0 { windowExcludesZero += 1 }
            if try #require(result[summary: "pretrend_p_value"]?.doubleValue) < 0.05 { leadsFlagged += 1 }
            #expect(result.findings.contains { $0.template.contains("no effect is stated") }
                    == (try #require(result[summary: "pretrend_p_value"]?.doubleValue) < 0.05))
        }
        #expect(eventExcludesZero <= 5, "event study: \(eventExcludesZero) of \(Self.orgs)")
        #expect(windowExcludesZero >= Self.orgs * 2 / 3, "before/after: \(windowExcludesZero) of \(Self.orgs)")
        #expect(leadsFlagged >= Self.orgs * 9 / 10, "leads flagged in \(leadsFlagged) of \(Self.orgs)")
    }

    /// A planted lift of 3 points for three months after same-day feedback (none after later
    /// feedback): the difference's interval covers it in about 95% of orgs (at least 25 of 30),
    /// and the leads, which move for no reason here, are flagged in about 5% (at most 5).
    @Test func aPlantedLiftIsCoveredAndTheLeadsStayQuiet() throws {
        var model = OrgModel()
        model.fastFeedbackLift = 0.03
        var covered = 0, leadsFlagged = 0
        for seed in 1...UInt64(Self.orgs) {
            let result = try feedback(seed: seed, model: model)
            let event = try interval(result, "event_difference")
            if event.low <= 0.03 && 0.03 <= event.high { covered += 1 }
            if try #require(result[summary: "pretrend_p_value"]?.doubleValue) < 0.05 { leadsFlagged += 1 }
        }
        #expect(covered >= 25, "covered in \(covered) of \(Self.orgs)")
        #expect(leadsFlagged <= 5, "leads flagged in \(leadsFlagged) of \(Self.orgs)")
    }
}
