import CoachLabPluginAPI

/// One self-contained HTML file for people who do not read JSON: the answer first, then a
/// section per plugin with its finding, chart, table, caveats and method. Everything is
/// inline (CSS and SVG, no scripts, no fonts or images from elsewhere), so it opens offline
/// and prints to PDF without near-empty pages.
public struct HTMLRenderer: ResultRenderer {
    public init() {}

    public func render(_ report: RunReport) -> String {
        let report = HumanLabels.apply(to: report)
        var out = "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        out += "<title>CoachLab report: \(HTMLText.escape(report.dataset))</title>\n"
        out += "<style>\(Self.styles)</style>\n</head>\n<body>\n"
        out += "<header>\n<p class=\"kicker\">CoachLab report</p>\n<h1>Does coaching move quota attainment?</h1>\n"
        out += "<p class=\"source\">Dataset <code>\(HTMLText.escape(report.dataset))</code></p>\n"
        if let slice = report.slice { out += "<p class=\"source\">Slice <code>\(HTMLText.escape(slice.description))</code></p>\n" }
        out += "</header>\n"
        out += answer(report)
        for (index, result) in report.results.enumerated() {
            out += section(result, index: index, method: report.methods[result.pluginID], marks: PValueMarks(report, result))
        }
        if !report.skipped.isEmpty {
            out += "<section class=\"skipped\">\n<h2>Not computed</h2>\n<ul>\n"
            for skipped in report.skipped {
                out += "<li><code>\(HTMLText.escape(skipped.pluginID))</code>: \(HTMLText.escape(skipped.reason))</li>\n"
            }
            out += "</ul>\n</section>\n"
        }
        out += "<footer>Made by CoachLab from the CSV files of the dataset. Every number here is in the JSON output of <code>coachlab run --format json</code>.</footer>\n"
        return out + "</body>\n</html>\n"
    }

    private func answer(_ report: RunReport) -> String {
        var out = "<section class=\"answer\">\n<h2>The answer</h2>\n"
        if let verdict = Verdict(report) {
            out += "<p class=\"verdict\"><strong>Verdict.</strong> \(HTMLText.escape(verdict.sentences.joined(separator: " ")))</p>\n"
        }
        out += "<ul class=\"findings\">\n"
        for result in report.results {
            for finding in result.findings.prefix(1) {
                let sentence = HumanFormat.sentence(finding, marks: PValueMarks(report, result))
                out += "<li><a href=\"#\(result.pluginID)\">\(HTMLText.escape(result.title))</a>: \(HTMLText.escape(sentence))</li>\n"
            }
        }
        out += "</ul>\n"
        if let statement = PValueMarks.statement(report.multipleTesting) {
            out += "<p class=\"adjustment\">\(HTMLText.escape(statement))</p>\n"
        }
        if let description = report.description {
            out += "<dl class=\"facts\">\n"
            let facts: [(String, String)] = [
                ("Managers", HumanFormat.grouped(description.managers)),
                ("Reps", HumanFormat.grouped(description.reps)),
                ("Rep-months", HumanFormat.grouped(description.repMonths)),
                ("Months", "\(description.firstPeriod) to \(description.lastPeriod)"),
                ("Rep-months excluded", HumanFormat.grouped(description.excludedRepMonths)),
            ] + (report.rejections.map { [("Input rows left out", HumanFormat.grouped($0.rows))] } ?? [])
            for (name, value) in facts {
                out += "<div><dt>\(name)</dt><dd>\(HTMLText.escape(value))</dd></div>\n"
            }
            out += "</dl>\n"
            if !description.exclusionReasons.isEmpty {
                out += "<p class=\"exclusions\">Excluded: \(HTMLText.escape(description.exclusionReasons.joined(separator: "; "))).</p>\n"
            }
            if let rejections = report.rejections {
                out += "<p class=\"exclusions\">\(HTMLText.escape(rejections.note))</p>\n"
            }
        }
        return out + "</section>\n"
    }

