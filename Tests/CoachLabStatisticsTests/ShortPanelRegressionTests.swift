import CoachLabStatistics
import CoachLabTestSupport
import Foundation
import Testing

/// The unit-by-unit fit against pyfixest's references (the same cases as
/// FixedEffectsRegressionTests), against the alternating projections on random unbalanced
/// panels, and independent of how the units are grouped into sums.
@Suite struct ShortPanelRegressionTests {
    /// A panel as rows: unit, time, outcome, regressors, cluster.
    struct Panel {
        var units: [Int32] = [], times: [Int32] = [], y: [Double] = [], x: [[Double]] = [], clusters: [Int32] = []
        var k: Int { x.first?.count ?? 0 }
        var unitCount: Int { Int(units.max() ?? -1) + 1 }
        var timeCount: Int { Int(times.max() ?? -1) + 1 }

        /// Unit `u`'s rows, in the panel's order.
        func rows(of u: Int32) -> ShortPanelRegression.UnitRows {
            var rows = ShortPanelRegression.UnitRows(regressors: k)
            for i in units.indices where units[i] == u {
                rows.append(time: times[i], outcome: y[i])
                for j in 0..<k where x[i][j] != 0 { rows.appendRegressor(j, x[i][j]) }
            }
            return rows
        }

        func cluster(of u: Int32) -> Int32 { clusters[units.firstIndex(of: u)!] }

        /// The fit with units summed in the groups `groups` (a partition of the units), the
        /// groups' sums and scores merged in order.
        func shortFit(unitTrends: Bool, groups: [[Int32]]) -> FixedEffectsRegression? {
            var sums: ShortPanelRegression.Sums?
            for group in groups {
                var part = ShortPanelRegression.Sums(timeCount: timeCount, regressors: k, unitTrends: unitTrends)
                for u in group { part.add(rows(of: u)) }
                if sums == nil { sums = part } else { sums!.merge(part) }
            }
            guard let sums, let fit = ShortPanelRegression.Fit(sums) else { return nil }
            var scores: ShortPanelRegression.ClusterScores?
            for group in groups {
                var part = ShortPanelRegression.ClusterScores(fit)
                for u in group { part.add(rows(of: u), cluster: cluster(of: u), fit: fit) }
                if scores == nil { scores = part } else { scores!.merge(part) }
            }
            return ShortPanelRegression.regression(fit, scores: scores!)
        }

        func projectedFit(unitTrends: Bool) -> FixedEffectsRegression? {
            FixedEffectsRegression(
                y: y, x: (0..<k).map { j in x.map { $0[j] } }, units: units, times: times, unitCount: unitCount,
                timeCount: timeCount, clusters: clusters, unitTrends: unitTrends)
        }
    }

    static func referencePanel(_ name: String) throws -> (Panel, Bool, [String: Any]) {
        let cases = (TestFiles.json(at: TestFiles.repositoryRoot.appendingPathComponent(
            "Tests/CoachLabStatisticsTests/Fixtures/panel_reference.json")) as! [String: Any])["cases"] as! [[String: Any]]
        let reference = try #require(cases.first { $0["name"] as? String == name })
        var panel = Panel()
        let k = (reference["k"] as! NSNumber).intValue
        for row in reference["rows"] as! [[String: Any]] {
            panel.units.append(Int32((row["unit"] as! NSNumber).intValue))
            panel.times.append(Int32((row["time"] as! NSNumber).intValue))
            panel.clusters.append(Int32((row["cluster"] as! NSNumber).intValue))
            panel.y.append((row["y"] as! NSNumber).doubleValue)
            panel.x.append((0..<k).map { ((row["x"] as! [NSNumber])[$0]).doubleValue })
        }
        return (panel, reference["unit_trends"] as? Bool ?? false, reference)
    }

