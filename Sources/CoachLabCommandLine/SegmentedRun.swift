import CoachLabIngestion
import CoachLabPluginAPI
import CoachLabRendering
import CoachLabSystem
import CoachLabRunner

/// `--by COLUMN`: the plugins run on each value's slice of the load, as `--where
/// COLUMN=VALUE` runs them, and one result more that sets their summaries side by side.
///
/// A segment's results are the plugins' results with the segment in their id
/// (`quota-attainment-by-coaching-quality@region=apac`), title and first note: every format
/// shows them as it shows any result, and the run's adjustment for multiple testing takes
/// the p-values of every segment as one family.
enum SegmentedRun {
    /// The id of the result that compares the segments.
    static let comparisonID = "segments"

    static func report(
        of loaded: LoadedDataset, by column: String, within slice: Dataset.Slice, input: DatasetArguments,
        run: (LoadedDataset) throws -> RunReport
    ) throws -> RunReport {
        let values: [String], missing: Int
        do {
            (values, missing) = try Dataset.Slice.values(of: column, in: loaded.dataset)
        } catch {
            throw CLIError(DisplayText.escaped(error.description, limit: 1000))
        }
        var results: [MetricResult] = []
        var methods: [String: String] = [:]
        var skipped: [PluginSelection.Skipped] = []
        var notes: [String] = []
        var usedIDs: Set<String> = []
        // Per plugin, in the order the plugins ran: each segment's summary.
        var summaries: [(pluginID: String, rows: [Row])] = []
        for value in values {
            let condition = Dataset.Slice.Condition(column: column, text: value, negated: false)
            let part: LoadedDataset
            do {
                part = try loaded.sliced(Dataset.Slice(conditions: [condition]), threads: input.threads ?? AvailableCores.count)
            } catch {
                // Reps with the value but no month in the window: a segment without data.
                notes.append("\(column) = \(value): \(error.description); left out.")
                continue
            }
            let reps = part.dataset.reps.count, repMonths = part.dataset.performance.count
            let report = try run(part)
            let suffix = uniqueSuffix("\(column)=\(slug(value))", used: &usedIDs)
            for result in report.results {
                var segmentResult = result
                segmentResult.pluginID = result.pluginID + "@" + suffix
                segmentResult.title = result.title + " — \(column) = \(value)"
                segmentResult.notes.insert("Segment \(column) = \(value): \(HumanFormat.grouped(reps)) reps, \(HumanFormat.grouped(repMonths)) rep-months.", at: 0)
                results.append(segmentResult)
                methods[segmentResult.pluginID] = report.methods[result.pluginID]
                let row = Row(segment: value, resultID: segmentResult.pluginID, reps: reps, repMonths: repMonths, summary: result.summary)
                if let index = summaries.firstIndex(where: { $0.pluginID == result.pluginID }) {
                    summaries[index].rows.append(row)
                } else {
                    summaries.append((result.pluginID, [row]))
                }
            }
            for entry in report.skipped where !skipped.contains(where: { $0.pluginID == entry.pluginID }) { skipped.append(entry) }
        }
        guard !results.isEmpty else {
            throw CLIError("--by \(column): no segment has a rep-month"
                + (slice.isWhole ? "" : " in the slice (\(DisplayText.escaped(slice.description, limit: 1000)))"))
        }
        if missing > 0 { notes.append("\(HumanFormat.grouped(missing)) rep(s) have no \(column) and are in no segment.") }
        notes.append("Each segment is the run `--where \(column)=VALUE` gives; the p-values of every segment are adjusted together as one family.")
        results.append(comparison(by: column, segments: values.count, summaries: summaries, notes: notes))
        var report = RunReport(dataset: input.dataset, results: results, skipped: skipped,
                               description: DatasetDescription(loaded), methods: methods)
        report.rejections = input.rejections(of: loaded)
        report.slice = slice.isWhole ? nil : slice
        return report
    }

    /// One segment's run of one plugin, as the comparison lists it.
    private struct Row {
        var segment: String
        var resultID: String
        var reps: Int
        var repMonths: Int
        var summary: [ResultField]
    }