    private func section(_ result: MetricResult, index: Int, method: String?, marks: PValueMarks) -> String {
        var out = "<section class=\"plugin\" id=\"\(HTMLText.escape(result.pluginID))\">\n"
        out += "<h2>\(HTMLText.escape(result.title))</h2>\n"
        for finding in result.findings {
            out += "<p class=\"finding\">\(HTMLText.escape(HumanFormat.sentence(finding, marks: marks)))</p>\n"
        }
        for (tableIndex, table) in result.tables.enumerated() {
            let id = "chart-\(index)-\(tableIndex)"
            if let (svg, caption) = Self.chart(for: table, in: result, id: id) {
                out += "<figure>\n\(svg)\n<figcaption>\(HTMLText.escape(caption))</figcaption>\n</figure>\n"
            }
            // Long tables are for the chart; their rows stay in the JSON and CSV. An emptied
            // table (rep-level rows left out when sharing) has a note instead.
            if !table.rows.isEmpty && table.rows.count <= HumanFormat.longTableRows { out += htmlTable(table, marks: marks) }
        }
        for (differenceIndex, difference) in Self.differences(in: result).enumerated() {
            if let chart = IntervalChart(table: difference.table, title: result.title) {
                out += "<figure>\n\(chart.svg(id: "difference-\(index)-\(differenceIndex)"))\n<figcaption>\(HTMLText.escape(difference.caption))</figcaption>\n</figure>\n"
            }
        }
        if !result.summary.isEmpty {
            out += "<table class=\"summary\">\n<caption>Tests and totals</caption>\n<tbody>\n"
            for row in SummaryRows(result, marks: marks).rows {
                out += "<tr><th scope=\"row\">\(HTMLText.escape(row.label))</th><td>\(HTMLText.escape(row.text))</td></tr>\n"
            }
            out += "</tbody>\n</table>\n"
        }
        if !result.notes.isEmpty {
            out += "<div class=\"notes\">\n<h3>What to keep in mind</h3>\n<ul>\n"
            for note in result.notes { out += "<li>\(HTMLText.escape(note))</li>\n" }
            out += "</ul>\n</div>\n"
        }
        if let method {
            out += "<p class=\"method\"><strong>How this was computed.</strong> \(HTMLText.escape(method)) "
            out += "Plugin <code>\(HTMLText.escape(result.pluginID))</code>; its exact definitions are in the plugin's README.</p>\n"
        }
        return out + "</section>\n"
    }

    /// The summary's differences with an interval (`K`, `K_ci_low`, `K_ci_high`, a difference
    /// of proportions or of slopes), each as a one-row table to chart against zero. Where the
    /// summary also has the interval clustered by manager (`K_clustered_ci_low`, `…_high`),
    /// that one is charted, or nothing when it is null: it is the one that does not overstate
    /// certainty (``SummaryInterval``).
    static func differences(in result: MetricResult) -> [(table: ResultTable, caption: String)] {
        var found: [(ResultTable, String)] = []
        for field in result.summary where field.role == .proportionDifference || (field.role == .attainmentSlope && field.key.hasSuffix("difference")) {
            guard let value = field.value.doubleValue, let interval = SummaryInterval(of: field.key, in: result.summary),
                  let (low, high) = interval.bounds else { continue }
            let label = SummaryRows.label(field.key)
            let table = ResultTable(name: field.key, columns: [
                ResultColumn("label", label: "Comparison", .label),
                ResultColumn("value", label: "Difference", field.role),
                ResultColumn("ci_low", label: "95% CI low", field.role),
                ResultColumn("ci_high", label: "95% CI high", field.role),
            ], rows: [[.text(label), .number(value), .number(low), .number(high)]])
            let kind = interval.isClustered ? ", robust to clustering by manager" : ""
            found.append((table, "The \(label.lowercased()) with its 95% interval\(kind); the dashed line is no difference."))
        }
        return found
    }