    /// A random unbalanced panel: units with 1 to `times` months, some months skipped,
    /// sparse event-count regressors, clusters of several units.
    static func randomPanel(seed: UInt64, units: Int, times: Int, k: Int) -> Panel {
        var random = SplitMixGenerator(seed: seed)
        var panel = Panel()
        for u in 0..<units {
            let start = Int.random(in: 0..<times, using: &random)
            let end = Int.random(in: start..<times, using: &random)
            let level = Double.random(in: -1...1, using: &random), slope = Double.random(in: -0.05...0.05, using: &random)
            for t in start...end where Double.random(in: 0..<1, using: &random) < 0.85 {
                panel.units.append(Int32(u))
                panel.times.append(Int32(t))
                panel.clusters.append(Int32(u / 7))
                let x = (0..<k).map { _ in Double.random(in: 0..<1, using: &random) < 0.3 ? Double(Int.random(in: 1...3, using: &random)) : 0 }
                panel.x.append(x)
                let noise = Double.random(in: -1...1, using: &random)
                panel.y.append(level + slope * Double(t) + 0.02 * Double(t % 5) + 0.1 * x.reduce(0, +) + noise)
            }
        }
        // Every time observed, so both fits count the same T.
        for t in 0..<times {
            panel.units.append(Int32(units + t % 3))
            panel.times.append(Int32(t))
            panel.clusters.append(Int32(units))
            panel.x.append((0..<k).map { j in Double((t + j) % 2) })
            panel.y.append(Double(t % 4))
        }
        return panel
    }

