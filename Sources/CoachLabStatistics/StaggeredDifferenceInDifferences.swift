/// Staggered difference-in-differences (Callaway & Sant'Anna 2021): for each
/// cohort g (the first period its units are treated) and period t, ATT(g, t) is the mean
/// change of the cohort's outcome from a base period minus the mean change of control units
/// over the same periods (or, given covariates, minus what the controls' changes predict for
/// the cohort's covariates); aggregated over cohorts (the simple average of post-treatment
/// cells) and by event time e = t − g. Standard errors from influence functions, summed
/// within clusters (units nested in clusters).
///
/// Two-way fixed effects alone is biased when effects vary over time or across cohorts,
/// because already-treated units serve as controls; this compares each cohort only with
/// units not (yet) treated.
public struct StaggeredDifferenceInDifferences: Sendable {
    /// Who a cohort is compared with.
    public enum ControlGroup: String, Sendable, CaseIterable {
        /// Units never treated in the data.
        case neverTreated = "never-treated"
        /// Units never treated or first treated after both the period and the base period.
        case notYetTreated = "not-yet-treated"
    }

    /// One ATT(g, t).
    public struct Cell: Sendable, Equatable {
        public var cohort: Int
        public var period: Int
        /// The base period the change is measured from: g − 1 after treatment, t − 1 before.
        public var base: Int
        public var att: Double
        public var standardError: Double
        public var treated: Int
        public var controls: Int
    }

    /// An aggregate of cells with its standard error.
    public struct Aggregate: Sendable, Equatable {
        public var estimate: Double
        public var standardError: Double
    }

    public let cells: [Cell]
    /// The average of the post-treatment cells weighted by cohort size.
    public let simple: Aggregate?
    /// By event time e = t − g: the average of the cells with that e, weighted by cohort size.
    public let dynamic: [(eventTime: Int, aggregate: Aggregate)]
    /// By cohort: the mean of the cohort's post-treatment cells (equal weights).
    public let byCohort: [(cohort: Int, aggregate: Aggregate)]
    /// Units in the estimation (treated in a later period than the first, or never).
    public let units: Int
    public let clusters: Int
    /// Cells whose controls' regression left a covariate out (constant or collinear among
    /// that cell's controls).
    public let cellsDroppingCovariates: Int
    /// Cells left undefined because the cohort has covariate values no control has (a
    /// category only treated units are in), so the controls' regression cannot speak for it.
    public let cellsWithoutOverlap: Int
    /// Cells left out because their cohort or their controls span fewer than the minimum
    /// clusters.
    public let cellsWithFewClusters: Int
    /// Cells left out because a category (a 0/1 covariate's value) some of the cohort is in
    /// has controls within fewer than the minimum clusters: the regression's prediction for
    /// them rests on a few clusters, and its standard error runs small (generated orgs: the
    /// estimate's spread 1.3–1.5 times its standard error).
    public let cellsWithThinSupport: Int
    /// Each event time's influence functions summed by cluster, in ``dynamic``'s order.
    public let dynamicClusterInfluence: [[Double]]

