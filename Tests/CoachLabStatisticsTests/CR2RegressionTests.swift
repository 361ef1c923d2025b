import CoachLabStatistics
import CoachLabTestSupport
import Foundation
import PropertyBased
import Testing

/// CR2 covariance and Bell–McCaffrey degrees of freedom against a row-level NumPy
/// implementation of RESULTS.md's definition (Fixtures/make_cr2_reference.py: eigenvalues
/// of every I − H_gg and of the G × G matrix K), which itself matches statsmodels' HC2.
@Suite struct CR2RegressionTests {
    struct Case {
        var name: String
        var x: [[Double]]
        var y: [Double]
        var cluster: [Int]
        var contrast: [Double]
        var beta: [Double]
        var covariance: [[Double]]
        var se, dof, low, high: Double

        /// The case's rows as per-cluster moments.
        var moments: ClusterMoments {
            var moments = ClusterMoments(k: contrast.count, clusterCount: (cluster.max() ?? -1) + 1)
            for row in y.indices { moments.add(cluster: cluster[row], x: x[row], y: y[row]) }
            return moments
        }
    }

    static var fixture: [String: Any] {
        TestFiles.json(at: TestFiles.repositoryRoot.appendingPathComponent(
        "Tests/CoachLabStatisticsTests/Fixtures/cr2_reference.json")) as! [String: Any]
    }

    static var cases: [Case] {
        (fixture["cases"] as! [[String: Any]]).map { c in
            let numbers = { (key: String) in (c[key] as! [NSNumber]).map(\.doubleValue) }
            let matrix = { (key: String) in (c[key] as! [[NSNumber]]).map { $0.map(\.doubleValue) } }
            let number = { (key: String) in (c[key] as! NSNumber).doubleValue }
            return Case(
                name: c["name"] as! String, x: matrix("X"), y: numbers("y"), cluster: numbers("cluster").map { Int($0) },
                contrast: numbers("contrast"), beta: numbers("beta"), covariance: matrix("V"),
                se: number("se"), dof: number("dof"), low: number("low"), high: number("high"))
        }
    }

