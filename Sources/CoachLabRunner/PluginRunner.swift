import CoachLabPluginAPI
import CoachLabData
/// Runs plugins over a dataset: checks each one's options, computes, collects results.
///
/// Each plugin computes on ``Dataset/narrowed(for:)``: the tables and columns it declares,
/// whatever else the dataset holds for the other plugins of the run.
public struct PluginRunner: Sendable {
    public init() {}

    /// Runs `plugins` in order.
    /// - Parameter options: option values per plugin id.
    /// - Throws: ``PluginError`` from the first plugin that fails.
    public func run(
        _ plugins: [any MetricPlugin], on dataset: Dataset, options: [String: [String: String]] = [:],
        threads: Int = 1
    ) throws(PluginError) -> [MetricResult] {
        var results: [MetricResult] = []
        for plugin in plugins {
            let descriptor = plugin.descriptor
            let resolved = try PluginOptions.resolve(options[descriptor.id] ?? [:], for: descriptor)
            let given = options[descriptor.id] ?? [:]
            let context = PluginContext(dataset: dataset.narrowed(for: descriptor, options: given), options: resolved, threads: threads)
            results.append(try plugin.compute(context))
        }
        return results
    }
}
