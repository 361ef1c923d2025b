import CoachLabIngestion
import CoachLabGenerator
import CoachLabPluginAPI
import CoachLabPlugins
import CoachLabTestSupport
import Testing
import CoachLabRunner

/// On generated orgs, the plugins find the effects planted (and no effect where none is).
@Suite struct RecoveryTests {
    func run(_ model: OrgModel, seed: UInt64) throws -> [MetricResult] {
        let folder = TestFiles.temporaryDirectory("org")
        _ = try OrgGenerator(reps: 3_000, months: 24, seed: seed, model: model, includeCoachingTables: false).write(to: folder.path)
        let dataset = try DatasetLoader().load(folder: folder.path).dataset
        let registry = BuiltinPlugins.registry()
        let headline = ["quota-attainment-by-coaching-quality", "rep-improvement-over-time"].compactMap(registry.plugin(id:))
        return try PluginRunner().run(headline, on: dataset)
    }

    @Test func recoversThePlantedEffects() throws {
        let model = OrgModel()
        let results = try run(model, seed: 11)
        let attainment = results[0]
        let planted = model.attainmentRate[CoachingTier.exceeds.rawValue] - model.attainmentRate[CoachingTier.needsImprovement.rawValue]
        let low = try #require(attainment[summary: "rate_difference_ci_low"]?.doubleValue)
        let high = try #require(attainment[summary: "rate_difference_ci_high"]?.doubleValue)
        #expect(low <= planted && planted <= high, "planted \(planted) outside [\(low), \(high)]")
        #expect(try #require(attainment[summary: "trend_p_value"]?.doubleValue) < 0.001)

        let improvement = try #require(results[1].table("by_tier"))
        for (row, tier) in CoachingTier.reportOrder.enumerated() {
            let low = try #require(improvement.value(row: row, "ci_low")?.doubleValue)
            let high = try #require(improvement.value(row: row, "ci_high")?.doubleValue)
            let trend = model.trend[tier.rawValue]
            // Three-sigma bounds: the t interval is 95%, and three tiers are checked at once.
            let halfWidth = (high - low) / 2 * 1.6
            #expect(abs((low + high) / 2 - trend) <= halfWidth, "\(tier.id): planted \(trend) vs [\(low), \(high)]")
        }
    }

    @Test func findsNothingWhereNothingIsPlanted() throws {
        var model = OrgModel()
        model.attainmentRate = [0.9, 0.9, 0.9]
        model.trend = [0.002, 0.002, 0.002]
        var falseAlarms = 0
        for seed in UInt64(1)...UInt64(4) {
            let results = try run(model, seed: seed)
            let low = try #require(results[0][summary: "rate_difference_ci_low"]?.doubleValue)
            let high = try #require(results[0][summary: "rate_difference_ci_high"]?.doubleValue)
            if low > 0 || high < 0 { falseAlarms += 1 }
            if try #require(results[1][summary: "p_value"]?.doubleValue) < 0.05 { falseAlarms += 1 }
        }
        // Eight tests at the 5% level: more than two rejections would be very unlikely (p < 0.006).
        #expect(falseAlarms <= 2)
    }
}
