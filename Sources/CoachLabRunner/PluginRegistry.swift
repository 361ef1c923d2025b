import CoachLabPluginAPI
import CoachLabData
/// Why a registry could not be built or a selection made.
public enum RegistryError: Error, Sendable, CustomStringConvertible, Equatable {
    case duplicateID(String)
    case invalidID(String)
    /// A plugin declares a column that its table does not have (see
    /// ``PluginDescriptor/unknownColumns``).
    case unknownColumn(pluginID: String, ColumnReference)
    case unknownPlugin(String, known: [String])

    public var description: String {
        switch self {
        case .duplicateID(let id): "two plugins share the id '\(id)'"
        case .invalidID(let id): "'\(id)' is not a valid plugin id (lowercase kebab-case expected)"
        case .unknownColumn(let id, let column):
            "plugin '\(id)' declares the column '\(column.column)' of \(column.table.fileName), which has no such column"
                + " (its columns: \((column.table.requiredColumns + column.table.optionalColumns).joined(separator: ", ")))"
        case .unknownPlugin(let id, let known):
            "unknown plugin '\(id)'; the known plugins are: \(known.joined(separator: ", "))"
        }
    }
}

/// The plugins a run can use, by id, in the order they were registered.
///
/// A value built from one explicit list: there is no global to mutate, and a test or a
/// researcher builds a registry of their own by adding plugins to the built-in list.
public struct PluginRegistry: Sendable {
    public let plugins: [any MetricPlugin]

    /// - Throws: ``RegistryError`` for an invalid or duplicate id, or a declared column that
    ///   its table does not have (which the plugin would otherwise see absent on every run).
    public init(_ plugins: [any MetricPlugin]) throws(RegistryError) {
        var seen = Set<String>()
        for plugin in plugins {
            let descriptor = plugin.descriptor
            let id = descriptor.id
            guard PluginDescriptor.isValidID(id) else { throw .invalidID(id) }
            guard seen.insert(id).inserted else { throw .duplicateID(id) }
            if let unknown = descriptor.unknownColumns.first { throw .unknownColumn(pluginID: id, unknown) }
        }
        self.plugins = plugins
    }

    /// A registry with `more` plugins after these.
    public func adding(_ more: [any MetricPlugin]) throws(RegistryError) -> PluginRegistry {
        try PluginRegistry(plugins + more)
    }

    public var ids: [String] { plugins.map(\.descriptor.id) }

    public func plugin(id: String) -> (any MetricPlugin)? {
        plugins.first { $0.descriptor.id == id }
    }

    /// The plugins a run asked for, or with `ids` empty every plugin whose required tables
    /// `available` has; plugins that cannot run are returned apart with the reason.
    /// - Throws: ``RegistryError/unknownPlugin(_:known:)`` for an id not registered.
    /// - Parameter options: option values per plugin id, which may change the tables a plugin needs.
    public func select(
        ids: [String], available: Set<DatasetTable>, options: [String: [String: String]] = [:]
    ) throws(RegistryError) -> PluginSelection {
        var chosen: [any MetricPlugin] = []
        if ids.isEmpty {
            chosen = plugins
        } else {
            for id in ids {
                guard let plugin = plugin(id: id) else { throw .unknownPlugin(id, known: self.ids) }
                if !chosen.contains(where: { $0.descriptor.id == id }) { chosen.append(plugin) }
            }
        }
        var selection = PluginSelection(runnable: [], skipped: [])
        for plugin in chosen {
            let missing = plugin.descriptor.requiredTables(options: options[plugin.descriptor.id] ?? [:]).subtracting(available).sorted()
            if missing.isEmpty {
                selection.runnable.append(plugin)
            } else {
                selection.skipped.append(.init(
                    pluginID: plugin.descriptor.id,
                    reason: "needs \(missing.map(\.fileName).joined(separator: " and ")), which the dataset does not have"))
            }
        }
        return selection
    }
}

/// The outcome of ``PluginRegistry/select(ids:available:)``.
public struct PluginSelection: Sendable {
    public struct Skipped: Sendable, Equatable {
        public var pluginID: String
        public var reason: String

        public init(pluginID: String, reason: String) {
            self.pluginID = pluginID
            self.reason = reason
        }
    }

    public var runnable: [any MetricPlugin]
    public var skipped: [Skipped]

    /// The optional columns the runnable plugins read.
    public var columns: Set<ColumnReference> {
        runnable.reduce(into: []) { $0.formUnion($1.descriptor.columns) }
    }
}
