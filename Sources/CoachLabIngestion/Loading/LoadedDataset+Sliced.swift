import CoachLabData

extension LoadedDataset {
    /// The load as a load of a copy of the files holding only the slice's reps and months
    /// would report it: the dataset sliced (``Dataset/sliced(_:)``), its rows per table,
    /// missing and zero quotas, first and last month and warnings counted in the slice.
    /// Rows left out by a lenient load (`--on-error skip`) stay as the input's.
    /// - Throws: ``Dataset/Slice/Failure`` as ``Dataset/sliced(_:)`` does.
    public func sliced(_ slice: Dataset.Slice, threads: Int = 1) throws(Dataset.Slice.Failure) -> LoadedDataset {
        guard !slice.isWhole else { return self }
        var sliced = self
        let dataset = try self.dataset.sliced(slice)
        sliced.dataset = dataset
        let quotas = dataset.performance.quotas.array
        let counts = ColumnScan.counts(quotas, threads: threads)
        sliced.report.missingQuota = counts.missing
        sliced.report.zeroQuota = counts.zero
        sliced.report.periods = ColumnScan.monthSpan(dataset.performance.periods.array, threads: threads).span
        sliced.report.warnings = DatasetBuilder.warnings(
            managers: dataset.managers, reps: dataset.reps, performance: dataset.performance, threads: threads)
        let rows: [DatasetTable: Int] = [
            .managers: dataset.managers.count, .reps: dataset.reps.count, .performance: dataset.performance.count,
            .coachingSessions: dataset.coachingSessions?.count ?? 0, .assignments: dataset.assignments?.count ?? 0,
            .programs: dataset.programs?.count ?? 0,
        ]
        for index in sliced.report.tables.indices {
            sliced.report.tables[index].rows = rows[sliced.report.tables[index].table] ?? sliced.report.tables[index].rows
        }
        return sliced
    }
}