    /// The chart a table's shape calls for, with its caption; nil when none fits.
    static func chart(for table: ResultTable, in result: MetricResult, id: String) -> (String, String)? {
        let title = result.title
        if let chart = EventStudyChart(table: table, title: title) {
            return (chart.svg(id: id), "The effect by months since the start, each with its 95% interval; shaded, the band that holds for all months at once. Before the start (grey) the effect should be zero.")
        }
        if let chart = QuadrantScatter(table: table, title: title) {
            return (chart.svg(id: id), "Each dot a rep with judged commitments: share met across (follow-through, divided at 50%), change in attainment around them up (divided at zero), both unshrunk; coloured by quadrant, grey where the rep is uncertain.")
        }
        if let chart = ActivityCurveChart(table: table, result: result, title: title) {
            return (chart.svg(id: id), "Mean pipeline value by tenth of rep-months ordered by calls" + (chart.scenario.map { "; dashed: the scenario \($0.label), a projection from associations along the funnel" } ?? "") + ".")
        }
        if let chart = CoverageHeatMap(table: table, managers: result.table("by_manager"), title: title) {
            let order = chart.sortedByNeed ? "; managers most in need first: by coaching tier (needs improvement first), then by coverage, lowest first" : ""
            let count = chart.managers.count
            let shown = count < chart.totalManagers
                ? " \(count) of \(chart.totalManagers) managers are shown; the other \(chart.totalManagers - count) are in the JSON and CSV." : ""
            return (chart.svg(id: id), "Share of each manager's team coached, month by month\(order).\(shown)")
        }
        if table.name == "by_stage", let chart = BarChart(table: table, valueKey: "reps_largest_gap", title: title) {
            return (chart.svg(id: id), "Reps by the funnel stage of their largest gap against peers of the same segment and region.")
        }
        if let chart = BoxChart(table: table, title: title) {
            return (chart.svg(id: id), "Spread of reps' slopes by coaching tier: box from the 25th to the 75th percentile, line at the median, whiskers from the 10th to the 90th.")
        }
        if table.columns.contains(where: { $0.key == "period" }),
           let chart = LineChart(table: table, title: title, xKey: "period", seriesKey: "tier", valueKey: "mean_attainment") {
            return (chart.svg(id: id), "\(chart.axisLabel) by month and coaching tier.")
        }
        if let chart = IntervalChart(table: table, title: title) {
            let group = table.columns.first { $0.role == .label }?.label.lowercased() ?? "group"
            return (chart.svg(id: id), "\(chart.axisLabel) by \(group), with 95% intervals.")
        }
        return nil
    }

    private func htmlTable(_ table: ResultTable, marks: PValueMarks) -> String {
        let columns = HumanFormat.displayColumns(table, marks: marks)
        // Cells wrap at spaces so that a wide table fits the page; on a phone each row is a
        // card whose cells name their column (data-label), as the header is out of sight.
        var out = "<div class=\"table-scroll\">\n<table class=\"results\">\n<thead><tr>"
        for column in columns { out += "<th scope=\"col\">\(HTMLText.escape(column.label))</th>" }
        out += "</tr></thead>\n<tbody>\n"
        for row in table.rows.indices {
            out += "<tr>"
            for (index, column) in columns.enumerated() {
                let text = HTMLText.escape(column.cell(row))
                out += index == 0 ? "<th scope=\"row\">\(text)</th>" : "<td data-label=\"\(HTMLText.escape(column.label))\">\(text)</td>"
            }
            out += "</tr>\n"
        }
        return out + "</tbody>\n</table>\n</div>\n"
    }