    /// - Parameters:
    ///   - outcomes: `units × periods`, unit-major; a unit with a missing (NaN) value is left out.
    ///   - cohorts: each unit's first treated period (0-based), or nil when never treated;
    ///     units treated in the first period are left out (they have no period before), and
    ///     units first treated after the last period are never treated within the data.
    ///   - clusters: each unit's cluster (any codes).
    ///   - covariates: time-invariant covariate columns, one value per unit (NaN: the unit is
    ///     left out). With covariates each cell compares the cohort's change with what a
    ///     regression of the controls' changes on them predicts (outcome regression); without,
    ///     with the controls' mean change.
    ///   - minimumClusters: the clusters a cell's cohort and its controls must each span: a
    ///     side within fewer has a standard error that cannot show how clusters vary (one
    ///     control unit adds nothing to it), so the cell is left out and counted.
    /// - Returns: nil without a cohort that has a comparison.
    /// - Complexity: O(cells × units).
    public init?(
        outcomes: [Double], periods: Int, cohorts: [Int?], clusters: [Int32], control: ControlGroup, covariates: [[Double]] = [],
        minimumClusters: Int = 1
    ) {
        precondition(outcomes.count == cohorts.count * periods && clusters.count == cohorts.count, "a row of outcomes, a cohort and a cluster per unit")
        precondition(covariates.allSatisfy { $0.count == cohorts.count }, "a value of each covariate per unit")
        let kept = cohorts.indices.filter { unit in
            (cohorts[unit].map { $0 > 0 && $0 < Int.max } ?? true)
                && (0..<periods).allSatisfy { !outcomes[unit * periods + $0].isNaN }
                && covariates.allSatisfy { !$0[unit].isNaN }
        }
        let n = kept.count
        guard n > 0 else { return nil }
        let (clusterOf, clusterCount) = DenseCodes.make(kept.map { clusters[$0] })
        let cohortOf = kept.map { unit in cohorts[unit].flatMap { $0 < periods ? $0 : nil } }
        let y = { (i: Int, t: Int) in outcomes[kept[i] * periods + t] }
        let covariatesOfKept = covariates.map { column in kept.map { column[$0] } }
        let groups = Set(cohortOf.compactMap { $0 }).sorted()
        var cellsDroppingCovariates = 0, cellsWithoutOverlap = 0, cellsWithThinSupport = 0, cellsWithFewClusters = 0
        var cells: [Cell] = []
        var influence: [[Double]] = []
        for g in groups {
            for t in 0..<periods {
                let base = t >= g ? g - 1 : t - 1
                guard base >= 0 else { continue }
                let latest = max(t, base)
                func isControl(_ i: Int) -> Bool {
                    switch control {
                    case .neverTreated: return cohortOf[i] == nil
                    case .notYetTreated: return cohortOf[i].map { $0 > latest && $0 != g } ?? true
                    }
                }
                var treated: [Int] = [], controls: [Int] = []
                for i in 0..<n {
                    if cohortOf[i] == g { treated.append(i) } else if isControl(i) { controls.append(i) }
                }
                guard !treated.isEmpty, !controls.isEmpty else { continue }
                if minimumClusters > 1 {
                    let treatedClusters = Set(treated.lazy.map { clusterOf[$0] }).count
                    let controlClusters = Set(controls.lazy.map { clusterOf[$0] }).count
                    guard treatedClusters >= minimumClusters, controlClusters >= minimumClusters else {
                        cellsWithFewClusters += 1
                        continue
                    }
                    guard Self.categoriesHaveSupport(covariatesOfKept, treated: treated, controls: controls,
                                                     clusterOf: clusterOf, minimumClusters: minimumClusters)
                    else {
                        cellsWithThinSupport += 1
                        continue
                    }
                }
                let changes = (0..<n).map { y($0, t) - y($0, base) }
                guard let cell = OutcomeRegressionDifference(
                    changes: changes, treated: treated, controls: controls, covariates: covariatesOfKept, units: n)
                else {
                    cellsWithoutOverlap += 1
                    continue
                }
                cells.append(Cell(cohort: g, period: t, base: base, att: cell.att, standardError: 0,
                                  treated: treated.count, controls: controls.count))
                influence.append(cell.influence)
                if cell.droppedCovariates > 0 { cellsDroppingCovariates += 1 }
            }
        }
        self.cellsWithFewClusters = cellsWithFewClusters
        guard !cells.isEmpty else { return nil }
        func clusterSums(_ psi: [Double]) -> [Double] {
            var sums = [Double](repeating: 0, count: clusterCount)
            for i in 0..<n { sums[clusterOf[i]] += psi[i] }
            return sums
        }
        func standardError(_ psi: [Double]) -> Double {
            clusterSums(psi).reduce(0) { $0 + $1 * $1 }.squareRoot() / Double(n)
        }
        for index in cells.indices { cells[index].standardError = standardError(influence[index]) }

        // Aggregations: cells weighted by their cohort's share of units, with the influence of
        // estimating those shares (Callaway & Sant'Anna 2021, appendix; R did's wif).
        let share = Dictionary(grouping: cohortOf.compactMap { $0 }, by: { $0 }).mapValues { Double($0.count) / Double(n) }
        func aggregate(_ chosen: [Int]) -> (Aggregate, [Double])? {
            guard !chosen.isEmpty else { return nil }
            let weights = chosen.map { share[cells[$0].cohort]! }
            let total = weights.reduce(0, +)
            let estimate = zip(chosen, weights).reduce(0.0) { $0 + cells[$1.0].att * $1.1 } / total
            var psi = [Double](repeating: 0, count: n)
            for (index, weight) in zip(chosen, weights) {
                for i in 0..<n { psi[i] += influence[index][i] * weight / total }
            }
            // The weights' own estimation error: w_k = p_k / Σp, p_k = mean(1{G = g_k}).
            for i in 0..<n {
                var first = 0.0, second = 0.0
                for (index, weight) in zip(chosen, weights) {
                    let indicator = cohortOf[i] == cells[index].cohort ? 1.0 : 0.0
                    first += (indicator - weight) / total * cells[index].att
                    second += (indicator - weight)
                }
                var weighted = 0.0
                for (index, weight) in zip(chosen, weights) { weighted += weight / (total * total) * cells[index].att }
                psi[i] += first - second * weighted
            }
            return (Aggregate(estimate: estimate, standardError: standardError(psi)), psi)
        }
        self.cells = cells
        self.cellsDroppingCovariates = cellsDroppingCovariates
        self.cellsWithoutOverlap = cellsWithoutOverlap
        self.cellsWithThinSupport = cellsWithThinSupport
        self.units = n
        self.clusters = clusterCount
        self.simple = aggregate(cells.indices.filter { cells[$0].period >= cells[$0].cohort })?.0
        let eventTimes = Set(cells.map { $0.period - $0.cohort }).sorted()
        let events = eventTimes.compactMap { e in
            aggregate(cells.indices.filter { cells[$0].period - cells[$0].cohort == e }).map { (e, $0.0, $0.1) }
        }
        self.dynamic = events.map { ($0.0, $0.1) }
        self.dynamicClusterInfluence = events.map { clusterSums($0.2) }
        self.byCohort = groups.compactMap { g in
            let post = cells.indices.filter { cells[$0].cohort == g && cells[$0].period >= g }
            guard !post.isEmpty else { return nil }
            var psi = [Double](repeating: 0, count: n)
            for index in post { for i in 0..<n { psi[i] += influence[index][i] / Double(post.count) } }
            let estimate = post.reduce(0.0) { $0 + cells[$1].att } / Double(post.count)
            return (g, Aggregate(estimate: estimate, standardError: standardError(psi)))
        }
    }

