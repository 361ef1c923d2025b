import CoachLabPluginAPI
@testable import CoachLabRendering
import Testing

@Suite struct PrivacyTests {
    let result = MetricResult(
        pluginID: "p", title: "P",
        findings: [Finding("Rep R17 leads at {rate}.", ["rate": .value(0.9, .proportion)])],
        summary: [ResultField("reps", .integer(11), .count(of: .reps)), ResultField("rate_difference", .number(0.1), .proportionDifference)],
        tables: [ResultTable(name: "by_tier", isComparison: true, columns: [
            ResultColumn("tier", label: "Tier", .label), ResultColumn("reps", label: "Reps", .count(of: .reps)),
            ResultColumn("rate", label: "Rate", .proportion), ResultColumn("owner", label: "Owner", .label),
        ], rows: [
            [.text("exceeds"), .integer(8), .number(0.91), .text("M2")],
            [.text("needs_improvement"), .integer(3), .number(0.777), .text("M3")],
        ])],
        notes: ["R17 and M2 were checked."])

    @Test func pseudonymsAreStablePerSaltAndDifferAcrossSalts() {
        let a = Privacy(salt: "alpha")
        let b = Privacy(salt: "beta")
        #expect(a.pseudonym("R17", kind: .rep) == Privacy(salt: "alpha").pseudonym("R17", kind: .rep))
        #expect(a.pseudonym("R17", kind: .rep) != b.pseudonym("R17", kind: .rep))
        #expect(a.pseudonym("R17", kind: .rep) != a.pseudonym("R18", kind: .rep))
        #expect(a.pseudonym("R17", kind: .rep).hasPrefix("R-") && a.pseudonym("R17", kind: .rep).count == 18)
        #expect(a.pseudonym("M2", kind: .manager).hasPrefix("M-"))
        // Pinned: a report's pseudonyms must not change from one version to the next.
        let pinned = Set(["M001", "M002"].map { Privacy(salt: "s1").pseudonym($0, kind: .manager) })
        #expect(pinned == ["M-11692101853a5574", "M-de3e2026c7457113"])
    }

    @Test func noIdSurvivesAnywhere() {
        let privacy = Privacy(minimumGroupSize: 1, salt: "s", identifiers: ["R17": .rep, "M2": .manager, "M3": .manager])
        let html = HTMLRenderer().render(privacy.apply(to: RunReport(dataset: "d", results: [result])))
        for id in ["R17", "M2<", ">M2", "M3"] { #expect(!html.contains(id), "\(id)") }
        #expect(html.contains(privacy.pseudonym("R17", kind: .rep) + " and " + privacy.pseudonym("M2", kind: .manager) + " were checked."))
    }

    @Test func smallGroupsAreSuppressedWhereverTheyShow() {
        let html = HTMLRenderer().render(Privacy(minimumGroupSize: 5).apply(to: RunReport(dataset: "d", results: [result])))
        #expect(!html.contains("77.7%"))
        #expect(html.contains("suppressed: fewer than 5 reps"))
        #expect(html.contains("fewer than 5</td>"))
        #expect(html.contains("91.0%"))
        #expect(!html.contains("10.0 pts"))
        #expect(html.contains("Not shown: a coaching tier here describes fewer than 5 reps."))
        #expect(!html.contains("leads at"))
    }

    /// Findings go with a hidden row only where they compare the rows: a table of groups
    /// that is not a comparison (a per-manager breakdown beside an org-wide finding) keeps
    /// them.
    @Test func findingsAreWithheldOnlyForComparisons() {
        var breakdown = result
        breakdown.tables[0].isComparison = false
        breakdown.tables[0].name = "by_manager"
        let html = HTMLRenderer().render(Privacy(minimumGroupSize: 5).apply(to: RunReport(dataset: "d", results: [breakdown])))
        #expect(!html.contains("77.7%"))
        #expect(html.contains("leads at"))
        #expect(html.contains("10.0 pts"))
        #expect(!html.contains("Not shown"))
    }
}

@Suite struct RepLevelPrivacyTests {
    func report() -> RunReport {
        let table = ResultTable(name: "by_rep", columns: [
            ResultColumn("rep_id", label: "Rep", .label), ResultColumn("share_met", label: "Met", .proportion),
        ], rows: [[.text("R1"), .number(0.5)], [.text("R2"), .number(1)]])
        let team = ResultTable(name: "by_manager_month", columns: [
            ResultColumn("manager_id", label: "Manager", .label), ResultColumn("team_reps", label: "Team", .count(of: .reps)),
            ResultColumn("coverage", label: "Coverage", .proportion),
        ], rows: [[.text("M1"), .integer(3), .number(0.5)], [.text("M2"), .integer(8), .number(0.25)]])
        return RunReport(dataset: "d", results: [MetricResult(pluginID: "p", title: "P", tables: [table, team])])
    }

