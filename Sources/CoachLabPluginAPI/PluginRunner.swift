/// Runs plugins over a dataset: checks each one's options, computes, collects results.
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
            results.append(try plugin.compute(PluginContext(dataset: dataset, options: resolved, threads: threads)))
        }
        return results
    }
}
