import CoachLabStatistics
import CoachLabTestSupport
import Foundation
import Testing

/// Callaway & Sant'Anna's ATT(g, t), their aggregations and standard errors against the
/// `differences` package (and `csdid` for clustered standard errors) on Wooldridge's jtrain
/// and on a clustered synthetic panel (Fixtures/make_did_reference.py, whose docstring
/// states the formulas).
@Suite struct StaggeredDifferenceInDifferencesTests {
    static var fixture: [String: Any] {
        TestFiles.json(at: TestFiles.repositoryRoot.appendingPathComponent(
            "Tests/CoachLabStatisticsTests/Fixtures/did_reference.json")) as! [String: Any]
    }

    func estimate(_ data: [String: Any], control: StaggeredDifferenceInDifferences.ControlGroup) throws -> StaggeredDifferenceInDifferences {
        let rows = data["rows"] as! [[String: Any]]
        let int = { (row: [String: Any], key: String) in (row[key] as! NSNumber).intValue }
        let units = rows.map { int($0, "unit") }.max()! + 1
        let periods = rows.map { int($0, "period") }.max()! + 1
        var outcomes = [Double](repeating: .nan, count: units * periods)
        var cohorts = [Int?](repeating: nil, count: units)
        var clusters = [Int32](repeating: 0, count: units)
        for row in rows {
            let unit = int(row, "unit")
            outcomes[unit * periods + int(row, "period")] = (row["y"] as! NSNumber).doubleValue
            cohorts[unit] = (row["cohort"] as? NSNumber)?.intValue
            clusters[unit] = Int32(int(row, "cluster"))
        }
        return try #require(StaggeredDifferenceInDifferences(
            outcomes: outcomes, periods: periods, cohorts: cohorts, clusters: clusters, control: control))
    }

    func compare(_ model: StaggeredDifferenceInDifferences, _ reference: [String: Any], _ label: String) throws {
        let number = { (object: [String: Any], key: String) in (object[key] as! NSNumber).doubleValue }
        let cells = reference["att_gt"] as! [[String: Any]]
        #expect(model.cells.count == cells.count, "\(label) cells")
        for cell in cells {
            let g = (cell["cohort"] as! NSNumber).intValue, t = (cell["time"] as! NSNumber).intValue
            let fitted = try #require(model.cells.first { $0.cohort == g && $0.period == t }, "\(label) (\(g), \(t))")
            #expect(fitted.base == (cell["base_period"] as! NSNumber).intValue)
            #expect(Tolerance.agrees(fitted.att, number(cell, "att"), relative: 1e-9, absolute: 1e-12), "\(label) ATT(\(g), \(t))")
            #expect(Tolerance.agrees(fitted.standardError, number(cell, "se"), relative: 1e-9), "\(label) se(\(g), \(t))")
        }
        let simple = reference["simple"] as! [String: Any]
        let fittedSimple = try #require(model.simple)
        #expect(Tolerance.agrees(fittedSimple.estimate, number(simple, "att"), relative: 1e-9), "\(label) simple")
        #expect(Tolerance.agrees(fittedSimple.standardError, number(simple, "se"), relative: 1e-9), "\(label) simple se")
        let events = reference["event"] as! [[String: Any]]
        #expect(model.dynamic.map(\.eventTime) == events.map { ($0["e"] as! NSNumber).intValue }, "\(label) event times")
        for (fitted, expected) in zip(model.dynamic, events) {
            #expect(Tolerance.agrees(fitted.aggregate.estimate, number(expected, "att"), relative: 1e-9, absolute: 1e-12), "\(label) e = \(fitted.eventTime)")
            #expect(Tolerance.agrees(fitted.aggregate.standardError, number(expected, "se"), relative: 1e-9), "\(label) se e = \(fitted.eventTime)")
        }
    }

    @Test(arguments: StaggeredDifferenceInDifferences.ControlGroup.allCases)
    func jtrainMatchesDifferences(control: StaggeredDifferenceInDifferences.ControlGroup) throws {
        let jtrain = Self.fixture["jtrain"] as! [String: Any]
        let key = control == .neverTreated ? "never_treated" : "not_yet_treated"
        let model = try estimate(jtrain, control: control)
        #expect(model.units == 124)
        try compare(model, jtrain[key] as! [String: Any], "jtrain \(key)")
    }

    /// Units nested in clusters of unequal size: standard errors from the influence functions
    /// summed by cluster, as csdid's.
    @Test func clusteredSyntheticPanelMatchesCsdid() throws {
        let synthetic = Self.fixture["synthetic"] as! [String: Any]
        let model = try estimate(synthetic, control: .notYetTreated)
        #expect(model.clusters == 30)
        try compare(model, synthetic["not_yet_treated"] as! [String: Any], "synthetic")
    }
}
