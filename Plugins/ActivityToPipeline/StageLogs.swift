import CoachLabPluginAPI

/// The log of every funnel stage of every rep-month (calls, meetings, opportunities created,
/// pipeline value, attainment: ``Funnel/stages``), NaN where the value is not above zero or
/// missing: taken once for all the models, by parts of the rows at once.
struct StageLogs: Sendable {
    /// The logs of stage s at `stages[s]`; nil for a column the dataset lacks.
    let stages: [[Double]?]

    init(_ columns: [Column<Double>?], threads: Int) {
        stages = columns.map { $0.map { Self.logs($0, threads: threads) } }
    }

    private static func logs(_ values: Column<Double>, threads: Int) -> [Double] {
        [Double](largeUninitializedCount: values.count) { logs in
            let parts = max(1, min(threads, values.count / 65_536))
            Parallel.forEachPart(of: values.count, parts: parts, writingInto: logs) { rows, logs in
                values.withUnsafeBufferPointer { values in
                    for row in rows {
                        let value = values[row]
                        (logs.baseAddress! + row).initialize(to: value > 0 ? Double.log(value) : .nan)
                    }
                }
            }
        }
    }
}
