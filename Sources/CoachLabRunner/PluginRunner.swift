import CoachLabPluginAPI
import CoachLabData
/// Runs plugins over a dataset: checks each one's options, computes, collects results.
///
/// Each plugin computes on ``Dataset/narrowed(for:)``: the tables and columns it declares,
/// whatever else the dataset holds for the other plugins of the run.
public struct PluginRunner: Sendable {
    /// Wraps each plugin's computation, given its id: for a caller that times the plugins
    /// (`COACHLAB_TIMINGS=1`).
    public var around: (@Sendable (_ pluginID: String, _ compute: () throws(PluginError) -> MetricResult) throws(PluginError) -> MetricResult)?

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
            if let around {
                results.append(try around(descriptor.id) { () throws(PluginError) in try plugin.compute(context) })
            } else {
                results.append(try plugin.compute(context))
            }
        }
        return results
    }
}
