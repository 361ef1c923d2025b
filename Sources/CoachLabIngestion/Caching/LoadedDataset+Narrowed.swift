import CoachLabData

extension LoadedDataset {
    /// What a strict load of `selection` gives, from a strict load of every table and column
    /// (``ColumnSelection/all``, what `validate` reads) of the same files: the optional
    /// tables and columns that `selection` does not read are left out as a load of it leaves
    /// them (absent, or filled as the builder fills a column the file lacks), and the report
    /// names only the columns it converts.
    ///
    /// Nothing else differs. A strict load of every column succeeded, so a load of fewer
    /// would have found no problem either and kept every row; the required tables' codes and
    /// the warnings (of managers, reps and performance) do not depend on the optional ones.
    func narrowed(to selection: ColumnSelection, mapping: DatasetMapping?) -> LoadedDataset {
        var narrowed = self
        narrowed.dataset = dataset.narrowed(
            toTables: selection.optionalTables ?? Set(DatasetTable.allCases),
            columns: selection.optionalColumns ?? DatasetTable.allOptionalColumns)
        narrowed.report.tables = report.tables.compactMap { table in
            guard selection.reads(table.table) else { return nil }
            let converted = Set(selection.requests(for: table.table).map {
                (mapping?.request($0, in: table.table) ?? $0).headerName.lowercased()
            })
            var kept = table
            kept.columnsUsed = table.columnsUsed.filter { converted.contains($0.lowercased()) }
            return kept
        }
        return narrowed
    }
}
