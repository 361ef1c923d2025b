import CoachLabPluginAPI

/// The reps' traits a programme's comparison can hold fixed, as regression columns: tenure in
/// years at the first month of the data, and one indicator per region, segment and manager's
/// coaching tier beyond the most common (the reference). A rep lacking a chosen trait is left out (the panel leaves
/// out its months), so that every comparison reads the same reps.
struct RepCovariates {
    enum Trait: String, CaseIterable {
        case tenure, region, segment
        /// The rep's manager's coaching tier (managers.csv).
        case tier
    }

    let traits: [Trait]
    let columns: [[Double]]
    /// Reps lacking a chosen trait, by trait.
    let missing: [Trait: Int]
    /// Whether each rep lacks a chosen trait (and is left out).
    let lacking: [Bool]

    /// Parses `none` or a comma-separated list of traits.
    static func traits(_ option: String) -> [Trait]? {
        let names = option.split(separator: ",").map { $0.trimmingSpaces() }.filter { !$0.isEmpty }
        guard names != ["none"] else { return [] }
        var traits: [Trait] = []
        for name in names {
            guard let trait = Trait(rawValue: name) else { return nil }
            if !traits.contains(trait) { traits.append(trait) }
        }
        return traits
    }

    /// The traits' columns, or the trait whose column reps.csv lacks.
    /// - Parameters:
    ///   - columns: reps.csv's columns the traits read.
    ///   - repManagers: each rep's manager, a row of `managerTiers`.
    ///   - firstMonth: the first month of performance.csv, when tenure is measured.
    static func make(
        _ traits: [Trait], columns: TraitColumns, repManagers: [Int32], managerTiers: [CoachingTier], firstMonth: Int32
    ) -> Result<RepCovariates, MissingTrait> {
        let repCount = repManagers.count
        var made: [[Double]] = []
        var missing: [Trait: Int] = [:]
        var lacking = [Bool](repeating: false, count: repCount)
        for trait in traits {
            let lacks: [Bool]
            switch trait {
            case .tenure:
                guard let hired = columns.hireDates else { return .failure(MissingTrait(trait: trait, column: "hire_date")) }
                let (year, month) = MonthIndex.components(firstMonth)
                let start = CivilDate.days(year: year, month: month, day: 1)
                lacks = hired.map { $0 == CivilDate.missing }
                made.append(hired.map { $0 == CivilDate.missing ? .nan : Double(start - $0) / 365.25 })
            case .region, .segment:
                guard let column = trait == .region ? columns.regions : columns.segments else {
                    return .failure(MissingTrait(trait: trait, column: trait.rawValue))
                }
                lacks = column.codes.map { $0 == CategoricalColumn.missing }
                made += indicators(column)
            case .tier:
                let tiers = CoachingTier.allCases
                let codes = repManagers.map { Int32(tiers.firstIndex(of: managerTiers[Int($0)])!) }
                lacks = [Bool](repeating: false, count: repCount)
                made += indicators(CategoricalColumn(codes: codes, categories: tiers.map(\.id)))
            }
            let count = lacks.filter { $0 }.count
            if count > 0 { missing[trait] = count }
            for rep in lacks.indices where lacks[rep] { lacking[rep] = true }
        }
        return .success(RepCovariates(traits: traits, columns: made, missing: missing, lacking: lacking))
    }

    /// One 0/1 column per category but the most common (ties: the first by name); NaN where missing.
    static func indicators(_ column: CategoricalColumn) -> [[Double]] {
        var counts = [Int](repeating: 0, count: column.categories.count)
        for code in column.codes where code != CategoricalColumn.missing { counts[Int(code)] += 1 }
        let order = column.categories.indices.sorted { column.categories[$0] < column.categories[$1] }
        guard let reference = order.max(by: { counts[$0] < counts[$1] || (counts[$0] == counts[$1] && $0 > $1) }) else { return [] }
        return order.filter { $0 != reference && counts[$0] > 0 }.map { category in
            column.codes.map { $0 == CategoricalColumn.missing ? .nan : $0 == Int32(category) ? 1 : 0 }
        }
    }

    /// The columns of reps.csv the chosen traits read (nil: not chosen, or not in reps.csv),
    /// one value per rep: what a partial state carries of reps.csv for them.
    struct TraitColumns: Equatable {
        var hireDates: [Int32]?
        var regions: CategoricalColumn?
        var segments: CategoricalColumn?

        /// The columns of `reps` that `traits` read.
        init(_ traits: [Trait], of reps: Reps) {
            if traits.contains(.tenure) { hireDates = reps.hireDates }
            if traits.contains(.region) { regions = reps.regions }
            if traits.contains(.segment) { segments = reps.segments }
        }

        init(hireDates: [Int32]?, regions: CategoricalColumn?, segments: CategoricalColumn?) {
            self.hireDates = hireDates
            self.regions = regions
            self.segments = segments
        }
    }

    struct MissingTrait: Error {
        let trait: Trait
        let column: String
    }
}

private extension Substring {
    func trimmingSpaces() -> String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}
