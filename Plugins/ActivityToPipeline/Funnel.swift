import CoachLabStatistics

/// The activity funnel calls → meetings → opportunities → pipeline → attainment: each link
/// log(stage) ~ 1 + log(previous stage), all links fitted as one system clustered by manager
/// so that a change carried down the chain has an interval that counts how their estimates
/// move together.
///
/// The links are OLS fits of their own, stacked as blocks of one regression
/// (``ClusterMoments/stacked(_:)``): each link's elasticity, CR2 covariance and
/// Bell–McCaffrey degrees of freedom are those of its own fit, and the system adds the
/// covariance across links, which share managers and most rep-months. A change of stage a
/// by the log factor λ changes stage b by Δ = λ·Π βₗ over the links from a to b; Δ's
/// standard error is the delta method's √(g'Vg) with gᵢ = λ·Π_{l≠i} βₗ on the links' slopes,
/// and its degrees of freedom those of the contrast g (Bell & McCaffrey 2002).
struct Funnel: Sendable {
    /// The stages in order, as the scenario table names them.
    static let stages = ["calls", "meetings", "opportunities_created", "pipeline_value", "attainment"]
    /// Each stage's (and activity's) name for people, for the tables' stage columns.
    static let labels = [
        "calls": "Calls", "meetings": "Meetings", "opportunities_created": "Opportunities created",
        "pipeline_value": "Pipeline value", "attainment": "Attainment",
    ]
    /// The stages as summary keys spell them.
    static let keys = ["calls", "meetings", "opportunities", "pipeline", "attainment"]

    /// Link l joins stage l to stage l + 1; nil where either stage's column is missing.
    let links: [LogLogModel?]
    /// The links in the system, in funnel order: link `included[p]`'s slope is coefficient
    /// 2p + 1 of ``system``.
    let included: [Int]
    /// The links fitted together; nil when no link can be fitted.
    let system: CR2Regression?
    /// The managers a link's rows must span for its interval.
    let minimumManagers: Int

    init(links: [LogLogModel?], minimumManagers: Int) {
        precondition(links.count == Self.stages.count - 1, "one link between each two stages")
        self.links = links
        self.minimumManagers = minimumManagers
        // A link that cannot be fitted alone (fewer than two managers, a stage that never
        // varies) would make the whole system singular: it is left out, and so is every
        // projection through it.
        let fitted = links.indices.filter { links[$0]?.fit != nil }
        let system = fitted.isEmpty ? nil : CR2Regression(.stacked(fitted.map { links[$0]!.moments }))
        self.included = system == nil ? [] : fitted
        self.system = system
    }

    /// The managers with rep-months in any link of the system.
    var managers: Int { system?.clusters ?? 0 }

    /// Link `link`'s elasticity with its CR2 standard error and degrees of freedom; nil when
    /// it is not in the system.
    func elasticity(_ link: Int) -> CR2Regression.Contrast? {
        guard let system, let position = included.firstIndex(of: link) else { return nil }
        return system.coefficient(2 * position + 1)
    }

    /// Whether link `link` spans enough managers for an interval.
    func hasInterval(_ link: Int) -> Bool { (links[link]?.managers ?? 0) >= minimumManagers }

    /// The change of log(stage `to`) when log(stage `from`) changes by `logFactor` and every
    /// link between passes it on: its estimate Δ, delta-method standard error and the
    /// degrees of freedom of its linearisation, and whether every link on the way spans
    /// enough managers for an interval. nil when a link on the way is not in the system.
    func propagate(from: Int, to: Int, logFactor: Double) -> (change: CR2Regression.Contrast, hasInterval: Bool)? {
        precondition(from < to && to < Self.stages.count, "downstream")
        guard let system else { return nil }
        let path = Array(from..<to)
        let positions = path.compactMap { included.firstIndex(of: $0) }
        guard positions.count == path.count else { return nil }
        let slopes = positions.map { system.coefficients[2 * $0 + 1] }
        var gradient = [Double](repeating: 0, count: system.coefficients.count)
        for (i, position) in positions.enumerated() {
            gradient[2 * position + 1] = slopes.indices.reduce(logFactor) { $1 == i ? $0 : $0 * slopes[$1] }
        }
        var change = system.contrast(gradient)
        change.estimate = slopes.reduce(logFactor, *)
        return (change, path.allSatisfy(hasInterval))
    }
}
