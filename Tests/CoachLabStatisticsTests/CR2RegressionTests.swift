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

extension CR2Regression {
    /// Coefficients, covariance and the degrees of freedom of `contrasts` agree with
    /// `other`'s to `relative` (1e-15 absolute for entries near 0).
    func agrees(with other: CR2Regression, contrasts: [[Double]], relative: Double) -> Bool {
        zip(coefficients, other.coefficients).allSatisfy { Tolerance.agrees($0, $1, relative: relative, absolute: 1e-15) }
            && zip(covariance.elements, other.covariance.elements).allSatisfy { Tolerance.agrees($0, $1, relative: relative, absolute: 1e-15) }
            && contrasts.allSatisfy { Tolerance.agrees(contrast($0).degreesOfFreedom, other.contrast($0).degreesOfFreedom, relative: relative) }
    }
}

extension CR2RegressionTests {
    /// Two regressions over the same clusters on rows of their own (a rep-month in one, in
    /// the other or both), as activity-to-pipeline's funnel links are: y = a + b·x + noise
    /// shared within the cluster.
    static func twoRegressions(seed: UInt64) -> (ClusterMoments, ClusterMoments, rows: [(block: Int, g: Int, x: Double, y: Double)]) {
        var random = SplitMixGenerator(seed: seed)
        let clusters = 7
        var blocks = [ClusterMoments(k: 2, clusterCount: clusters), ClusterMoments(k: 2, clusterCount: clusters)]
        var rows: [(Int, Int, Double, Double)] = []
        for g in 0..<clusters {
            let shared = Double.random(in: -1...1, using: &random)
            for block in 0..<2 where !(block == 1 && g == 3) {  // cluster 3 has rows in block 0 only
                for _ in 0..<Int.random(in: 1...9, using: &random) {
                    let x = 5 + Double.random(in: -1...1, using: &random)
                    let y = 0.5 + Double(block + 1) * x + shared + Double.random(in: -0.5...0.5, using: &random)
                    blocks[block].add(cluster: g, x: [1, x], y: y)
                    rows.append((block, g, x, y))
                }
            }
        }
        return (blocks[0], blocks[1], rows)
    }

    /// Stacking is the regression whose rows carry zeros in the other blocks' columns, and
    /// each block of the stack is the block's own fit; the covariance across blocks is there.
    @Test func stackedBlocksAreOneRegressionWithEachBlocksOwnFit() throws {
        for seed in UInt64(1)...8 {
            let (a, b, rows) = Self.twoRegressions(seed: seed)
            var padded = ClusterMoments(k: 4, clusterCount: a.clusterCount)
            for row in rows {
                padded.add(cluster: row.g, x: row.block == 0 ? [1, row.x, 0, 0] : [0, 0, 1, row.x], y: row.y)
            }
            let stacked = try #require(CR2Regression(.stacked([a, b])))
            let product = [0, 2.0, 0, 1.5]  // a gradient of b₀·b₁ at slopes near 1 and 2
            #expect(stacked.agrees(with: try #require(CR2Regression(padded)),
                                   contrasts: [[0, 1, 0, 0], [0, 0, 0, 1], product], relative: 1e-10), "seed \(seed)")
            for (index, block) in [a, b].enumerated() {
                let alone = try #require(CR2Regression(block))
                let slope = stacked.coefficient(2 * index + 1), own = alone.coefficient(1)
                #expect(Tolerance.agrees(slope.estimate, own.estimate, relative: 1e-10), "seed \(seed) block \(index)")
                #expect(Tolerance.agrees(slope.standardError, own.standardError, relative: 1e-10))
                #expect(Tolerance.agrees(slope.degreesOfFreedom, own.degreesOfFreedom, relative: 1e-10))
            }
            #expect(stacked.covariance[1, 3] != 0, "the links' covariance")
            #expect(stacked.observations == rows.count && stacked.clusters == a.clusterCount)
        }
    }

    /// Centring a regressor (xⱼ − c) leaves the slope, its CR2 variance and its degrees of
    /// freedom as they were, and equals adding the centred rows.
    @Test func shiftedMomentsAreTheCentredRegression() throws {
        let (a, _, rows) = Self.twoRegressions(seed: 3)
        var centred = ClusterMoments(k: 2, clusterCount: a.clusterCount)
        for row in rows where row.block == 0 { centred.add(cluster: row.g, x: [1, row.x - 5.1], y: row.y) }
        let shifted = try #require(CR2Regression(a.shifted(by: [0, 5.1])))
        #expect(shifted.agrees(with: try #require(CR2Regression(centred)), contrasts: [[0, 1], [1, 0]], relative: 1e-10))
        let raw = try #require(CR2Regression(a)).coefficient(1), slope = shifted.coefficient(1)
        #expect(Tolerance.agrees(raw.estimate, slope.estimate, relative: 1e-10))
        #expect(Tolerance.agrees(raw.standardError, slope.standardError, relative: 1e-9))
        #expect(Tolerance.agrees(raw.degreesOfFreedom, slope.degreesOfFreedom, relative: 1e-9))
    }
}

extension CR2RegressionTests {
    /// Tiers whose managers all attain at their tier's rate: the difference's standard error
    /// is 0, and it has no interval rather than a zero-wide one.
    @Test func aDifferenceWithoutVariationHasNoInterval() {
        let fit = ClusteredGroupDifference.fit(
            groups: [1, 1, 0, 0], rows: [10, 20, 10, 20], sumsOfY: [9, 18, 5, 10], groupCount: 2, a: 1, b: 0, minimumClusters: 2)
        #expect(fit == .failure(.noVariation))
    }

    /// One definition of a contrast's interval: none without a positive standard error or
    /// degrees of freedom.
    @Test func aContrastWithoutVariationOrDegreesOfFreedomHasNoInterval() {
        #expect(ContrastEstimate(estimate: 1, standardError: 0, degreesOfFreedom: 5).interval() == nil)
        #expect(ContrastEstimate(estimate: 1, standardError: 1, degreesOfFreedom: .nan).pValue == nil)
        let interval = ContrastEstimate(estimate: 1, standardError: 1, degreesOfFreedom: 5).interval()
        #expect(interval.map { Tolerance.agrees($0.high - 1, 2.570581835636314, relative: 1e-9) } == true)
    }
}
