import CoachLabPluginAPI
import CoachLabKernels

extension PanelState {
    /// The state of the reps `context` covers (every rep without ``Partial/Context/reps``):
    /// their panel rows from performance.csv, and their starts from programs.csv (every
    /// programme, or only `program` when one is asked for) or coaching_sessions.csv.
    init(_ context: Partial.Context, source: Treatment.Source, program asked: String, traits: [RepCovariates.Trait]) {
        let dataset = context.dataset
        self.init(repIDs: dataset.reps.ids, repManagers: dataset.reps.managers, managerIDs: dataset.managers.ids,
                  managerTiers: dataset.managers.tiers, traits: RepCovariates.TraitColumns(traits, of: dataset.reps))
        let reps = context.reps ?? 0..<dataset.reps.count
        let months = Self.panelRows(dataset.performance, reps: reps)
        var enrolments = [[Enrolment]](repeating: [], count: reps.count)
        var firstSessions = [Int32?](repeating: nil, count: reps.count)
        switch source {
        case .program:
            if let table = dataset.programs {
                (programs, enrolments) = Self.enrolments(table, reps: reps, only: asked)
            }
        case .firstSession:
            if let sessions = dataset.coachingSessions {
                var first = [Int32?](repeating: nil, count: reps.count)
                for row in 0..<sessions.count where reps.contains(Int(sessions.reps[row])) {
                    let local = Int(sessions.reps[row]) - reps.lowerBound
                    first[local] = min(first[local] ?? .max, sessions.dates[row])
                }
                firstSessions = first.map { $0.map(CivilDate.monthIndex) }
            }
        }
        for local in 0..<reps.count where months[local] != nil || !enrolments[local].isEmpty || firstSessions[local] != nil {
            let (span, attainments) = months[local] ?? (nil, nil)
            rows.append(RepPanelRow(rep: Int32(reps.lowerBound + local), months: span, attainments: attainments,
                                    enrolments: enrolments[local], firstSession: firstSessions[local]))
        }
    }

    /// Each rep's first and last month with a row of `performance` (a period given), and its
    /// attainment in each month between when every one has one; nil for a rep without rows.
    /// A month's attainment is that of its last row with a quota above zero, as on the grid.
    private static func panelRows(
        _ performance: Performance, reps: Range<Int>
    ) -> [(months: ClosedRange<Int32>?, attainments: ArraySlice<Double>?)?] {
        var first = [Int32](repeating: .max, count: reps.count), last = [Int32](repeating: .min, count: reps.count)
        // Columns read through their iterators, which take a column's storage apart once.
        for (rep, period) in zip(performance.reps, performance.periods) {
            let local = Int(rep) - reps.lowerBound
            guard period != MonthIndex.missing, local >= 0, local < reps.count else { continue }
            first[local] = min(first[local], period)
            last[local] = max(last[local], period)
        }
        // Each rep's months side by side, NaN until a row gives one an attainment.
        var offsets = [Int](repeating: 0, count: reps.count + 1)
        for local in 0..<reps.count {
            offsets[local + 1] = offsets[local] + (first[local] <= last[local] ? Int(last[local] - first[local]) + 1 : 0)
        }
        var values = [Double](repeating: .nan, count: offsets[reps.count])
        for ((rep, period), (quota, bookings)) in zip(zip(performance.reps, performance.periods), zip(performance.quotas, performance.bookings)) {
            let local = Int(rep) - reps.lowerBound
            guard period != MonthIndex.missing, local >= 0, local < reps.count else { continue }
            if let value = Kernels.attainment(quota: quota, bookings: bookings) {
                values[offsets[local] + Int(period - first[local])] = value
            }
        }
        return (0..<reps.count).map { local in
            guard first[local] <= last[local] else { return nil }
            let row = values[offsets[local]..<offsets[local + 1]]
            return (first[local]...last[local], row.contains(where: \.isNaN) ? nil : row)
        }
    }

    /// The programmes of the enrolments of `reps`, sorted by name with their enrolments, and
    /// each rep's first month in each (only in `only` unless it is empty).
    private static func enrolments(
        _ programs: Programs, reps: Range<Int>, only asked: String
    ) -> (programs: [ProgramCount], enrolments: [[Enrolment]]) {
        let categories = programs.names.categories
        var counts = [Int](repeating: 0, count: categories.count)
        var starts = [[Int32?]](repeating: [], count: reps.count)
        for row in 0..<programs.count where reps.contains(Int(programs.reps[row])) {
            let code = programs.names.codes[row]
            guard code != CategoricalColumn.missing else { continue }
            counts[Int(code)] += 1
            guard asked.isEmpty || categories[Int(code)] == asked else { continue }
            let local = Int(programs.reps[row]) - reps.lowerBound
            if starts[local].isEmpty { starts[local] = Array(repeating: nil, count: categories.count) }
            starts[local][Int(code)] = min(starts[local][Int(code)] ?? .max, programs.startPeriods[row])
        }
        // The names in order; categories of the same name (a table built in code) counted as one.
        let names = Set(categories.indices.filter { counts[$0] > 0 }.map { categories[$0] }).sorted()
        let index = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, $0) })
        var listed = names.map { ProgramCount(name: $0, enrolments: 0) }
        for code in categories.indices where counts[code] > 0 { listed[index[categories[code]]!].enrolments += counts[code] }
        let enrolments = starts.map { byCode -> [Enrolment] in
            var merged: [Int: Int32] = [:]
            for (code, start) in byCode.enumerated() {
                guard let start else { continue }
                let program = index[categories[code]]!
                merged[program] = min(merged[program] ?? .max, start)
            }
            return merged.keys.sorted().map { Enrolment(program: $0, start: merged[$0]!) }
        }
        return (listed, enrolments)
    }
}
