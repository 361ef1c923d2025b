import CoachLabPluginAPI

/// log(calls) and log(meetings) of every rep-month, NaN where the count is not above zero
/// (or missing): taken once for the three outcomes' models, by parts of the rows at once.
struct ActivityLogs: Sendable {
    let calls: [Double]
    let meetings: [Double]

    init(calls: Column<Double>, meetings: Column<Double>, threads: Int) {
        self.calls = Self.logs(calls, threads: threads)
        self.meetings = Self.logs(meetings, threads: threads)
    }

    /// Whether both counts of `row` are above zero.
    @inline(__always)
    func hasBoth(_ row: Int) -> Bool { !calls[row].isNaN && !meetings[row].isNaN }

    private static func logs(_ counts: Column<Double>, threads: Int) -> [Double] {
        [Double](largeUninitializedCount: counts.count) { logs in
            let parts = max(1, min(threads, counts.count / 65_536))
            Parallel.forEachPart(of: counts.count, parts: parts, writingInto: logs) { rows, logs in
                counts.withUnsafeBufferPointer { counts in
                    for row in rows {
                        let count = counts[row]
                        (logs.baseAddress! + row).initialize(to: count > 0 ? Double.log(count) : .nan)
                    }
                }
            }
        }
    }
}
