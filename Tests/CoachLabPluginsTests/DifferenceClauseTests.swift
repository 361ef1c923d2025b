import CoachLabPluginAPI
import CoachLabStatistics
import Testing
import CoachLabKernels

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
        var values: [String: Finding.Value] = [:]
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
        var values: [String: Finding.Value] = [:]
        #expect(clustered.differenceClause(0.01, .proportionDifference, values: &values) == ": {difference} (no interval: too few managers)")
        #expect(values.keys.sorted() == ["difference"])
        let note = try #require(clustered.note)
        #expect(note.contains("span at least 5 managers; they span 4 and 4"))
    }
}

/// A group's mean interval clustered by manager, or why it has none.
@Suite struct ManagerClusteredMeanTests {
    @Test func noteSaysWhyThereIsNoInterval() throws {
        let repManagers: [Int32] = [0, 0, 1, 1, 2, 2]
        let few = ManagerClusteredMean([0.1, 0.2, 0.3, 0.1], reps: [0, 1, 2, 3], repManagers: repManagers, name: "same_day feedback")
        #expect(few.interval == nil)
        #expect(few.note == "The reps of same_day feedback span 2 manager(s), fewer than 5: its interval clustered by manager is null.")
        let flat = ManagerClusteredMean([0.1, 0.2, 0.2, 0.1], reps: [0, 1, 2, 3], repManagers: repManagers, name: "x", minimumManagers: 2)
        #expect(flat.interval == nil && flat.note?.contains("no variation between managers") == true)
        let fine = ManagerClusteredMean([0.1, 0.3, 0.2, 0.5, 0.4, 0.2], reps: Array(0..<6), repManagers: repManagers, name: "x", minimumManagers: 2)
        let interval = try #require(fine.interval)
        #expect(fine.note == nil && interval.low < 0.2833 && interval.high > 0.2833)
        let none = ManagerClusteredMean([], reps: [], repManagers: repManagers, name: "x")
        #expect(none.interval == nil && none.note == nil)
    }

    /// Without an event study there is nothing to state, every value is null and a note says why.
    @Test func anEventComparisonWithoutAStudyStatesNothing() {
        let comparison = EventComparison(
            nil, a: .init(index: 0, id: "a", name: "a events"), b: .init(index: 1, id: "b", name: "b events"),
            groupIDs: ["a", "b"], events: "events", minimumManagers: 5)
        #expect(comparison.finding == nil)
        #expect(comparison.summaryFields.filter { $0.value != .null && $0.value != .integer(0) }.isEmpty)
        #expect(comparison.notes.first?.contains("its values are null") == true)
        #expect(comparison.table.rows.isEmpty)
    }
}