    @Test func rowsOfIndividualRepsAreLeftOutWhenSharing() {
        let shared = Privacy(minimumGroupSize: 5).apply(to: report()).results[0]
        #expect(shared.table("by_rep")?.rows.isEmpty == true)
        #expect(shared.notes.contains { $0.contains("Rep-level detail (by_rep) is left out") })
        let team = shared.table("by_manager_month")!
        #expect(team.value(row: 0, "coverage") == .text("suppressed: fewer than 5 reps"))
        #expect(team.value(row: 1, "coverage") == .number(0.25))
        let kept = Privacy(minimumGroupSize: 1).apply(to: report()).results[0]
        #expect(kept.table("by_rep")?.rows.count == 2)
    }

    /// A table declared to have one row per rep is withheld whatever its columns are named.
    @Test func aTableOfRepGrainIsLeftOutWithoutARepIDColumn() {
        let table = ResultTable(name: "by_person", grain: .rep, columns: [
            ResultColumn("person", label: "Person", .label), ResultColumn("share_met", label: "Met", .proportion),
        ], rows: [[.text("R1"), .number(0.5)]])
        let report = RunReport(dataset: "d", results: [MetricResult(pluginID: "p", title: "P", tables: [table])])
        let shared = Privacy(minimumGroupSize: 5).apply(to: report).results[0]
        #expect(shared.table("by_person")?.rows.isEmpty == true)
        #expect(shared.notes.contains { $0.contains("Rep-level detail (by_person) is left out") })
    }

    @Test func smallCountsInSummariesAndFindingsAreWithheld() {
        let result = MetricResult(
            pluginID: "p", title: "P",
            findings: [Finding("Of {reps} reps, {few} are on track.", ["reps": .count(500), "few": .count(2)]),
                       Finding("Most are fine: {many}.", ["many": .count(400)])],
            summary: [ResultField("on_track", .integer(2), .count(of: .repsInGroup)), ResultField("will_gap", .integer(400), .count(of: .repsInGroup)),
                      ResultField("none", .integer(0), .count(of: .repsInGroup)), ResultField("managers", .integer(3), .count(of: .managers)),
                      ResultField("peer_groups", .integer(4), .count(of: .groups)), ResultField("min_periods", .integer(2), .count(of: .threshold))])
        let shared = Privacy(minimumGroupSize: 5).apply(to: RunReport(dataset: "d", results: [result])).results[0]
        #expect(shared[summary: "on_track"] == .text("fewer than 5"))
        #expect(shared[summary: "will_gap"] == .integer(400))
        #expect(shared[summary: "none"] == .integer(0))
        // Counts of managers, of peer groups and a threshold the run used describe no reps.
        #expect(shared[summary: "managers"] == .integer(3))
        #expect(shared[summary: "peer_groups"] == .integer(4))
        #expect(shared[summary: "min_periods"] == .integer(2))
        #expect(shared.findings[0].template == "Not shown: this finding counts a group of fewer than {n} reps.")
        #expect(shared.findings[1].template == "Most are fine: {many}.")
    }

    /// The role decides, not the key: a plugin author's threshold is shown whatever it is
    /// called, and a count of reps is withheld whatever it is called.
    @Test func theCountsRoleDecidesNotItsKey() {
        let result = MetricResult(pluginID: "p", title: "P", summary: [
            ResultField("early_months", .integer(3), .count(of: .threshold)),
            ResultField("cohorts", .integer(2), .count(of: .groups)),
            ResultField("event_managers", .integer(4), .count(of: .managers)),
            ResultField("managers", .integer(2), .count(of: .reps)),
            ResultField("min_sample", .integer(1), .count(of: .repMonths)),
        ])
        let shared = Privacy(minimumGroupSize: 5).apply(to: RunReport(dataset: "d", results: [result])).results[0]
        #expect(shared[summary: "early_months"] == .integer(3))
        #expect(shared[summary: "cohorts"] == .integer(2))
        #expect(shared[summary: "event_managers"] == .integer(4))
        #expect(shared[summary: "managers"] == .text("fewer than 5"))
        #expect(shared[summary: "min_sample"] == .text("fewer than 5"))
    }

    /// With a compared row hidden, counts of reps and counts that describe no reps stay;
    /// statistics and counts that with the visible rows would give the hidden row's go.
    @Test func aHiddenComparisonKeepsOnlyCountsThatRevealNoGroup() {
        var result = PrivacyTests().result
        result.summary += [
            ResultField("early_months", .integer(3), .count(of: .threshold)),
            ResultField("managers", .integer(11), .count(of: .managers)),
            ResultField("never_coached", .integer(9), .count(of: .repsInGroup)),
            ResultField("rep_months", .integer(200), .count(of: .repMonths)),
        ]
        let shared = Privacy(minimumGroupSize: 5).apply(to: RunReport(dataset: "d", results: [result])).results[0]
        #expect(shared[summary: "reps"] == .integer(11))
        #expect(shared[summary: "early_months"] == .integer(3))
        #expect(shared[summary: "managers"] == .integer(11))
        for key in ["never_coached", "rep_months", "rate_difference"] { #expect(shared[summary: key] == .text("suppressed"), "\(key)") }
    }
}
