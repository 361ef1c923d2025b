extension PluginDescriptor {
    /// The tables the plugin reads: those it requires and those of the columns it declares.
    public var tables: Set<DatasetTable> {
        requiredTables.union(columns.map(\.table))
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
    public func narrowed(for descriptor: PluginDescriptor) -> Dataset {
        narrowed(toTables: descriptor.tables, columns: descriptor.columns)
    }
}
