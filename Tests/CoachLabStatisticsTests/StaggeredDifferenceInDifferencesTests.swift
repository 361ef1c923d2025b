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

    func estimate(
        _ data: [String: Any], control: StaggeredDifferenceInDifferences.ControlGroup, byUnit: Bool = false
    ) throws -> StaggeredDifferenceInDifferences {
        let rows = data["rows"] as! [[String: Any]]
        let int = { (row: [String: Any], key: String) in (row[key] as! NSNumber).intValue }
        let units = rows.map { int($0, "unit") }.max()! + 1
        let periods = rows.map { int($0, "period") }.max()! + 1
        var outcomes = [Double](repeating: .nan, count: units * periods)
        var cohorts = [Int?](repeating: nil, count: units)
        var clusters = [Int32](repeating: 0, count: units)
        let covariateCount = (rows[0]["x"] as? [NSNumber])?.count ?? 0
        var covariates = [[Double]](repeating: [Double](repeating: .nan, count: units), count: covariateCount)
        for row in rows {
            let unit = int(row, "unit")
            outcomes[unit * periods + int(row, "period")] = (row["y"] as! NSNumber).doubleValue
            cohorts[unit] = (row["cohort"] as? NSNumber)?.intValue
            clusters[unit] = byUnit ? Int32(unit) : Int32(int(row, "cluster"))
            for (j, value) in ((row["x"] as? [NSNumber]) ?? []).enumerated() { covariates[j][unit] = value.doubleValue }
        }
        return try #require(StaggeredDifferenceInDifferences(
            outcomes: outcomes, periods: periods, cohorts: cohorts, clusters: clusters, control: control,
            covariates: covariates))
    }

    func compare(
        _ model: StaggeredDifferenceInDifferences, _ reference: [String: Any], _ label: String, standardError se: String = "se"
    ) throws {
        let number = { (object: [String: Any], key: String) in (object[key] as! NSNumber).doubleValue }
        let cells = reference["att_gt"] as! [[String: Any]]
        #expect(model.cells.count == cells.count, "\(label) cells")
        for cell in cells {
            let g = (cell["cohort"] as! NSNumber).intValue, t = (cell["time"] as! NSNumber).intValue
            let fitted = try #require(model.cells.first { $0.cohort == g && $0.period == t }, "\(label) (\(g), \(t))")
            #expect(fitted.base == (cell["base_period"] as! NSNumber).intValue)
            #expect(Tolerance.agrees(fitted.att, number(cell, "att"), relative: 1e-9, absolute: 1e-12), "\(label) ATT(\(g), \(t))")
            #expect(Tolerance.agrees(fitted.standardError, number(cell, se), relative: 1e-9), "\(label) se(\(g), \(t))")
        }
        let simple = reference["simple"] as! [String: Any]
        let fittedSimple = try #require(model.simple)
        #expect(Tolerance.agrees(fittedSimple.estimate, number(simple, "att"), relative: 1e-9), "\(label) simple")
        #expect(Tolerance.agrees(fittedSimple.standardError, number(simple, se), relative: 1e-9), "\(label) simple se")
        let events = reference["event"] as! [[String: Any]]
        #expect(model.dynamic.map(\.eventTime) == events.map { ($0["e"] as! NSNumber).intValue }, "\(label) event times")
        for (fitted, expected) in zip(model.dynamic, events) {
            #expect(Tolerance.agrees(fitted.aggregate.estimate, number(expected, "att"), relative: 1e-9, absolute: 1e-12), "\(label) e = \(fitted.eventTime)")
            #expect(Tolerance.agrees(fitted.aggregate.standardError, number(expected, se), relative: 1e-9), "\(label) se e = \(fitted.eventTime)")
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

    /// Outcome regression on four covariates that both choose the cohorts and move the trends:
    /// cells, aggregations and their standard errors (by cluster, as csdid's; by unit, as
    /// differences') equal the packages'; the unconditional estimate is far from them.
    @Test(arguments: StaggeredDifferenceInDifferences.ControlGroup.allCases)
    func covariatesMatchDifferencesAndCsdid(control: StaggeredDifferenceInDifferences.ControlGroup) throws {
        let data = Self.fixture["covariates"] as! [String: Any]
        let key = control == .neverTreated ? "never_treated" : "not_yet_treated"
        let reference = data[key] as! [String: Any]
        let model = try estimate(data, control: control)
        #expect(model.clusters == 40 && model.cellsDroppingCovariates == 0)
        try compare(model, reference, "covariates \(key)")
        try compare(try estimate(data, control: control, byUnit: true), reference, "covariates \(key) by unit", standardError: "se_unit")
        let unconditional = (reference["unconditional_simple_att"] as! NSNumber).doubleValue
        #expect(abs(try #require(model.simple).estimate - unconditional) > 0.3)
    }
}

extension StaggeredDifferenceInDifferencesTests {
    /// With one cohort, its cohort aggregate is the simple aggregate (the weights' own
    /// estimation term vanishes), and the event-time estimates after treatment are its cells.
    @Test func oneCohortAggregatesAgree() throws {
        let jtrain = Self.fixture["jtrain"] as! [String: Any]
        var rows = jtrain["rows"] as! [[String: Any]]
        // Keep the 1988 cohort and the never treated.
        let cohort1989 = Set(rows.filter { ($0["cohort"] as? NSNumber)?.intValue == 2 }.map { ($0["unit"] as! NSNumber).intValue })
        rows = rows.filter { !cohort1989.contains(($0["unit"] as! NSNumber).intValue) }
        var units: [Int: Int] = [:]
        for row in rows where units[(row["unit"] as! NSNumber).intValue] == nil { units[(row["unit"] as! NSNumber).intValue] = units.count }
        var data = jtrain
        data["rows"] = rows.map { row -> [String: Any] in
            var row = row
            let unit = units[(row["unit"] as! NSNumber).intValue]!
            row["unit"] = unit
            row["cluster"] = unit
            return row
        }
        let model = try estimate(data, control: .neverTreated)
        let simple = try #require(model.simple)
        let cohort = try #require(model.byCohort.first)
        #expect(model.byCohort.count == 1 && cohort.cohort == 1)
        #expect(Tolerance.agrees(simple.estimate, cohort.aggregate.estimate, relative: 1e-12))
        #expect(Tolerance.agrees(simple.standardError, cohort.aggregate.standardError, relative: 1e-12))
    }

    /// The pre-trend test on jtrain: one lead (e = −1, the 1989 cohort's change from 1987 to
    /// 1988), so the Hotelling F is its squared z times (G − 1)/(G − 1) = 1 and the F(1, G − 1)
    /// p-value is its t test's.
    @Test func pretrendTestOfOneLeadIsItsSquaredZ() throws {
        let jtrain = Self.fixture["jtrain"] as! [String: Any]
        let model = try estimate(jtrain, control: .neverTreated)
        let lead = try #require(model.dynamic.first { $0.eventTime == -1 }).aggregate
        let test = try #require(model.pretrendTest())
        #expect(test.numerator == 1 && test.denominator == model.clusters - 1)
        #expect(Tolerance.agrees(test.statistic, (lead.estimate / lead.standardError) * (lead.estimate / lead.standardError), relative: 1e-9))
    }

    /// The simultaneous band's critical value lies between the pointwise one and Bonferroni's
    /// over the event times, and the fixed seed gives the same value twice.
    @Test func uniformBandLiesBetweenPointwiseAndBonferroni() throws {
        let synthetic = Self.fixture["synthetic"] as! [String: Any]
        let model = try estimate(synthetic, control: .notYetTreated)
        let critical = try #require(model.uniformCriticalValue())
        let bonferroni = NormalDistribution.quantile(1 - 0.025 / Double(model.dynamic.count))
        #expect(critical > 1.9 && critical < bonferroni + 0.1, "\(critical) vs Bonferroni \(bonferroni)")
        #expect(model.uniformCriticalValue() == critical)
    }

    /// A covariate constant among a cell's controls, or a multiple of another, adds nothing to
    /// the controls' regression: it is left out (and counted), and the estimate is that
    /// without it — a constant alone gives the difference of means.
    @Test func redundantCovariatesAreLeftOut() throws {
        let data = Self.fixture["covariates"] as! [String: Any]
        let full = try estimate(data, control: .notYetTreated)
        let units = full.units
        let rows = data["rows"] as! [[String: Any]]
        let periods = (data["periods"] as! NSNumber).intValue
        var outcomes = [Double](repeating: 0, count: units * periods), tenure = [Double](repeating: 0, count: units)
        var cohorts = [Int?](repeating: nil, count: units), clusters = [Int32](repeating: 0, count: units)
        for row in rows {
            let unit = (row["unit"] as! NSNumber).intValue
            outcomes[unit * periods + (row["period"] as! NSNumber).intValue] = (row["y"] as! NSNumber).doubleValue
            cohorts[unit] = (row["cohort"] as? NSNumber)?.intValue
            clusters[unit] = Int32((row["cluster"] as! NSNumber).intValue)
            tenure[unit] = (row["x"] as! [NSNumber])[0].doubleValue
        }
        func fit(_ covariates: [[Double]]) throws -> StaggeredDifferenceInDifferences {
            try #require(StaggeredDifferenceInDifferences(
                outcomes: outcomes, periods: periods, cohorts: cohorts, clusters: clusters, control: .notYetTreated,
                covariates: covariates))
        }
        let constant = [Double](repeating: 5, count: units)
        let plain = try fit([]), constantOnly = try fit([constant])
        let tenureOnly = try fit([tenure]), padded = try fit([constant, tenure, tenure.map { 2 * $0 - 1 }])
        #expect(constantOnly.cellsDroppingCovariates == constantOnly.cells.count && plain.cellsDroppingCovariates == 0)
        #expect(padded.cellsDroppingCovariates == padded.cells.count)
        for (a, b) in zip(constantOnly.cells, plain.cells) {
            #expect(Tolerance.agrees(a.att, b.att, relative: 1e-12, absolute: 1e-14))
            #expect(Tolerance.agrees(a.standardError, b.standardError, relative: 1e-12))
        }
        for (a, b) in zip(padded.cells, tenureOnly.cells) {
            #expect(Tolerance.agrees(a.att, b.att, relative: 1e-9, absolute: 1e-12))
            #expect(Tolerance.agrees(a.standardError, b.standardError, relative: 1e-9))
        }
        #expect(abs(try #require(tenureOnly.simple).estimate - (try #require(plain.simple).estimate)) > 0.1)
    }

    /// A category only treated units are in leaves their prediction without a basis: such
    /// cells are left out (no overlap); with a minimum of clusters, a category the controls
    /// hold in too few clusters is left out too (thin support).
    @Test func categoriesWithoutOrWithThinSupportLeaveTheirCellsOut() throws {
        // 40 units in 20 clusters of two, 4 periods: cohort 2 = units 0–9, cohort 3 = units
        // 10–19, the rest never treated.
        let units = 40, periods = 4
        let cohorts: [Int?] = (0..<units).map { $0 < 10 ? 2 : $0 < 20 ? 3 : nil }
        let clusters = (0..<units).map { Int32($0 / 2) }
        let outcomes = (0..<(units * periods)).map { Double(($0 * 7919) % 101) / 100 }
        func fit(_ covariate: [Double], minimumClusters: Int) throws -> StaggeredDifferenceInDifferences {
            try #require(StaggeredDifferenceInDifferences(
                outcomes: outcomes, periods: periods, cohorts: cohorts, clusters: clusters, control: .neverTreated,
                covariates: [covariate], minimumClusters: minimumClusters))
        }
        // Category 1: cohort 2 alone.
        let alone = try fit((0..<units).map { $0 < 10 ? 1 : 0 }, minimumClusters: 1)
        #expect(alone.cellsWithoutOverlap == 3 && alone.cells.map(\.cohort) == [3, 3, 3])
        // Category 1: cohort 2 and units 30 and 31, one cluster of the never-treated.
        let shared = (0..<units).map { $0 < 10 || $0 == 30 || $0 == 31 ? 1.0 : 0.0 }
        let thin = try fit(shared, minimumClusters: 2)
        #expect(thin.cellsWithThinSupport == 3 && thin.cells.map(\.cohort) == [3, 3, 3])
        let enough = try fit(shared, minimumClusters: 1)
        #expect(enough.cellsWithThinSupport == 0 && enough.cellsWithoutOverlap == 0 && enough.cells.count == 6)
    }
}
