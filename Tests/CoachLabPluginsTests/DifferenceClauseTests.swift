import CoachLabPluginAPI
import CoachLabStatistics
import Testing

/// How the coaching-practice findings state a difference: the interval clustered by manager
/// when there is one, else Welch's labelled as treating reps as independent, then Welch's p;
/// a part with nothing to quote left out.
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

    @Test func theClusteredIntervalWhenThereIsOne() throws {
        let (clustered, welch) = comparison(managers: 10)
        let interval = try #require(clustered.interval)
        var values: [String: FindingValue] = [:]
        let clause = clustered.differenceClause(0.01, welchInterval: (-5, 5), welch: welch, .proportionDifference, values: &values)
        #expect(clause == ": {difference} (95% CI {interval}, robust to clustering by manager; Welch's test over reps {p})")
        #expect(values["interval"] == .interval(interval.low, interval.high, .proportionDifference, signed: true))
        #expect(values["difference"] == .signed(0.01, .proportionDifference) && values["p"] != nil)
    }

    @Test func welchsIntervalSaidToTreatRepsAsIndependentWithoutAClusteredOne() {
        let (clustered, welch) = comparison(managers: 2)
        #expect(clustered.interval == nil)
        var values: [String: FindingValue] = [:]
        let clause = clustered.differenceClause(0.01, welchInterval: (-0.5, 0.7), welch: welch, .proportionDifference, values: &values)
        #expect(clause == ": {difference} (95% CI {interval}, a Welch interval, treating reps as independent; Welch's test over reps {p})")
        #expect(values["interval"] == .interval(-0.5, 0.7, .proportionDifference, signed: true))
    }

    @Test func onlyTheDifferenceWithNothingElseToQuote() {
        let (clustered, _) = comparison(managers: 2)
        var values: [String: FindingValue] = [:]
        #expect(clustered.differenceClause(0.01, welch: nil, .proportionDifference, values: &values) == ": {difference}")
        #expect(values.keys.sorted() == ["difference"])
    }
}
