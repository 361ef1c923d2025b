import Benchmark
import BenchmarkSupport
import CoachLabPluginAPI
import CoachLabPlugins
import Foundation
import CoachLabRunner
import CoachLabKernels

/// The headline plugins' computations over columns already in memory.
let benchmarks: @Sendable () -> Void = {
    let dataset = BenchmarkOrg.loaded.dataset
    let withCoaching = BenchmarkOrg.loadedWithCoaching.dataset
    let thresholds: [BenchmarkMetric: BenchmarkThresholds] = [
        .mallocCountTotal: .init(relative: [.p90: 10.0]),
        // Kernels run for milliseconds, where scheduling noise swamps any relative
        // tolerance: hold them to 25 ms (nanoseconds here) so only gross regressions fail.
        .wallClock: .init(absolute: [.p90: 25_000_000]),
    ]
    let configuration = Benchmark.Configuration(
        metrics: [.wallClock, .mallocCountTotal],
        timeUnits: .milliseconds, maxDuration: .seconds(2), maxIterations: 20, thresholds: thresholds)

    Benchmark("attainment_totals_kernel", configuration: configuration) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(Kernels.attainmentTotals(
                dataset.performance, groupOfRep: dataset.reps.managers, groupCount: dataset.managers.count))
        }
    }

    // A researcher's plugin reading columns as any Swift sequence (zip, for-in) rather
    // than through buffers, into per-rep sums: 14 ms with the default indexing iterator,
    // 6 ms with the column's own, 4 ms through buffers (README.md in Plugins/).
    Benchmark("column_sequence_reads", configuration: configuration) { benchmark in
        let performance = dataset.performance
        for _ in benchmark.scaledIterations {
            var sums = [Double](repeating: 0, count: dataset.reps.count)
            for _ in 0..<5 {
                for (rep, (quota, booked)) in zip(performance.reps, zip(performance.quotas, performance.bookings)) where quota > 0 {
                    sums[Int(rep)] += booked / quota
                }
            }
            blackHole(sums)
        }
    }

    // The coaching-practice plugins run for tens of milliseconds: their wall time is a coarse
    // alarm (2.5×, as for loads), because this shared VM runs at half speed in bad minutes;
    // allocation counts are the precise guard.
    let longer = Benchmark.Configuration(
        metrics: [.wallClock, .mallocCountTotal], timeUnits: .milliseconds, maxDuration: .seconds(3), maxIterations: 10,
        thresholds: [.mallocCountTotal: .init(relative: [.p90: 10.0]), .wallClock: .init(relative: [.p90: 150.0])])
    let headline: Set = ["quota-attainment-by-coaching-quality", "rep-improvement-over-time"]
    for plugin in BuiltinPlugins.all {
        let name = plugin.descriptor.id.replacingOccurrences(of: "-", with: "_") + "_plugin"
        Benchmark(name, configuration: headline.contains(plugin.descriptor.id) ? configuration : longer) { benchmark in
            for _ in benchmark.scaledIterations {
                blackHole(try PluginRunner().run([plugin], on: withCoaching))
            }
        }
    }
}
