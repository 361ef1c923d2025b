import CoachLabData

extension TidyTable {
    /// reps.csv joined with its managers: `rep_id`, `manager_id`, `coaching_quality`,
    /// `region`, `segment`, `hire_date`, and `rep_months`, the rep's rows of performance.csv.
    /// - Complexity: O(n) for n rep-months.
    static func reps(_ dataset: Dataset, format: ExportFormat) -> TidyTable {
        var repMonths = [Int32](repeating: 0, count: dataset.reps.count)
        for rep in dataset.performance.reps { repMonths[Int(rep)] += 1 }
        let months = repMonths
        let columns = DimensionColumns(dataset, format: format).rep { $0 }
            + [Column(name: "rep_months") { row, cell in cell.integer(Int(months[row])) }]
        return TidyTable(columns: columns, rowCount: dataset.reps.count, format: format)
    }

    /// managers.csv: `manager_id`, `coaching_quality`, `coaching_score` (empty where the file
    /// lacks it), and `reps`, the reps reporting to the manager.
    static func managers(_ dataset: Dataset, format: ExportFormat) -> TidyTable {
        var repCounts = [Int32](repeating: 0, count: dataset.managers.count)
        for manager in dataset.reps.managers { repCounts[Int(manager)] += 1 }
        let reps = repCounts
        let scores = dataset.managers.coachingScores
        let columns = DimensionColumns(dataset, format: format).manager { $0 } + [
            Column(name: "coaching_score") { row, cell in
                guard let scores else { return cell.empty() }
                cell.number(scores[row])
            },
            Column(name: "reps") { row, cell in cell.integer(Int(reps[row])) },
        ]
        return TidyTable(columns: columns, rowCount: dataset.managers.count, format: format)
    }
}