    /// The joint test that the event study's last `leads` pre-treatment estimates (e = −1,
    /// −2, …: each the change from the month before, placebos) are zero — the reached moved
    /// as their controls did before the start — from their covariance over the G cluster
    /// sums of influence functions, W = θ'V⁻¹θ in its Hotelling T² form F = W (G − q) /
    /// (q (G − 1)) against F(q, G − q). All pre-treatment cells at once (R did's χ² pre-test)
    /// put dozens of restrictions on a covariance estimated from a few dozen managers, and
    /// rejected in every generated org with nothing to find; nil without leads, or with as
    /// many leads as clusters, or a singular covariance.
    public func pretrendTest(leads: Int = 6) -> (statistic: Double, numerator: Int, denominator: Int, pValue: Double)? {
        let chosen = dynamic.indices.filter { dynamic[$0].eventTime < 0 && dynamic[$0].eventTime >= -leads }
        let q = chosen.count
        guard q > 0, clusters > q else { return nil }
        var covariance = SmallMatrix(size: q)
        let n2 = Double(units) * Double(units)
        for (a, i) in chosen.enumerated() {
            for (b, j) in chosen.enumerated() {
                covariance[a, b] = zip(dynamicClusterInfluence[i], dynamicClusterInfluence[j]).reduce(0.0) { $0 + $1.0 * $1.1 } / n2
            }
        }
        guard let inverse = covariance.symmetrised().inverse() else { return nil }
        let wald = inverse.quadraticForm(chosen.map { dynamic[$0].aggregate.estimate })
        let g = Double(clusters), m = Double(q)
        let f = wald * (g - m) / (m * (g - 1))
        return (f, q, clusters - q, FDistribution(numerator: m, denominator: g - m).survival(f))
    }

    /// The critical value of a simultaneous 95% band over the event-time estimates, by the
    /// multiplier bootstrap over clusters (Rademacher weights; Callaway & Sant'Anna 2021,
    /// §4.1): the 95th percentile of max_e |θ*_e| / se_e. Fixed seed, so the same data give
    /// the same band. `eventTimes` limits the band to those event times (nil: all). Nil
    /// without estimates with a positive standard error.
    public func uniformCriticalValue(
        eventTimes: Set<Int>? = nil, replicates: Int = 999, seed: UInt64 = 20_240_611, level: Double = 0.95
    ) -> Double? {
        let usable = dynamic.indices.filter {
            dynamic[$0].aggregate.standardError > 0 && (eventTimes?.contains(dynamic[$0].eventTime) ?? true)
        }
        guard !usable.isEmpty else { return nil }
        var state = seed
        func nextBit() -> Double {
            // SplitMix64: a reproducible stream without Foundation.
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return (z ^ (z >> 31)) & 1 == 0 ? -1 : 1
        }
        var maxima: [Double] = []
        maxima.reserveCapacity(replicates)
        var signs = [Double](repeating: 0, count: clusters)
        for _ in 0..<replicates {
            for c in 0..<clusters { signs[c] = nextBit() }
            var largest = 0.0
            for e in usable {
                let draw = zip(signs, dynamicClusterInfluence[e]).reduce(0.0) { $0 + $1.0 * $1.1 } / Double(units)
                largest = max(largest, abs(draw) / dynamic[e].aggregate.standardError)
            }
            maxima.append(largest)
        }
        maxima.sort()
        return maxima[min(maxima.count - 1, Int((level * Double(maxima.count)).rounded(.up)) - 1)]
    }

    /// Whether every value of a 0/1 covariate that some treated unit has is held by controls
    /// within at least `minimumClusters` clusters (covariates taking other values are not
    /// categories and pass).
    static func categoriesHaveSupport(
        _ covariates: [[Double]], treated: [Int], controls: [Int], clusterOf: [Int], minimumClusters: Int
    ) -> Bool {
        for column in covariates {
            guard treated.allSatisfy({ column[$0] == 0 || column[$0] == 1 }),
                  controls.allSatisfy({ column[$0] == 0 || column[$0] == 1 }) else { continue }
            for value in [0.0, 1.0] where treated.contains(where: { column[$0] == value }) {
                let clusters = Set(controls.lazy.filter { column[$0] == value }.map { clusterOf[$0] })
                if clusters.count < minimumClusters { return false }
            }
        }
        return true
    }
}
