import CoachLabPluginAPI
import CoachLabKernels
import CoachLabStatistics

/// Do reps in large teams attain quota as often as reps in small ones?
///
/// README's "Writing your own plugin" example in full, as a researcher writes it in a package
/// of their own: it imports only the plugin API, the kernels and the statistics library, and
/// `ResearcherPluginTests` runs it through the command line (`run`, `partial`, `merge`,
/// `report`) with ``CoachLabCommand/run(_:plugins:)``.
public struct TeamSizeVersusAttainment: DecomposableMetric {
    public init() {}

    public let descriptor = PluginDescriptor(
        id: "team-size-vs-attainment", title: "Team size and attainment",
        summary: "Compares how often reps attain quota in small and large teams.",
        description: """
            Rep-months with a quota above zero, grouped by the size of the rep's manager's team \
            (that manager's reps in reps.csv): teams of fewer than team-size reps are small, the \
            others large. Per group: the share of rep-months with bookings at or above quota, with \
            a Wilson interval, and the mean bookings/quota.
            """,
        requiredTables: [.managers, .reps, .performance],
        options: [teamSize.declaration])

    /// `team-size`: the reps that make a team large.
    static let teamSize = OptionKey.integer("team-size", summary: "reps that make a team large", in: 2...100_000, default: 10)

    /// Exact sufficient statistics of some rows: attainment totals per manager, and each
    /// manager's team size (from the dimension tables, so the same in every part).
    public struct State: PartialState, Equatable {
        var teamSizes: [Int]
        var byManager: AttainmentTotals

        init(teamSizes: [Int], byManager: AttainmentTotals) {
            self.teamSizes = teamSizes
            self.byManager = byManager
        }

        public mutating func merge(_ other: State) {
            precondition(other.teamSizes == teamSizes, "states of different dimension tables")
            byManager.merge(other.byManager)
        }

        public func encode(to writer: inout Partial.Writer) {
            writer.encodeRuns("team_sizes", teamSizes)
            byManager.encode(to: &writer, as: "manager")
        }

        public init(decoding reader: inout Partial.Reader) throws(Partial.FormatError) {
            teamSizes = try reader.decodeRuns("team_sizes")
            byManager = try AttainmentTotals(decoding: &reader, as: "manager")
            guard byManager.groupCount == teamSizes.count, teamSizes.allSatisfy({ $0 >= 0 }) else {
                throw Partial.FormatError(line: nil, "the team sizes and the attainment totals name different managers")
            }
        }
    }

    public func partial(_ context: Partial.Context) -> State {
        let data = context.dataset
        var teamSizes = [Int](repeating: 0, count: data.managers.count)
        for manager in data.reps.managers where manager >= 0 { teamSizes[Int(manager)] += 1 }
        let totals = Kernels.attainmentTotals(
            data.performance, rows: context.rows(of: .performance),
            groupOfRep: data.reps.managers, groupCount: data.managers.count)
        return State(teamSizes: teamSizes, byManager: totals)
    }

    public func finalize(_ state: State, options: PluginOptions) -> MetricResult {
        let largeFrom = options[Self.teamSize]
        let groups = [(id: "small", label: "fewer than \(largeFrom) reps"), (id: "large", label: "\(largeFrom) or more reps")]
        let groupOfManager = state.teamSizes.map { Int32($0 >= largeFrom ? 1 : 0) }
        let totals = state.byManager.rolledUp(into: groupOfManager, groupCount: groups.count)

        var table = ResultTable(name: "by_team_size", isComparison: true, columns: [
            ResultColumn("team_size", label: "Team size", .label),
            ResultColumn("managers", label: "Managers", .count(of: .managers)),
            // The reps a row describes, under the key a shared report suppresses small groups by.
            ResultColumn("reps", label: "Reps", .count(of: .reps)),
            ResultColumn("rep_months", label: "Rep-months", .count(of: .repMonths)),
            ResultColumn("attained", label: "Attained", .count(of: .repMonths)),
            ResultColumn("attainment_rate", label: "Attainment rate", .proportion),
            ResultColumn("ci_low", label: "95% CI low", .proportion),
            ResultColumn("ci_high", label: "95% CI high", .proportion),
            ResultColumn("mean_attainment", label: "Mean bookings/quota", .attainment),
        ])
        var notes: [String] = []
        for (g, group) in groups.enumerated() {
            let interval = WilsonInterval.interval(successes: totals.attained[g], trials: totals.repPeriods[g])
            table.rows.append([
                .text(group.id), .integer(groupOfManager.count { $0 == g }),
                .integer(zip(state.teamSizes, groupOfManager).reduce(0) { $0 + ($1.1 == g ? $1.0 : 0) }),
                .integer(totals.repPeriods[g]),
                .integer(totals.attained[g]), .number(totals.rate(g)), .number(interval?.low), .number(interval?.high),
                .number(totals.meanAttainment(g)),
            ])
            if totals.repPeriods[g] == 0 { notes.append("No rep-months in teams of \(group.label): that row is null.") }
        }
        if totals.excluded > 0 {
            notes.append("\(totals.excluded) rep-month(s) without a quota above zero were left out (\(totals.missingQuota) missing, \(totals.zeroQuota) zero).")
        }
        notes.append("Team size goes with other things (tenure, territory, the manager's load); this compares, it does not show cause.")

        let (small, large) = (totals.rate(0), totals.rate(1))
        let difference = small.flatMap { s in large.map { $0 - s } }
        var findings: [Finding] = []
        if let small, let large {
            findings.append(Finding(
                "Reps in teams of \(largeFrom) or more attain quota in {large} of months vs {small} in smaller teams.",
                ["large": .value(large, .proportion), "small": .value(small, .proportion)]))
        }
        return MetricResult(
            pluginID: descriptor.id, title: descriptor.title, findings: findings,
            summary: [
                ResultField("team_size", .integer(largeFrom), .count(of: .threshold)),
                ResultField("rate_difference", .number(difference), .proportionDifference),
            ],
            tables: [table], notes: notes)
    }
}