    static let styles = """
        :root { color-scheme: light; --ink: #1d2433; --muted: #5b6475; --rule: #d9dee7; --accent: #0072B2; }
        * { box-sizing: border-box; }
        body { font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
               color: var(--ink); max-width: 60rem; margin: 0 auto; padding: 2rem 1.5rem 4rem; }
        h1 { font-size: 2rem; line-height: 1.2; margin: 0.2rem 0 0.5rem; }
        h2 { font-size: 1.4rem; margin: 0 0 0.75rem; }
        h3 { font-size: 1rem; margin: 1.25rem 0 0.25rem; }
        .kicker { text-transform: uppercase; letter-spacing: 0.08em; color: var(--accent); font-weight: 600; margin: 0; }
        .source, .caveat, .exclusions, .adjustment, footer, figcaption { color: var(--muted); }
        section { border-top: 1px solid var(--rule); padding: 1.5rem 0; }
        .verdict { font-size: 1.15rem; background: #f3f6fa; border-left: 4px solid var(--accent); padding: 0.8rem 1rem; }
        .answer .findings { font-size: 1.1rem; padding-left: 1.2rem; }
        .answer .findings li { margin-bottom: 0.6rem; }
        .answer a { color: var(--ink); font-weight: 600; }
        .facts { display: flex; flex-wrap: wrap; gap: 1rem 2rem; margin: 1rem 0; }
        .facts dt { color: var(--muted); font-size: 0.85rem; }
        .facts dd { margin: 0; font-size: 1.3rem; font-weight: 600; font-variant-numeric: tabular-nums; }
        .finding { font-size: 1.1rem; font-weight: 500; }
        figure { margin: 1rem 0; }
        .chart { width: 100%; max-width: 720px; height: auto; font-size: 13px; }
        .chart .grid { stroke: #eef1f5; }
        .chart .axis { stroke: #8a93a3; }
        .chart .zero { stroke: #8a93a3; stroke-dasharray: 4 3; }
        .chart .tick, .chart .axis-label { fill: var(--muted); }
        .chart .row-label { fill: var(--ink); font-weight: 600; }
        .chart .value { fill: var(--ink); font-size: 12px; }
        table { border-collapse: collapse; margin: 1rem 0; font-variant-numeric: tabular-nums; }
        table.results { font-size: 0.9rem; }
        .table-scroll { overflow-x: auto; }
        th, td { padding: 0.35rem 0.5rem; border-bottom: 1px solid var(--rule); text-align: right; }
        code { overflow-wrap: anywhere; }
        .method { color: var(--muted); font-size: 0.92rem; }
        th:first-child, thead th:first-child { text-align: left; }
        thead th { font-size: 0.85rem; color: var(--muted); font-weight: 600; vertical-align: bottom; }
        table.summary caption { text-align: left; font-weight: 600; padding-bottom: 0.25rem; }
        table.summary th { font-weight: 400; text-align: left; }
        table.summary td { white-space: normal; }
        .notes ul { padding-left: 1.2rem; color: var(--ink); }
        code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 0.9em; }
        @media (max-width: 640px) {
          body { padding: 1rem 0.75rem 3rem; }
          h1 { font-size: 1.6rem; }
          table.results, table.results tbody, table.results tr, table.results th, table.results td { display: block; width: 100%; }
          table.results thead { display: none; }
          table.results tr { border-bottom: 2px solid var(--rule); padding: 0.4rem 0; }
          table.results th[scope=row] { text-align: left; border: none; padding: 0.2rem 0; }
          table.results td { display: flex; justify-content: space-between; gap: 1rem; border: none; padding: 0.1rem 0; }
          table.results td::before { content: attr(data-label); color: var(--muted); text-align: left; font-size: 0.85rem; }
        }
        @media print {
          body { max-width: none; padding: 0; font-size: 11pt; }
          /* Sections flow on from one another: a page per section left pages nearly empty. */
          h2, h3, .finding { break-after: avoid; page-break-after: avoid; }
          a { color: inherit; text-decoration: none; }
          figure, tr, .verdict { break-inside: avoid; page-break-inside: avoid; }
          .table-scroll { overflow: visible; }
          table.results { font-size: 9pt; }
        }
        """
}
