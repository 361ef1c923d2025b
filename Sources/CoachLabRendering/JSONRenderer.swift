import CoachLabPluginAPI
import CoachLabRunner

/// The JSON contract of RESULTS.md: keys in the order plugins give them, numbers at full
/// double precision (the shortest text that reads back to the same double), null for a
/// statistic that could not be computed.
///
/// Written straight into bytes as the report is walked and handed on in pieces: a run of
/// every plugin on a large org gives hundreds of megabytes of per-rep and per-manager rows,
/// which a tree of values and a growing `String` turned into millions of allocations.
public struct JSONRenderer: ResultRenderer {
    public init() {}

    public func render(_ report: RunReport) -> String {
        TextPieces.whole { write(report, to: $0) }
    }

    public func write(_ report: RunReport, to output: (UnsafeRawBufferPointer) -> Void) {
        withoutActuallyEscaping(output) { output in
            var json = JSONWriter(to: output)
            Self.write(report, to: &json)
        }
    }

    private static func write(_ report: RunReport, to json: inout JSONWriter) {
        json.beginObject()
        json.key("dataset")
        json.string(report.dataset)
        if let slice = report.slice { write(slice, to: &json) }
        json.key("results")
        json.beginArray()
        for result in report.results {
            json.element()
            write(result, to: &json)
        }
        json.endArray()
        if let testing = report.multipleTesting { write(testing, to: &json) }
        if let rejections = report.rejections {
            json.key("input")
            json.beginObject()
            json.key("rejected_rows")
            json.integer(rejections.rows)
            json.key("rejected_by_reason")
            Self.writeCounts(rejections.byReason.map { ($0.reason, $0.rows) }, to: &json)
            json.key("rejected_by_file")
            Self.writeCounts(rejections.byFile.map { ($0.file, $0.rows) }, to: &json)
            json.key("rejects_file")
            json.string(rejections.rejectsFile)
            json.endObject()
        }
        if !report.skipped.isEmpty {
            json.key("skipped")
            json.beginArray()
            for skipped in report.skipped {
                json.element()
                json.beginObject()
                json.key("plugin")
                json.string(skipped.pluginID)
                json.key("reason")
                json.string(skipped.reason)
                json.endObject()
            }
            json.endArray()
        }
        json.endObject()
        json.endDocument()
    }

    /// The `multiple_testing` object: the method, the family's size, the level, and per p-value
    /// its plugin, summary key, value and adjusted value.
    private static func write(_ testing: MultipleTesting, to json: inout JSONWriter) {
        json.key("multiple_testing")
        json.beginObject()
        json.key("method")
        json.string(testing.method.rawValue)
        json.key("family_size")
        json.integer(testing.familySize)
        json.key("alpha")
        json.number(testing.alpha)
        json.key("tests")
        json.beginArray()
        for test in testing.tests {
            json.element()
            json.beginObject()
            json.key("plugin")
            json.string(test.pluginID)
            json.key("key")
            json.string(test.key)
            json.key("p_value")
            json.number(test.pValue)
            json.key("p_adjusted")
            json.number(test.adjustedPValue)
            json.endObject()
        }
        json.endArray()
        json.endObject()
    }

    /// The `slice` object: its conditions as given, its first and last month (null when
    /// unbounded) and the whole in words.
    private static func write(_ slice: Dataset.Slice, to json: inout JSONWriter) {
        json.key("slice")
        json.beginObject()
        json.key("where")
        json.beginArray()
        for condition in slice.conditions {
            json.element()
            json.string(condition.description)
        }
        json.endArray()
        json.key("from")
        if let first = slice.firstMonth { json.string(MonthIndex.format(first)) } else { json.null() }
        json.key("to")
        if let last = slice.lastMonth { json.string(MonthIndex.format(last)) } else { json.null() }
        json.key("description")
        json.string(slice.description)
        json.endObject()
    }

    /// An object of row counts by name, integers as every count in the results is.
    private static func writeCounts(_ counts: [(name: String, rows: Int)], to json: inout JSONWriter) {
        json.beginObject()
        for (name, rows) in counts {
            json.key(name)
            json.integer(rows)
        }
        json.endObject()
    }

    private static func write(_ result: MetricResult, to json: inout JSONWriter) {
        json.beginObject()
        json.key("plugin")
        json.string(result.pluginID)
        json.key("title")
        json.string(result.title)
        json.key("summary")
        json.beginObject()
        for field in result.summary {
            json.key(field.key)
            json.value(field.value)
        }
        json.endObject()
        json.key("tables")
        json.beginObject()
        for table in result.tables {
            json.key(table.name)
            json.beginArray()
            for row in table.rows {
                json.element()
                json.beginObject()
                for (column, value) in zip(table.columns, row) {
                    json.key(column.key)
                    json.value(value)
                }
                json.endObject()
            }
            json.endArray()
        }
        json.endObject()
        json.key("notes")
        json.beginArray()
        for note in result.notes {
            json.element()
            json.string(note)
        }
        json.endArray()
        json.key("findings")
        json.beginArray()
        for finding in result.findings {
            json.element()
            json.string(HumanFormat.sentence(finding))
        }
        json.endArray()
        json.endObject()
    }
}
