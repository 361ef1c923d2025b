#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// With `COACHLAB_TIMINGS=1`, each step's wall time goes to standard error.
enum StepTimings {
    static let enabled = getenv("COACHLAB_TIMINGS").map { String(cString: $0) == "1" } ?? false

    @Sendable static func report(_ step: String, _ seconds: Double) {
        let milliseconds = Int((seconds * 1000).rounded())
        StandardError.write("[timing] \(step): \(milliseconds) ms\n")
    }

    static var now: Double {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) * 1e-9
    }

    /// Runs `body`, reporting its time when timings are on.
    static func measure<T>(_ step: String, _ body: () throws -> T) rethrows -> T {
        guard enabled else { return try body() }
        let start = now
        defer { report(step, now - start) }
        return try body()
    }

    /// A step timed from ``start(_:)`` to ``Started/finished()``: for a body that cannot be a
    /// closure, such as one that consumes a local value so that its memory is let go.
    struct Started {
        let step: String
        let start: Double

        func finished() {
            if StepTimings.enabled { StepTimings.report(step, StepTimings.now - start) }
        }
    }

    static func start(_ step: String) -> Started {
        Started(step: step, start: enabled ? now : 0)
    }
}