    @Test func fixtureHasEveryCase() {
        #expect(Self.cases.map(\.name).sorted() == [
            "hc2_continuous", "hc2_mean", "mean_balanced", "mean_unbalanced", "tier_dummies",
            "tier_dummies_single_cluster_tier", "two_samples_shared_clusters", "within_cluster_regressor",
        ])
    }

    @Test(arguments: cases.map(\.name))
    func matchesTheRowLevelDefinition(name: String) throws {
        let reference = try #require(Self.cases.first { $0.name == name })
        let model = try #require(CR2Regression(reference.moments))
        for (fitted, expected) in zip(model.coefficients, reference.beta) {
            #expect(Tolerance.agrees(fitted, expected, relative: 1e-9, absolute: 1e-12), "\(name) β")
        }
        let k = reference.contrast.count
        for i in 0..<k {
            for j in 0..<k {
                #expect(Tolerance.agrees(model.covariance[i, j], reference.covariance[i][j], relative: 1e-8, absolute: 1e-15),
                        "\(name) V[\(i), \(j)]")
            }
        }
        let contrast = model.contrast(reference.contrast)
        #expect(Tolerance.agrees(contrast.standardError, reference.se, relative: 1e-9), "\(name) se")
        #expect(Tolerance.agrees(contrast.degreesOfFreedom, reference.dof, relative: 1e-9), "\(name) dof")
        let interval = try #require(contrast.interval())
        #expect(Tolerance.agrees(interval.low, reference.low, relative: 1e-9), "\(name) low")
        #expect(Tolerance.agrees(interval.high, reference.high, relative: 1e-9), "\(name) high")
    }

    /// RESULTS.md's first check: one row per cluster gives HC2 (statsmodels `cov_type="HC2"`).
    @Test func oneRowPerClusterIsHC2() throws {
        let reference = try #require(Self.cases.first { $0.name == "hc2_continuous" })
        let hc2 = (Self.fixture["statsmodels_hc2_V"] as! [[NSNumber]]).map { $0.map(\.doubleValue) }
        let model = try #require(CR2Regression(reference.moments))
        for i in hc2.indices {
            for j in hc2.indices {
                #expect(Tolerance.agrees(model.covariance[i, j], hc2[i][j], relative: 1e-8, absolute: 1e-15))
            }
        }
    }

    /// The second and third checks, for any size: a mean over single rows has n − 1 degrees
    /// of freedom, a mean over G equal clusters G − 1, whatever the outcomes.
    @Test func degreesOfFreedomOfAMean() async {
        await propertyCheck(input: Gen.int(in: 2...60), Gen.int(in: 1...12), Gen.int(in: 0...1_000_000)) { clusters, size, seed in
            var random = SplitMixGenerator(seed: UInt64(seed))
            var moments = ClusterMoments(k: 1, clusterCount: clusters)
            for g in 0..<clusters {
                for _ in 0..<size { moments.add(cluster: g, x: [1], y: Double.random(in: -5...5, using: &random)) }
            }
            let dof = CR2Regression(moments)!.coefficient(0).degreesOfFreedom
            #expect(Tolerance.agrees(dof, Double(clusters - 1), relative: 1e-9), "G = \(clusters), n_g = \(size)")
        }
    }

    /// Rows that share regressors within a cluster give the same fit whether added one by
    /// one or as a count and a sum (the form the plugins' partial states keep).
    @Test func constantRegressorsAsCountsAndSums() throws {
        let reference = try #require(Self.cases.first { $0.name == "tier_dummies" })
        var bySum = ClusterMoments(k: 3, clusterCount: (reference.cluster.max() ?? 0) + 1)
        for g in Set(reference.cluster) {
            let rows = reference.y.indices.filter { reference.cluster[$0] == g }
            bySum.add(cluster: g, constantRegressors: reference.x[rows[0]], rows: rows.count,
                      sumOfY: rows.reduce(0) { $0 + reference.y[$1] })
        }
        let a = try #require(CR2Regression(bySum)).contrast(reference.contrast)
        let b = try #require(CR2Regression(reference.moments)).contrast(reference.contrast)
        #expect(Tolerance.agrees(a.standardError, b.standardError, relative: 1e-12))
        #expect(Tolerance.agrees(a.degreesOfFreedom, b.degreesOfFreedom, relative: 1e-12))
    }

    @Test func noFitFromOneClusterOrASingularDesign() {
        var one = ClusterMoments(k: 1, clusterCount: 3)
        one.add(cluster: 1, x: [1], y: 2)
        one.add(cluster: 1, x: [1], y: 3)
        #expect(CR2Regression(one) == nil)
        var singular = ClusterMoments(k: 2, clusterCount: 2)
        for g in 0..<2 { for y in [1.0, 2.0] { singular.add(cluster: g, x: [1, 1], y: y) } }
        #expect(CR2Regression(singular) == nil)
    }

    /// The plugins' entry points against the same reference: a tier's rate and the
    /// difference between two tiers (constant regressors, by counts and sums).
    @Test func groupDifferenceAndMeanFromCountsAndSums() throws {
        let reference = try #require(Self.cases.first { $0.name == "tier_dummies" })
        let clusters = Array(Set(reference.cluster)).sorted()
        let rowsOf = clusters.map { g in reference.y.indices.filter { reference.cluster[$0] == g } }
        // X = [1, exceeds, meets]: group 2 exceeds, 1 meets, 0 needs improvement.
        let groups = rowsOf.map { rows in reference.x[rows[0]][1] == 1 ? 2 : reference.x[rows[0]][2] == 1 ? 1 : 0 }
        let fit = try ClusteredGroupDifference.fit(
            groups: groups, rows: rowsOf.map(\.count), sumsOfY: rowsOf.map { $0.reduce(0) { $0 + reference.y[$1] } },
            groupCount: 3, a: 2, b: 0).get()
        #expect(Tolerance.agrees(fit.low, reference.low, relative: 1e-9) && Tolerance.agrees(fit.high, reference.high, relative: 1e-9))
        #expect(Tolerance.agrees(fit.degreesOfFreedom, reference.dof, relative: 1e-9))

        let mean = try #require(Self.cases.first { $0.name == "mean_unbalanced" })
        let meanClusters = Array(Set(mean.cluster)).sorted()
        let meanFit = try #require(ClusteredMean.fit(
            counts: meanClusters.map { g in mean.cluster.filter { $0 == g }.count },
            sums: meanClusters.map { g in mean.y.indices.filter { mean.cluster[$0] == g }.reduce(0) { $0 + mean.y[$1] } }))
        #expect(Tolerance.agrees(meanFit.low, mean.low, relative: 1e-9) && Tolerance.agrees(meanFit.high, mean.high, relative: 1e-9))
        let byRows = try #require(ClusteredMean.fit(mean.y, clusters: mean.cluster.map { Int32($0 * 7 + 3) }))
        #expect(Tolerance.agrees(byRows.low, mean.low, relative: 1e-9))
    }

    /// Two samples sharing clusters (`y ~ 1 + a`), under sparse cluster codes.
    @Test func meanDifferenceOfSamplesSharingClusters() throws {
        let reference = try #require(Self.cases.first { $0.name == "two_samples_shared_clusters" })
        let inA = reference.y.indices.filter { reference.x[$0][1] == 1 }
        let inB = reference.y.indices.filter { reference.x[$0][1] == 0 }
        let fit = try ClusteredMeanDifference.fit(
            a: inA.map { reference.y[$0] }, clustersOfA: inA.map { Int32(reference.cluster[$0] * 100) },
            b: inB.map { reference.y[$0] }, clustersOfB: inB.map { Int32(reference.cluster[$0] * 100) },
            minimumClusters: 2).get()
        #expect(Tolerance.agrees(fit.low, reference.low, relative: 1e-9) && Tolerance.agrees(fit.high, reference.high, relative: 1e-9))
    }

    /// A group of fewer clusters than asked gets no interval, and says how many it has.
    @Test func tooFewClustersInAGroup() {
        let fit = ClusteredMeanDifference.fit(
            a: [1, 2, 3, 4], clustersOfA: [0, 0, 1, 1], b: [1, 2, 3, 4, 5, 6], clustersOfB: [2, 3, 4, 5, 6, 7])
        #expect(fit == .failure(.tooFewClusters(a: 2, b: 6)))
    }
}

