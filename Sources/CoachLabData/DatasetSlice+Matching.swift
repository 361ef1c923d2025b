extension Dataset.Slice.Condition {
    /// Whether each rep's value in the condition's column is one of its values (before any
    /// negation): the rep's own for a column of reps.csv, its manager's for managers.csv.
    /// An empty value matches a missing one.
    ///
    /// A text that is itself one of the column's values is taken whole even when it holds a
    /// comma (`region=North, East`); otherwise it is split at commas.
    /// - Throws: when the dataset has no such column, or a value matches no rep.
    /// - Complexity: O(reps).
    func matches(in dataset: Dataset) throws(Dataset.Slice.Failure) -> [Bool] {
        let reps = dataset.reps
        switch column {
        case "coaching_quality":
            let tiers = try values.map { (value: String) throws(Dataset.Slice.Failure) -> CoachingTier in
                guard let tier = CoachingTier(label: value) else {
                    throw Dataset.Slice.Failure("--where \(self): '\(value)' is not a coaching tier (expected exceeds, meets or needs_improvement)")
                }
                return tier
            }
            let tierOfRep = dataset.repTiers
            for (value, tier) in zip(values, tiers) where !tierOfRep.contains(tier) {
                throw Dataset.Slice.Failure("--where \(self): no rep's manager has coaching_quality '\(value)'")
            }
            return tierOfRep.map(tiers.contains)
        case "coaching_score":
            guard let scores = dataset.managers.coachingScores else { throw absent(.managers) }
            let numbers = try values.map { (value: String) throws(Dataset.Slice.Failure) -> Double in
                if value.isEmpty { return .nan }
                guard let number = Double(value) else { throw Dataset.Slice.Failure("--where \(self): '\(value)' is not a number") }
                return number
            }
            let scoreOfRep = reps.managers.map { scores[Int($0)] }
            func equal(_ a: Double, _ b: Double) -> Bool { a == b || (a.isNaN && b.isNaN) }
            for (value, number) in zip(values, numbers) where !scoreOfRep.contains(where: { equal($0, number) }) {
                throw Dataset.Slice.Failure("--where \(self): no rep's manager has coaching_score '\(value)'")
            }
            return scoreOfRep.map { score in numbers.contains { equal(score, $0) } }
        default:
            let texts = try repTexts(dataset)
            let present = Set(texts.map { $0 ?? "" })
            let wanted = present.contains(text.trimmingSpaces()) ? [text.trimmingSpaces()] : values
            for value in wanted where !present.contains(value) {
                let known = present.filter { !$0.isEmpty }.sorted()
                let shown = known.prefix(12).joined(separator: ", ") + (known.count > 12 ? ", …" : "")
                throw Dataset.Slice.Failure("--where \(self): no rep has \(column) '\(value)'; the reps' values are: \(shown)")
            }
            let set = Set(wanted)
            return texts.map { set.contains($0 ?? "") }
        }
    }

    /// Each rep's value of a text-like column of reps.csv (its manager's id for manager_id),
    /// nil where missing.
    func repTexts(_ dataset: Dataset) throws(Dataset.Slice.Failure) -> [String?] {
        let reps = dataset.reps
        switch column {
        case "rep_id": return reps.ids
        case "manager_id": return reps.managers.map { dataset.managers.ids[Int($0)] }
        case "region", "segment":
            guard let categories = column == "region" ? reps.regions : reps.segments else { throw absent(.reps) }
            return (0..<reps.count).map { categories[$0] }
        case "hire_date":
            guard let dates = reps.hireDates else { throw absent(.reps) }
            return dates.map { $0 == CivilDate.missing ? nil : CivilDate.format($0) }
        default:
            throw Dataset.Slice.Failure("--where \(self): unknown column '\(column)'")
        }
    }

    private func absent(_ table: DatasetTable) -> Dataset.Slice.Failure {
        Dataset.Slice.Failure("--where \(self): \(table.fileName) has no column '\(column)'")
    }
}

extension Dataset.Slice {
    /// The distinct values the reps of `dataset` have in `column` (their managers' for a
    /// column of managers.csv), each as a condition takes it: tiers best first, scores in
    /// increasing order, text sorted; with how many reps have no value.
    /// - Throws: for an unknown column or one the dataset lacks.
    /// - Complexity: O(reps + v log v) for v values.
    public static func values(of column: String, in dataset: Dataset) throws(Dataset.Slice.Failure) -> (values: [String], missing: Int) {
        let condition = Condition(column: column, text: "", negated: false)
        switch column {
        case "coaching_quality":
            let present = Set(dataset.repTiers)
            return (CoachingTier.reportOrder.filter(present.contains).map(\.id), 0)
        case "coaching_score":
            guard let scores = dataset.managers.coachingScores else {
                throw Dataset.Slice.Failure("--by \(column): \(DatasetTable.managers.fileName) has no column '\(column)'")
            }
            let ofReps = dataset.reps.managers.map { scores[Int($0)] }
            return (Set(ofReps.filter { !$0.isNaN }).sorted().map(\.description), ofReps.filter(\.isNaN).count)
        default:
            guard columns.contains(where: { $0.name == column }) else {
                throw Dataset.Slice.Failure("--by \(column): unknown column; segments are the values of "
                    + columns.map(\.name).joined(separator: ", "))
            }
            let texts: [String?]
            do {
                texts = try condition.repTexts(dataset)
            } catch {
                throw Dataset.Slice.Failure("--by \(column): \(DatasetTable.reps.fileName) has no column '\(column)'")
            }
            return (Set(texts.compactMap { $0 }).sorted(), texts.filter { $0 == nil }.count)
        }
    }
}
