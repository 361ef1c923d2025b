/// Everything a plugin's computation receives, in one value so the API can grow without
/// breaking plugins.
public struct PluginContext: Sendable {
    /// The dataset, narrowed to the tables and columns the plugin declares.
    public var dataset: Dataset
    /// The plugin's options, checked, defaults filled in.
    public var options: PluginOptions
    /// Threads the plugin's kernels may use. A result must not depend on it, to the bit:
    /// split work so that every sum is still taken in the same order (by group, not by row).
    public var threads: Int
    /// The reps (codes, reps.csv order) that the rep-level tables' rows belong to, when
    /// they are known to be a range of them: a block of reps that `run --blocks` loaded.
    /// Nil for every rep. A metric whose ``DecomposableMetric/parallelism`` is
    /// ``Partial/Parallelism/wholeReps`` then splits only these reps among its parts, so
    /// that what each part sizes by its reps grows with the block, not the org.
    public var reps: Range<Int>?

    /// The context of a computation on `threads` threads (at least one).
    public init(dataset: Dataset, options: PluginOptions, threads: Int = 1, reps: Range<Int>? = nil) {
        self.dataset = dataset
        self.options = options
        self.threads = max(1, threads)
        self.reps = reps
    }
}

/// Option values for one plugin, checked against its descriptor, defaults filled in.
public struct PluginOptions: Sendable, Equatable {
    /// The values as given, by option name.
    public private(set) var values: [String: String]

    /// Options with these values, unchecked: ``resolve(_:for:)`` checks them.
    public init(_ values: [String: String] = [:]) { self.values = values }

    /// The options for `descriptor`: `given` checked, defaults added.
    /// - Throws: ``PluginError`` naming an unknown option or a bad value.
    public static func resolve(_ given: [String: String], for descriptor: PluginDescriptor) throws(PluginError) -> PluginOptions {
        var values: [String: String] = [:]
        for option in descriptor.options { values[option.name] = option.defaultValue }
        for (name, value) in given {
            guard let option = descriptor.options.first(where: { $0.name == name }) else {
                let known = descriptor.options.map(\.name)
                throw PluginError(
                    pluginID: descriptor.id,
                    message: "has no option '\(name)'" + (known.isEmpty ? "" : " (it accepts \(known.joined(separator: ", ")))"))
            }
            if let problem = option.problem(with: value) { throw PluginError(pluginID: descriptor.id, message: problem) }
            values[name] = value
        }
        return PluginOptions(values)
    }
}

extension OptionKey where Value == Int {
    /// `min-managers`: the managers each group of a comparison must span for an interval
    /// clustered by manager. Fewer cannot show how managers vary: with two, a 95% interval
    /// excluded 0 in a third of generated orgs with no difference.
    public static var minimumManagers: OptionKey<Int> {
        .integer("min-managers", summary: "managers each compared group needs for a clustered interval", in: 2...1_000_000, default: 5)
    }
}

extension PluginOptions {
    /// The value of ``OptionKey/minimumManagers`` (its default when the plugin does not
    /// declare it).
    public var minimumManagers: Int { self[OptionKey.minimumManagers] }
}
