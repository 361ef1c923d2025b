import CoachLabEngine
import CoachLabGenerator
import CoachLabPluginAPI
import CoachLabPlugins
import CoachLabTestSupport
import Testing

/// program-impact on generated orgs with a staggered rollout whose effect is known: the
/// effect's interval covers it, selection of the weakest teams does not fool it where a
/// comparison of levels is fooled, and where the effect grows two-way fixed effects is off
/// and it is not.
@Suite struct ProgramImpactTests {
    func impact(seed: UInt64, rollout: ProgramRollout, options: [String: String] = [:], tierEffects: Bool = true) throws -> MetricResult {
        var model = OrgModel()
        if !tierEffects { model.removeTierEffects() }
        model.program = rollout
        let folder = TestFiles.temporaryDirectory("program-org")
        _ = try OrgGenerator(reps: 400, months: 24, seed: seed, model: model, includeCoachingTables: false).write(to: folder.path)
        let dataset = try DatasetLoader().load(folder: folder.path).dataset
        let plugin = try #require(BuiltinPlugins.registry().plugin(id: "program-impact"))
        return try PluginRunner().run([plugin], on: dataset, options: ["program-impact": options])[0]
    }

    func number(_ result: MetricResult, _ key: String) throws -> Double {
        try #require(result[summary: key]?.doubleValue, "\(key)")
    }

    /// A constant 5-point effect over 3 cohorts: covered in at least 17 of 20 orgs (about 95%
    /// expected; fewer than 17 has probability under 2%).
    @Test func aPlantedEffectIsCovered() throws {
        var covered = 0
        for seed in 1...UInt64(20) {
            let result = try impact(seed: seed, rollout: ProgramRollout(cohorts: 3, effect: 0.05))
            if try number(result, "att_ci_low") <= 0.05 && 0.05 <= number(result, "att_ci_high") { covered += 1 }
        }
        #expect(covered >= 17, "covered in \(covered) of 20")
    }

    /// The weakest teams reached first (selection on their level: every tier with the same
    /// trend) and no effect: the estimate's interval covers 0 in at least 16 of 20 orgs,
    /// while a comparison of levels says the programme hurts in nearly every org (reached
    /// reps attain less: they were weaker to begin with).
    @Test func selectingTheWeakestTeamsIsNotAnEffect() throws {
        var covered = 0, naiveNegative = 0
        for seed in 1...UInt64(20) {
            let result = try impact(seed: seed, rollout: ProgramRollout(cohorts: 3, effect: 0, selection: .afterMiss), tierEffects: false)
            if try number(result, "att_ci_low") <= 0 && 0 <= number(result, "att_ci_high") { covered += 1 }
            if try number(result, "naive_difference") < 0 { naiveNegative += 1 }
        }
        #expect(covered >= 16, "covered 0 in \(covered) of 20")
        #expect(naiveNegative >= 17, "levels below zero in \(naiveNegative) of 20")
    }

    /// An effect that grows over six months: program-impact's event study rises to the full
    /// effect, and two-way fixed effects, which compares late cohorts with early ones still
    /// gaining, falls short of the average effect it estimates.
    @Test func aGrowingEffectBiasesTwoWayFixedEffectsOnly() throws {
        var twfeBelow = 0
        for seed in 1...UInt64(10) {
            let result = try impact(seed: seed, rollout: ProgramRollout(cohorts: 3, effect: 0.06, dynamics: .grow))
            let events = try #require(result.table("event_study"))
            let late = try #require((0..<events.rows.count).first { events.value(row: $0, "relative_period")?.doubleValue == 6 })
            let lateEffect = try #require(events.value(row: late, "att")?.doubleValue)
            #expect(abs(lateEffect - 0.06) < 0.03, "month 6: \(lateEffect)")
            if try number(result, "twfe_att") < number(result, "att") { twfeBelow += 1 }
        }
        #expect(twfeBelow >= 8, "two-way fixed effects below in \(twfeBelow) of 10")
    }
}
