extension PluginDescriptor {
    /// The tables the plugin reads with its default options: those it requires and those of
    /// the columns it declares.
    public var tables: Set<DatasetTable> { tables(options: [:]) }

    /// The tables the plugin requires given option values (as given: names to values).
    public func requiredTables(options: [String: String]) -> Set<DatasetTable> {
        requiredTablesWhen.first { options[$0.option] == $0.value }?.requiredTables ?? requiredTables
    }

    /// The tables the plugin reads given option values.
    public func tables(options: [String: String]) -> Set<DatasetTable> {
        requiredTables(options: options).union(columns.map(\.table))
    }

    /// The declared columns that no table of the dataset has (a misspelling, say), in a
    /// stable order: a load would never fill them, so the plugin would see them absent.
    public var unknownColumns: [ColumnReference] {
        columns.filter { !$0.table.hasColumn($0.column) }.sorted { ($0.table, $0.column) < ($1.table, $1.column) }
    }
}

extension Dataset {
    /// What a plugin described by `descriptor` sees of this dataset: its ``PluginDescriptor/tables``
    /// and declared columns, as a load for it alone gives them. Every run hands a plugin
    /// this view, so a plugin that reads a column it did not declare finds it absent in
    /// tests as on the command line.
    public func narrowed(for descriptor: PluginDescriptor, options: [String: String] = [:]) -> Dataset {
        narrowed(toTables: descriptor.tables(options: options), columns: descriptor.columns)
    }
}
