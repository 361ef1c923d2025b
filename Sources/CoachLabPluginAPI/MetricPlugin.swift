import CoachLabSystem
/// A metric: one question asked of a dataset, answered with a typed ``MetricResult``.
///
/// This protocol is the whole contract between CoachLab and a plugin, built-in or written
/// by a researcher. An implementation must:
/// - describe itself in ``descriptor`` without computing anything: that is what
///   `coachlab plugins` lists and how `coachlab run` picks the plugins a dataset can feed;
/// - read only the tables and columns its descriptor declares: a run hands it those alone
///   (``Dataset/narrowed(for:)``), so anything else is absent;
/// - be deterministic: the same dataset and options give the same result, bit for bit;
/// - never print, read the environment or touch files: it returns values and notes, and
///   renderers present them;
/// - report a statistic it cannot compute (too few rows, zero variance) as `nil` with a
///   note saying why, never as NaN, infinity or a made-up number;
/// - order rows of a `by_tier` table `exceeds`, `meets`, `needs_improvement`, keeping a row
///   with zero counts and `nil` statistics for a tier without data;
/// - throw ``PluginError`` only for a dataset it cannot work with at all.
///
/// `CoachLabPluginTestKit` checks these rules against any plugin.
public protocol MetricPlugin: Sendable {
    /// What the plugin is, needs and accepts.
    var descriptor: PluginDescriptor { get }

    /// Computes the metric. Options in `context` are already checked against the
    /// descriptor and carry their defaults.
    func compute(_ context: PluginContext) throws(PluginError) -> MetricResult
}

/// Why a plugin could not produce a result at all.
public struct PluginError: Error, Sendable, CustomStringConvertible {
    /// The ``PluginDescriptor/id`` of the plugin that failed.
    public var pluginID: String
    /// What is wrong with the dataset or the options, for the user.
    public var message: String

    /// An error of plugin `pluginID`.
    public init(pluginID: String, message: String) {
        self.pluginID = pluginID
        self.message = message
    }

    /// One line: a plugin's message may quote the data (an id, an option's value), escaped
    /// by ``DisplayText``.
    public var description: String { "plugin \(pluginID): \(DisplayText.escaped(message, limit: 1000))" }
}
