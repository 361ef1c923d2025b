import CoachLabPluginAPI
import CoachLabStatistics
import Testing

/// How the coaching-practice findings state a difference: the interval clustered by manager
/// and its p when there is one, else why there is none.
@Suite struct DifferenceClauseTests {
    /// Group a on reps 0..<n/2, group b on the rest; `managers` managers, reps spread evenly.
    func comparison(managers: Int) -> (ManagerClusteredComparison, WelchTest.Result?) {
        let reps = 2 * managers * 2
        let repManagers = (0..<reps).map { Int32($0 % managers) }
        let a = (0..<reps / 2).map { 0.02 + 0.01 * Double($0 % 7) }
        let b = (0..<reps / 2).map { 0.01 * Double($0 % 5) }
        let comparison = ManagerClusteredComparison(
            a: a, repsOfA: Array(0..<reps / 2), b: b, repsOfB: Array(reps / 2..<reps), repManagers: repManagers,
            names: ("a", "b"))
        return (comparison, WelchTest.test(SampleSummary(a), SampleSummary(b)))
    }

    @Test func theClusteredIntervalAndPWhenThereIsOne() throws {
        let (clustered, _) = comparison(managers: 10)
        let interval = try #require(clustered.interval)
        let p = try #require(clustered.pValue)
        var values: [String: FindingValue] = [:]
        let clause = clustered.differenceClause(0.01, .proportionDifference, values: &values)
        #expect(clause == ": {difference} (95% CI {interval}, robust to clustering by manager, {p})")
        #expect(values["interval"] == .interval(interval.low, interval.high, .proportionDifference, signed: true))
        #expect(values["difference"] == .signed(0.01, .proportionDifference) && values["p"] == .value(p, .pValue))
    }

    /// Fewer managers than asked: the finding says why there is no interval and quotes none
    /// that treats reps as independent.
    @Test func theReasonWithoutAClusteredInterval() throws {
        let (clustered, _) = comparison(managers: 4)
        #expect(clustered.interval == nil && clustered.pValue == nil)
        var values: [String: FindingValue] = [:]
        #expect(clustered.differenceClause(0.01, .proportionDifference, values: &values) == ": {difference} (no interval: too few managers)")
        #expect(values.keys.sorted() == ["difference"])
        let note = try #require(clustered.note)
        #expect(note.contains("span at least 5 managers; they span 4 and 4"))
    }
}