    /// The result setting the segments side by side: per plugin a table of a row per segment,
    /// the id of its result, its reps and rep-months, then each summary value with its role.
    private static func comparison(
        by column: String, segments: Int, summaries: [(pluginID: String, rows: [Row])], notes: [String]
    ) -> MetricResult {
        let tables = summaries.map { plugin in
            var keys: [(key: String, role: MetricResult.Role)] = []
            for row in plugin.rows {
                for field in row.summary where !keys.contains(where: { $0.key == field.key }) { keys.append((field.key, field.role)) }
            }
            let columns = [
                ResultColumn(column, label: column, .label), ResultColumn("result", label: "Result", .label),
                ResultColumn("reps", label: "Reps", .count(of: .reps)),
                ResultColumn("rep_months", label: "Rep-months", .count(of: .repMonths)),
            ] + keys.map { ResultColumn($0.key, label: $0.key, $0.role) }
            let rows = plugin.rows.map { row in
                [MetricResult.Value.text(row.segment), .text(row.resultID), .integer(row.reps), .integer(row.repMonths)]
                    + keys.map { key in row.summary.first { $0.key == key.key }?.value ?? .null }
            }
            return ResultTable(name: plugin.pluginID, isComparison: true, columns: columns, rows: rows)
        }
        let differences = SegmentDifferences(summaries.map { plugin in
            (plugin.pluginID, plugin.rows.map { (segment: $0.segment, summary: $0.summary) })
        })
        var findings = [Finding("{plugins} plugin(s) ran on each of {segments} values of {column}.", [
            "plugins": .count(summaries.count), "segments": .count(segments), "column": .text(column),
        ])]
        if let finding = differences.finding { findings.append(finding) }
        var notes = notes
        if !differences.tests.isEmpty { notes.append(SegmentDifferences.note) }
        return MetricResult(
            pluginID: comparisonID, title: "By \(column): each plugin's summary per segment", findings: findings,
            summary: [ResultField("column", .text(column), .label), ResultField("segments", .integer(segments), .count(of: .groups))]
                + differences.summary,
            tables: tables + (differences.tests.isEmpty ? [] : [differences.table]), notes: notes)
    }

    /// `report` with each p-value of the comparison followed by its value adjusted with the
    /// run's others (`KEY_adjusted`): made once the run's adjustment is, from its family.
    static func withAdjustedComparison(_ report: RunReport) -> RunReport {
        guard let testing = report.multipleTesting,
              let index = report.results.firstIndex(where: { $0.pluginID == comparisonID }) else { return report }
        var report = report
        report.results[index].tables = report.results[index].tables.map { table in
            guard let resultColumn = table.columns.firstIndex(where: { $0.key == "result" }) else { return table }
            var adjusted = table
            adjusted.columns = []
            adjusted.rows = table.rows.map { _ in [] }
            for (position, column) in table.columns.enumerated() {
                adjusted.columns.append(column)
                for row in table.rows.indices { adjusted.rows[row].append(table.rows[row][position]) }
                guard column.role == .pValue else { continue }
                adjusted.columns.append(ResultColumn(column.key + "_adjusted", label: column.key + "_adjusted", .pValueOutsideFamily))
                for row in table.rows.indices {
                    let id = table.rows[row][resultColumn].textValue ?? ""
                    adjusted.rows[row].append(.number(testing.test(plugin: id, key: column.key)?.adjustedPValue))
                }
            }
            return adjusted
        }
        return report
    }

    /// `value` for an id: lower-case letters and digits, anything else one `-`.
    static func slug(_ value: String) -> String {
        var slug = ""
        for character in value.lowercased() {
            if character.isASCII && (character.isLetter || character.isNumber) {
                slug.append(character)
            } else if !slug.hasSuffix("-") {
                slug.append("-")
            }
        }
        return slug.isEmpty ? "-" : slug
    }

    /// `suffix`, or `suffix-2`, `-3`, … when values gave the same slug.
    private static func uniqueSuffix(_ suffix: String, used: inout Set<String>) -> String {
        var candidate = suffix
        var number = 2
        while used.contains(candidate) {
            candidate = "\(suffix)-\(number)"
            number += 1
        }
        used.insert(candidate)
        return candidate
    }
}
