import CoachLabStatistics
import CoachLabSystem
import CoachLabData

extension Kernels {
    /// The natural log of each value of `values`, NaN where the value is not above zero or
    /// is missing: a column of a log-log model, taken by parts of the rows at once on up to
    /// `threads` threads.
    /// - Complexity: O(rows).
    package static func logs(of values: Column<Double>, threads: Int) -> [Double] {
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
