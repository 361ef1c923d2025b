import CoachLabData

/// The columns that describe a rep or a manager, shared by every table that names one: ids,
/// tier and traits written from texts encoded once per table.
struct DimensionColumns: Sendable {
    let dataset: Dataset
    let repIDs: EncodedTexts
    let managerIDs: EncodedTexts
    /// Indexed by ``CoachingTier/rawValue``.
    let tierIDs: EncodedTexts
    let regions: EncodedTexts?
    let segments: EncodedTexts?

    init(_ dataset: Dataset, format: ExportFormat) {
        self.dataset = dataset
        repIDs = EncodedTexts(dataset.reps.ids, format: format)
        managerIDs = EncodedTexts(dataset.managers.ids, format: format)
        let tiers = CoachingTier.allCases.sorted { $0.rawValue < $1.rawValue }
        tierIDs = EncodedTexts(tiers.map(\.id), format: format)
        regions = dataset.reps.regions.map { EncodedTexts($0.categories, format: format) }
        segments = dataset.reps.segments.map { EncodedTexts($0.categories, format: format) }
    }

    /// `manager_id` and `coaching_quality` of the manager `managerOf(row)`.
    func manager(_ managerOf: @escaping @Sendable (Int) -> Int) -> [TidyTable.Column] {
        let managerIDs = managerIDs, tierIDs = tierIDs, tiers = dataset.managers.tiers
        return [
            .init(name: "manager_id") { row, cell in cell.text(managerIDs, managerOf(row)) },
            .init(name: "coaching_quality") { row, cell in cell.text(tierIDs, tiers[managerOf(row)].rawValue) },
        ]
    }

    /// `rep_id`, then the rep's `manager_id` and `coaching_quality`, then its `region`,
    /// `segment` and `hire_date` (empty where the file lacks them), of the rep `repOf(row)`.
    func rep(_ repOf: @escaping @Sendable (Int) -> Int) -> [TidyTable.Column] {
        let reps = dataset.reps
        let repIDs = repIDs, regions = regions, segments = segments
        let managerOfRep = reps.managers
        let regionCodes = reps.regions?.codes, segmentCodes = reps.segments?.codes, hireDates = reps.hireDates
        return [.init(name: "rep_id") { row, cell in cell.text(repIDs, repOf(row)) }]
            + manager { row in Int(managerOfRep[repOf(row)]) }
            + [
                .init(name: "region") { row, cell in
                    guard let regions, let codes = regionCodes else { return cell.empty() }
                    cell.text(regions, Int(codes[repOf(row)]))
                },
                .init(name: "segment") { row, cell in
                    guard let segments, let codes = segmentCodes else { return cell.empty() }
                    cell.text(segments, Int(codes[repOf(row)]))
                },
                .init(name: "hire_date") { row, cell in
                    guard let dates = hireDates else { return cell.empty() }
                    cell.date(dates[repOf(row)])
                },
            ]
    }
}
