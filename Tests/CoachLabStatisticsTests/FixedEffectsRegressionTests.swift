import CoachLabStatistics
import CoachLabTestSupport
import Foundation
import Testing

/// The two-way fixed-effects regression against pyfixest (Fixtures/make_panel_reference.py:
/// `feols("y ~ x | unit + time", vcov={"CRV1": "cluster"})` with its default small-sample
/// factor, and the same in plain NumPy), on balanced and unbalanced panels, rows shuffled.
@Suite struct FixedEffectsRegressionTests {
    static var cases: [[String: Any]] {
        (TestFiles.json(at: TestFiles.repositoryRoot.appendingPathComponent(
            "Tests/CoachLabStatisticsTests/Fixtures/panel_reference.json")) as! [String: Any])["cases"] as! [[String: Any]]
    }

    func fit(_ reference: [String: Any]) throws -> FixedEffectsRegression {
        let rows = reference["rows"] as! [[String: Any]]
        let k = (reference["k"] as! NSNumber).intValue
        let int = { (row: [String: Any], key: String) in Int32((row[key] as! NSNumber).intValue) }
        let units = rows.map { int($0, "unit") }, times = rows.map { int($0, "time") }
        return try #require(FixedEffectsRegression(
            y: rows.map { ($0["y"] as! NSNumber).doubleValue },
            x: (0..<k).map { j in rows.map { (($0["x"] as! [NSNumber])[j]).doubleValue } },
            units: units, times: times, unitCount: Int(units.max()!) + 1, timeCount: Int(times.max()!) + 1,
            clusters: rows.map { int($0, "cluster") }, unitTrends: reference["unit_trends"] as? Bool ?? false))
    }

    /// `unit_trends` absorbs each unit's own linear trend as well (NumPy with explicit
    /// dummies and by Frisch–Waugh; pyfixest has no varying slopes): K still counts k + T.
    @Test(arguments: ["balanced_one_regressor", "unbalanced_event_counts", "two_event_types", "selection_dip", "unit_trends"])
    func matchesPyfixest(name: String) throws {
        let reference = try #require(Self.cases.first { $0["name"] as? String == name })
        let model = try fit(reference)
        let numbers = { (key: String) in (reference[key] as! [NSNumber]).map(\.doubleValue) }
        for (a, b) in zip(model.coefficients, numbers("beta")) { #expect(Tolerance.agrees(a, b, relative: 1e-8, absolute: 1e-12), "\(name) β") }
        let k = model.coefficients.count
        let se = numbers("se")
        for j in 0..<k {
            let coefficient = model.contrast((0..<k).map { $0 == j ? 1 : 0 })
            #expect(Tolerance.agrees(coefficient.standardError, se[j], relative: 1e-8), "\(name) se[\(j)]")
            let interval = try #require(coefficient.interval())
            #expect(Tolerance.agrees(interval.low, numbers("ci_low")[j], relative: 1e-8, absolute: 1e-12), "\(name) low[\(j)]")
        }
        for contrast in reference["contrasts"] as! [[String: Any]] {
            let c = (contrast["c"] as! [NSNumber]).map(\.doubleValue)
            let fitted = model.contrast(c)
            #expect(Tolerance.agrees(fitted.estimate, (contrast["estimate"] as! NSNumber).doubleValue, relative: 1e-8, absolute: 1e-12))
            #expect(Tolerance.agrees(fitted.standardError, (contrast["se"] as! NSNumber).doubleValue, relative: 1e-8))
            #expect(Tolerance.agrees(try #require(fitted.pValue), (contrast["p"] as! NSNumber).doubleValue, relative: 1e-6, absolute: 1e-14))
        }
        for wald in reference["wald"] as! [[String: Any]] {
            let rows = (wald["R"] as! [[NSNumber]]).map { $0.map(\.doubleValue) }
            let test = try #require(model.waldTest(rows))
            let w = (wald["W"] as! NSNumber).doubleValue
            #expect(Tolerance.agrees(test.wald, w, relative: 1e-8), "\(name) W")
            // The Hotelling form from the reference's W.
            let (g, q) = (Double(model.clusters), Double(rows.count))
            #expect(Tolerance.agrees(test.f, w * (g - q) / (q * (g - 1)), relative: 1e-8))
            #expect(test.denominator == g - q)
        }
    }

    /// A balanced panel is demeaned in one sweep: each unit's and each time's values then sum
    /// to zero.
    @Test func withinTransformationRemovesBothSetsOfMeans() {
        let units: [Int32] = [0, 0, 0, 1, 1, 2, 2, 2]
        let times: [Int32] = [0, 1, 2, 0, 2, 0, 1, 2]
        let values = [3.0, 1, 4, 1, 5, 9, 2, 6]
        let within = TwoWayWithin(units: units, times: times, unitCount: 3, timeCount: 3).transform(values)
        for u in 0..<3 {
            #expect(abs(zip(units, within).filter { $0.0 == Int32(u) }.reduce(0) { $0 + $1.1 }) < 1e-12)
        }
        for t in 0..<3 {
            #expect(abs(zip(times, within).filter { $0.0 == Int32(t) }.reduce(0) { $0 + $1.1 }) < 1e-12)
        }
    }
}