extension CR2RegressionTests {
    /// Two managers with the same rate (204 of 240 each, as in a generated org): the CR2
    /// standard error is exactly 0, and no zero-wide interval is reported.
    @Test func noIntervalWithoutVariationBetweenClusters() {
        #expect(ClusteredMean.fit(counts: [240, 240], sums: [204, 204]) == nil)
        #expect(ClusteredMean.fit(counts: [240, 240], sums: [204, 203]) != nil)
        #expect(ClusteredMean.fit(counts: [240], sums: [204]) == nil)
    }
}

extension CR2RegressionTests {
    /// The allocation-free path for regressors constant within each cluster gives the
    /// reference's values on every such case, a tier of one cluster included.
    @Test(arguments: ["tier_dummies", "tier_dummies_single_cluster_tier", "mean_balanced", "mean_unbalanced", "hc2_mean"])
    func constantRegressorPathMatchesTheDefinition(name: String) throws {
        let reference = try #require(Self.cases.first { $0.name == name })
        let k = reference.contrast.count
        let clusters = (reference.cluster.max() ?? -1) + 1
        var regressors = [Double](repeating: 0, count: clusters * k), rows = [Int](repeating: 0, count: clusters)
        var sums = [Double](repeating: 0, count: clusters)
        for row in reference.y.indices {
            let g = reference.cluster[row]
            for j in 0..<k { regressors[g * k + j] = reference.x[row][j] }
            rows[g] += 1
            sums[g] += reference.y[row]
        }
        let contrast = try #require(CR2Regression(constantRegressors: regressors, k: k, rows: rows, sumsOfY: sums))
            .contrast(reference.contrast)
        #expect(Tolerance.agrees(contrast.standardError, reference.se, relative: 1e-9), "\(name) se")
        #expect(Tolerance.agrees(contrast.degreesOfFreedom, reference.dof, relative: 1e-9), "\(name) dof")
    }
}