    @Test(arguments: ["balanced_one_regressor", "unbalanced_event_counts", "two_event_types", "selection_dip", "unit_trends"])
    func matchesPyfixest(name: String) throws {
        let (panel, trends, reference) = try Self.referencePanel(name)
        let units = Array(Set(panel.units)).sorted()
        let model = try #require(panel.shortFit(unitTrends: trends, groups: [units]))
        let numbers = { (key: String) in (reference[key] as! [NSNumber]).map(\.doubleValue) }
        for (a, b) in zip(model.coefficients, numbers("beta")) { #expect(Tolerance.agrees(a, b, relative: 1e-8, absolute: 1e-12), "\(name) β") }
        for j in 0..<model.coefficients.count {
            let coefficient = model.contrast((0..<model.coefficients.count).map { $0 == j ? 1 : 0 })
            #expect(Tolerance.agrees(coefficient.standardError, numbers("se")[j], relative: 1e-8), "\(name) se[\(j)]")
        }
        for wald in reference["wald"] as! [[String: Any]] {
            let rows = (wald["R"] as! [[NSNumber]]).map { $0.map(\.doubleValue) }
            let test = try #require(model.waldTest(rows))
            #expect(Tolerance.agrees(test.wald, (wald["W"] as! NSNumber).doubleValue, relative: 1e-8), "\(name) W")
        }
        #expect(model.observations == panel.y.count)
    }

    /// Random unbalanced panels, with and without unit trends: the same model as the
    /// alternating projections, to their tolerance.
    @Test(arguments: [1, 2, 3, 4, 5, 6])
    func agreesWithAlternatingProjections(seed: Int) throws {
        let panel = Self.randomPanel(seed: UInt64(seed), units: 60, times: 14, k: seed % 3 + 1)
        for trends in [false, true] {
            let units = Array(Set(panel.units)).sorted()
            let short = try #require(panel.shortFit(unitTrends: trends, groups: [units]))
            let projected = try #require(panel.projectedFit(unitTrends: trends))
            #expect(short.clusters == projected.clusters && short.observations == projected.observations)
            for (a, b) in zip(short.coefficients, projected.coefficients) {
                #expect(Tolerance.agrees(a, b, relative: 1e-8, absolute: 1e-10), "seed \(seed) trends \(trends) β")
            }
            for (a, b) in zip(short.covariance.elements, projected.covariance.elements) {
                #expect(Tolerance.agrees(a, b, relative: 1e-7, absolute: 1e-12), "seed \(seed) trends \(trends) V")
            }
        }
    }

    /// Units summed in any grouping give the same model, to rounding.
    @Test func groupingDoesNotMatter() throws {
        let panel = Self.randomPanel(seed: 42, units: 80, times: 12, k: 2)
        let units = Array(Set(panel.units)).sorted()
        let whole = try #require(panel.shortFit(unitTrends: true, groups: [units]))
        var random = SplitMixGenerator(seed: 7)
        for _ in 0..<5 {
            let shuffled = units.shuffled(using: &random)
            let cut1 = Int.random(in: 1..<(units.count - 1), using: &random)
            let cut2 = Int.random(in: cut1..<units.count, using: &random)
            let groups = [Array(shuffled[..<cut1]), Array(shuffled[cut1..<cut2]), Array(shuffled[cut2...])].filter { !$0.isEmpty }
            let split = try #require(panel.shortFit(unitTrends: true, groups: groups))
            for (a, b) in zip(split.coefficients, whole.coefficients) { #expect(Tolerance.agrees(a, b, relative: 1e-10)) }
            for (a, b) in zip(split.covariance.elements, whole.covariance.elements) { #expect(Tolerance.agrees(a, b, relative: 1e-9, absolute: 1e-15)) }
        }
    }

    /// Rows written in one go (``ShortPanelRegression/UnitRows/replaceRows(maximumRows:_:)``,
    /// every regressor set, zeros too, with room to spare) are the rows appended one by one:
    /// the same times, outcomes and sums, to the bit.
    @Test(arguments: [11, 12, 13])
    func rowsWrittenInOneGoAreTheRowsAppended(seed: Int) throws {
        let panel = Self.randomPanel(seed: UInt64(seed), units: 40, times: 10, k: seed % 3 + 1)
        var random = SplitMixGenerator(seed: UInt64(seed))
        var written = ShortPanelRegression.UnitRows(regressors: panel.k)
        for u in Set(panel.units).sorted() {
            let appended = panel.rows(of: u)
            let rows = panel.units.indices.filter { panel.units[$0] == u }
            written.replaceRows(maximumRows: rows.count + Int.random(in: 0...3, using: &random)) { writer in
                for i in rows {
                    writer.appendRow(time: panel.times[i], outcome: panel.y[i])
                    for j in 0..<panel.k { writer.setRegressor(j, panel.x[i][j]) }
                }
            }
            #expect(written.times == appended.times && written.outcomes == appended.outcomes, "unit \(u)")
            var fromWritten = ShortPanelRegression.Sums(timeCount: panel.timeCount, regressors: panel.k, unitTrends: true)
            var fromAppended = fromWritten
            fromWritten.add(written)
            fromAppended.add(appended)
            let a = fromWritten.withEntries { Array($0) }, b = fromAppended.withEntries { Array($0) }
            #expect(a.map(\.bitPattern) == b.map(\.bitPattern), "unit \(u)")
        }
    }

    /// Sums formed without DᵀMD (a caller that forms it per set of times) hold 0 there and
    /// every other entry to the bit.
    @Test func sumsWithoutTheTimeGramKeepEveryOtherEntry() throws {
        let panel = Self.randomPanel(seed: 5, units: 50, times: 12, k: 2)
        var whole = ShortPanelRegression.Sums(timeCount: panel.timeCount, regressors: panel.k, unitTrends: true)
        var withoutGram = whole
        for u in Set(panel.units).sorted() {
            whole.add(panel.rows(of: u))
            withoutGram.add(panel.rows(of: u), formingTimeGram: false)
        }
        let gram = Set((0..<panel.timeCount).flatMap { i in (0..<panel.timeCount).map { whole.index(.timeGram, i, $0) } })
        let a = whole.withEntries { Array($0) }, b = withoutGram.withEntries { Array($0) }
        #expect(gram.contains { a[$0] != 0 }, "the panel has a time gram to leave out")
        for index in a.indices {
            #expect(b[index].bitPattern == (gram.contains(index) ? 0 : a[index].bitPattern), "entry \(index)")
        }
    }

    /// A regressor the time effects explain leaves nothing to estimate: no model.
    @Test func collinearRegressorGivesNoModel() {
        var panel = Self.randomPanel(seed: 3, units: 30, times: 8, k: 1)
        for i in panel.x.indices { panel.x[i] = [panel.times[i] == 4 ? 1 : 0] }
        #expect(panel.shortFit(unitTrends: false, groups: [Array(Set(panel.units)).sorted()]) == nil)
    }
}
