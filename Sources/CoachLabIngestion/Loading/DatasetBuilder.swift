import CoachLabData

/// Turns parsed tables into a ``Dataset``, checking ids, references and value domains.
struct DatasetBuilder {
    var log: ProblemLog
    var warnings: [String] = []
    /// The first and last month of performance.csv, once built.
    private(set) var performancePeriods: ClosedRange<Int32>?
    /// Missing, zero and negative quotas in performance.csv, for the load report.
    private(set) var quotaCounts = ColumnScan.NumberCounts()

    /// Threads the whole-column checks may use.
    let threads: Int

    init(log: ProblemLog, threads: Int = 1) {
        self.log = log
        self.threads = max(1, threads)
    }

    /// The tables as built: without the rows left out when the log rejects rows.
    private(set) var tables: [DatasetTable: ParsedTable] = [:]
    /// The file name of each table, as messages give it.
    private var fileNames: [DatasetTable: String] = [:]

    private func fileName(_ table: DatasetTable) -> String { fileNames[table] ?? table.fileName }

    mutating func build(source: String, parsed: [DatasetTable: ParsedTable]) -> Dataset? {
        guard var managerFile = parsed[.managers], var repFile = parsed[.reps],
              var performanceFile = parsed[.performance] else { return nil }
        fileNames = parsed.mapValues { String($0.file.split(separator: "/").last ?? Substring($0.file)) }
        let managers = settled(&managerFile) { $0.buildManagers($1) }
        let managerIndex = Self.rowOfCode(managerFile, "manager_id")
        let reps = settled(&repFile) { $0.buildReps($1, managerIndex: managerIndex) }
        let repIndex = Self.rowOfCode(repFile, "rep_id")
        let performance = settled(&performanceFile) { $0.buildPerformance($1, repIndex: repIndex, repCount: reps.count) }
        tables = [.managers: managerFile, .reps: repFile, .performance: performanceFile]
        var sessionIndex: [Int32] = []
        var sessions: CoachingSessions?
        if var file = parsed[.coachingSessions] {
            sessions = settled(&file) { $0.buildSessions($1, repIndex: repIndex, managerIndex: managerIndex) }
            sessionIndex = Self.rowOfCode(file, "session_id")
            tables[.coachingSessions] = file
        }
        var assignments: Assignments?
        if var file = parsed[.assignments] {
            assignments = settled(&file) { $0.buildAssignments($1, repIndex: repIndex, sessionIndex: sessionIndex) }
            tables[.assignments] = file
        }
        var programs: Programs?
        if var file = parsed[.programs] {
            programs = settled(&file) { $0.buildPrograms($1, repIndex: repIndex) }
            tables[.programs] = file
        }
        collectWarnings(managers: managers, reps: reps, performance: performance)
        return Dataset(
            source: source, managers: managers, reps: reps, performance: performance,
            coachingSessions: sessions, assignments: assignments, programs: programs)
    }

    /// Builds a table; when rows are rejected rather than reported, leaves out the rows
    /// with problems and builds again until none are left (each round drops a row or more).
    private mutating func settled<T>(_ file: inout ParsedTable, _ build: (inout DatasetBuilder, ParsedTable) -> T) -> T {
        while true {
            let built = build(&self, file)
            let held = log.takeHeldRows()
            if held.isEmpty { return built }
            file = file.dropping(held)
        }
    }

    // MARK: Tables

    private mutating func buildManagers(_ file: ParsedTable) -> Managers {
        let ids = uniqueIDs(file, "manager_id")
        var tiers = [CoachingTier](repeating: .meets, count: file.rowCount)
        if let labels = file.text("coaching_quality") {
            let tierOfCode = labels.categories.map(CoachingTier.init(label:))
            for row in 0..<file.rowCount {
                let code = labels.codes[row]
                if code == CategoricalColumn.missing {
                    log.add(file, row: row, column: "coaching_quality", value: nil, .missingValue, "is empty; a tier is required")
                } else if let tier = tierOfCode[Int(code)] {
                    tiers[row] = tier
                } else {
                    log.add(file, row: row, column: "coaching_quality", value: labels.categories[Int(code)], .unknownCategory,
                            "is not a coaching tier (expected exceeds, meets or needs_improvement, in any case); a rating or labels of the export's own are read with `tiers:` or `labels:` in a mapping (docs/MAPPING.md)")
                }
            }
        }
        let scores = file.numbers("coaching_score")
        if let scores { checkRange(file, "coaching_score", scores, 0...100) }
        return Managers(ids: ids, tiers: tiers, coachingScores: scores)
    }

    private mutating func buildReps(_ file: ParsedTable, managerIndex: [Int32]) -> Reps {
        Reps(
            ids: uniqueIDs(file, "rep_id"),
            managers: references(file, "manager_id", to: managerIndex, in: fileName(.managers), required: true),
            hireDates: file.dates("hire_date"),
            regions: file.text("region"),
            segments: file.text("segment"))
    }

    private mutating func buildPerformance(_ file: ParsedTable, repIndex: [Int32], repCount: Int) -> Performance {
        let reps = references(file, "rep_id", to: repIndex, in: fileName(.reps), required: true)
        let periods = file.months("period") ?? []
        let (missingPeriods, span) = ColumnScan.monthSpan(periods, threads: threads)
        performancePeriods = span
        if missingPeriods > 0 {
            for row in 0..<periods.count where periods[row] == MonthIndex.missing {
                log.add(file, row: row, column: "period", value: nil, .missingValue, "is empty; a period (YYYY-MM) is required")
            }
        }
        let quotas = file.numbers("quota") ?? []
        quotaCounts = ColumnScan.counts(quotas, threads: threads)
        if quotaCounts.negative > 0 {
            for row in 0..<quotas.count where quotas[row] < 0 {
                log.add(file, row: row, column: "quota", value: Self.display(quotas[row]), .outOfRange, "is negative; a quota must be >= 0")
            }
        }
        let bookings = checkedBookings(file, quotas: quotas)
        for name in ["calls", "meetings", "opportunities_created", "pipeline_value"] {
            if let values = file.numbers(name) { checkRange(file, name, values, 0...Double.infinity) }
        }
        var monthOrder: [Int32]?
        if reps.count == file.rowCount && periods.count == file.rowCount {
            let complete = missingPeriods == 0 && ColumnScan.allWithin(reps, 0..<Int32(clamping: repCount), threads: threads)
            if complete {
                // One pass tells whether file order is month order per rep and, if it is,
                // finds the repeated (rep, period) pairs; otherwise the rows are sorted.
                if let repeats = RepMonthOrder.repeatsIfAscending(reps: reps, periods: periods, repCount: repCount, threads: threads) {
                    reportRepeats(file, repeats: repeats, periods: periods)
                } else {
                    monthOrder = RepMonthOrder.permutation(reps: reps, periods: periods, repCount: repCount)
                    checkUniqueRepPeriods(file, reps: reps, periods: periods, order: monthOrder)
                }
            } else {
                // Rows without a rep or period are already problems; check the others.
                let rows = reps.indices.filter { reps[$0] >= 0 && periods[$0] != MonthIndex.missing }
                let subsetReps = rows.map { reps[$0] }
                let subsetPeriods = rows.map { periods[$0] }
                let order = RepMonthOrder.isAscending(reps: subsetReps, periods: subsetPeriods, repCount: repCount)
                    ? nil : RepMonthOrder.permutation(reps: subsetReps, periods: subsetPeriods, repCount: repCount)
                checkUniqueRepPeriods(file, reps: subsetReps, periods: subsetPeriods, order: order, rows: rows)
            }
        }
        return Performance(
            reps: Column(reps), periods: Column(periods), quotas: Column(quotas), bookings: Column(bookings),
            calls: file.numbers("calls").map(Column.init), meetings: file.numbers("meetings").map(Column.init),
            opportunitiesCreated: file.numbers("opportunities_created").map(Column.init),
            pipelineValues: file.numbers("pipeline_value").map(Column.init), monthOrder: monthOrder.map(Column.init))
    }

    private mutating func buildSessions(
        _ file: ParsedTable, repIndex: [Int32], managerIndex: [Int32]
    ) -> CoachingSessions {
        let ids = uniqueIDs(file, "session_id")
        let reps = references(file, "rep_id", to: repIndex, in: fileName(.reps), required: true)
        let managers = references(file, "manager_id", to: managerIndex, in: fileName(.managers), required: true)
        let dates = requiredDates(file, "date")
        let durations = file.numbers("duration_min") ?? []
        for row in 0..<durations.count where durations[row].isNaN {
            log.add(file, row: row, column: "duration_min", value: nil, .missingValue, "is empty; a duration is required")
        }
        checkRange(file, "duration_min", durations, 0...Double.infinity)
        var kinds = [CoachingSessions.Kind](repeating: .coaching, count: file.rowCount)
        if let column = file.text("kind") {
            let kindOfCode = column.categories.map { CoachingSessions.Kind(rawValue: $0.lowercased()) }
            for row in 0..<file.rowCount {
                let code = column.codes[row]
                if code != CategoricalColumn.missing, let kind = kindOfCode[Int(code)] {
                    kinds[row] = kind
                } else {
                    log.add(file, row: row, column: "kind", value: column[row], .unknownCategory,
                            "is not a session kind (expected coaching, problem_solving, ride_along or review)")
                }
            }
        }
        // Each distinct `;`-list is split once; a session takes its list's area codes.
        let focusAreas = file.text("focus_areas").map { column in
            let lists = FocusAreas(column.categories.map { text in
                text.split(separator: ";").map { String($0).trimmingSpaces() }.filter { !$0.isEmpty }
            })
            var starts: [Int32] = [0]
            var codes: [Int32] = []
            starts.reserveCapacity(column.codes.count + 1)
            for list in column.codes {
                if list != CategoricalColumn.missing { codes += lists.codes(of: Int(list)) }
                starts.append(Int32(codes.count))
            }
            return FocusAreas(names: lists.names, starts: starts, codes: codes)
        }
        let delays = file.numbers("feedback_delay_hours")
        if let delays { checkRange(file, "feedback_delay_hours", delays, 0...Double.infinity) }
        return CoachingSessions(
            ids: ids, reps: reps, managers: managers, dates: dates, durationsMinutes: durations,
            kinds: kinds, encodedFocusAreas: focusAreas, feedbackDelayHours: delays)
    }

    private mutating func buildAssignments(
        _ file: ParsedTable, repIndex: [Int32], sessionIndex: [Int32]
    ) -> Assignments {
        let ids = uniqueIDs(file, "assignment_id")
        let sessions = file.text("session_id") == nil
            ? [Int32](repeating: -1, count: file.rowCount)
            : references(file, "session_id", to: sessionIndex, in: fileName(.coachingSessions), required: false)
        let reps = references(file, "rep_id", to: repIndex, in: fileName(.reps), required: true)
        let assignedOn = requiredDates(file, "assigned_on")
        let dueOn = requiredDates(file, "due_on")
        for row in 0..<dueOn.count
        where dueOn[row] != CivilDate.missing && assignedOn[row] != CivilDate.missing && dueOn[row] < assignedOn[row] {
            log.add(file, row: row, column: "due_on", value: CivilDate.format(dueOn[row]), .inconsistentDates,
                    "is before assigned_on (\(CivilDate.format(assignedOn[row])))")
        }
        let completedOn = file.dates("completed_on") ?? [Int32](repeating: CivilDate.missing, count: file.rowCount)
        var targetMetrics: [String?]?
        if let metrics = file.text("target_metric") {
            let known = Set(Performance.metricNames)
            for (code, name) in metrics.categories.enumerated() where !known.contains(name) {
                if let row = metrics.codes.firstIndex(of: Int32(code)) {
                    log.add(file, row: row, column: "target_metric", value: name, .unknownCategory,
                            "is not a performance.csv column (expected one of \(Performance.metricNames.joined(separator: ", ")))")
                }
            }
            targetMetrics = (0..<file.rowCount).map { metrics[$0] }
        }
        return Assignments(
            ids: ids, sessions: sessions, reps: reps, assignedOn: assignedOn, dueOn: dueOn,
            completedOn: completedOn, focusAreas: file.text("focus_area"),
            targetMetrics: targetMetrics, targetValues: file.numbers("target_value"))
    }

    private mutating func buildPrograms(_ file: ParsedTable, repIndex: [Int32]) -> Programs {
        let reps = references(file, "rep_id", to: repIndex, in: fileName(.reps), required: true)
        let names = file.text("program") ?? CategoricalColumn(codes: [], categories: [])
        for row in 0..<names.count where names.codes[row] == CategoricalColumn.missing {
            log.add(file, row: row, column: "program", value: nil, .missingValue, "is empty; a program name is required")
        }
        let startPeriods = file.months("start_period") ?? []
        for row in 0..<startPeriods.count where startPeriods[row] == MonthIndex.missing {
            log.add(file, row: row, column: "start_period", value: nil, .missingValue, "is empty; a start period (YYYY-MM) is required")
        }
        // (rep_id, program) is the table's key: each later row of a pair names the first's line.
        if reps.count == file.rowCount && names.count == file.rowCount {
            var firstRow: [Int64: Int] = [:]
            for row in 0..<file.rowCount where reps[row] >= 0 && names.codes[row] != CategoricalColumn.missing {
                let key = Int64(reps[row]) << 32 | Int64(names.codes[row])
                if let first = firstRow[key] {
                    log.add(file, row: row, column: "program", value: names[row], .duplicateID,
                            "repeats line \(file.line(ofRow: first)) for rep \(file.text("rep_id")?[row] ?? "?"); (rep_id, program) must be unique")
                } else {
                    firstRow[key] = row
                }
            }
        }
        return Programs(reps: reps, names: names, startPeriods: startPeriods)
    }

    // MARK: Checks

    /// The ids of a text column that must be present and unique, one per row.
    private mutating func uniqueIDs(_ file: ParsedTable, _ column: String) -> [String] {
        guard let ids = file.text(column) else { return [] }
        var firstRow = [Int](repeating: -1, count: ids.categories.count)
        var result = [String]()
        result.reserveCapacity(ids.count)
        for row in 0..<ids.count {
            let code = Int(ids.codes[row])
            guard code >= 0 else {
                log.add(file, row: row, column: column, value: nil, .missingValue, "is empty; every row needs an id")
                result.append("")
                continue
            }
            if firstRow[code] >= 0 {
                log.add(file, row: row, column: column, value: ids.categories[code], .duplicateID,
                        "is a duplicate id (first on line \(file.line(ofRow: firstRow[code])))")
            } else {
                firstRow[code] = row
            }
            result.append(ids.categories[code])
        }
        return result
    }

    /// Resolves a text column of ids to row indices of another table; -1 where empty.
    /// The column was read with the target's dictionary, so a code is the target's code
    /// and `index` maps it to the target row; codes past it are ids the target lacks.
    private mutating func references(
        _ file: ParsedTable, _ column: String, to index: [Int32], in target: String, required: Bool
    ) -> [Int32] {
        guard let ids = file.text(column) else { return [] }
        // The usual case: every id found, and codes already rows (the referenced file had
        // no duplicate ids, so its codes are its rows): the codes are the references.
        if ColumnScan.isIdentity(index) && ColumnScan.allWithin(ids.codes, 0..<Int32(clamping: index.count), threads: threads) {
            return ids.codes
        }
        var rows = [Int32](repeating: -1, count: ids.count)
        for row in 0..<ids.count {
            let code = Int(ids.codes[row])
            if code < 0 {
                if required { log.add(file, row: row, column: column, value: nil, .missingValue, "is empty; it must name a row of \(target)") }
                continue
            }
            let resolved = code < index.count ? index[code] : -1
            if resolved < 0 {
                log.add(file, row: row, column: column, value: ids.categories[code], .unknownReference, "is not in \(target)")
            }
            rows[row] = resolved
        }
        return rows
    }

    private mutating func requiredDates(_ file: ParsedTable, _ column: String) -> [Int32] {
        let dates = file.dates(column) ?? []
        for row in 0..<dates.count where dates[row] == CivilDate.missing {
            log.add(file, row: row, column: column, value: nil, .missingValue, "is empty; a date (YYYY-MM-DD) is required")
        }
        return dates
    }

    private mutating func checkRange(_ file: ParsedTable, _ column: String, _ values: [Double], _ range: ClosedRange<Double>) {
        for row in 0..<values.count where !values[row].isNaN && !range.contains(values[row]) {
            let bound = range.upperBound.isInfinite ? ">= \(Self.display(range.lowerBound))"
                : "between \(Self.display(range.lowerBound)) and \(Self.display(range.upperBound))"
            log.add(file, row: row, column: column, value: Self.display(values[row]), .outOfRange, "is out of range; it must be \(bound)")
        }
    }

    /// Reports rows that repeat a (rep, period) pair: neighbours in month order.
    /// `rows`, when given, are the rows of `file` that `reps` and `periods` hold.
    private mutating func checkUniqueRepPeriods(
        _ file: ParsedTable, reps: [Int32], periods: [Int32], order: [Int32]?, rows: [Int]? = nil
    ) {
        var repeats: [(first: Int, second: Int)] = []
        if let order {
            for index in order.indices.dropFirst() {
                let (a, b) = (Int(order[index - 1]), Int(order[index]))
                if reps[a] == reps[b] && periods[a] == periods[b] { repeats.append((min(a, b), max(a, b))) }
            }
        } else {
            // File order is month order per rep, but reps interleave: keep each rep's last row.
            var lastRow = [Int32](repeating: -1, count: (reps.max().map { Int($0) } ?? -1) + 1)
            for row in reps.indices {
                let rep = Int(reps[row])
                let previous = Int(lastRow[rep])
                if previous >= 0 && periods[previous] == periods[row] { repeats.append((previous, row)) }
                lastRow[rep] = Int32(row)
            }
        }
        reportRepeats(file, repeats: repeats, periods: periods, rows: rows)
    }

    /// Reports each later row of a repeated (rep, period) pair, naming the earlier one's line.
    private mutating func reportRepeats(
        _ file: ParsedTable, repeats: [(first: Int, second: Int)], periods: [Int32], rows: [Int]? = nil
    ) {
        for (subsetFirst, subsetSecond) in repeats.sorted(by: { $0.second < $1.second }) {
            let (first, second) = rows.map { ($0[subsetFirst], $0[subsetSecond]) } ?? (subsetFirst, subsetSecond)
            log.add(file, row: second, column: "period", value: MonthIndex.format(periods[subsetSecond]), .duplicateRepPeriod,
                    "repeats the rep-period of line \(file.line(ofRow: first)) for rep \(file.text("rep_id")?[second] ?? "?"); (rep_id, period) must be unique")
        }
    }

    private mutating func collectWarnings(managers: Managers, reps: Reps, performance: Performance) {
        warnings += Self.warnings(managers: managers, reps: reps, performance: performance, threads: threads)
    }

    /// Managers without reps and reps without rows: worth knowing, not a reason to stop.
    static func warnings(managers: Managers, reps: Reps, performance: Performance, threads: Int) -> [String] {
        var warnings: [String] = []
        var repsPerManager = [Int](repeating: 0, count: managers.count)
        for manager in reps.managers where manager >= 0 { repsPerManager[Int(manager)] += 1 }
        let idle = repsPerManager.filter { $0 == 0 }.count
        if idle > 0 { warnings.append("\(idle) manager(s) have no reps in reps.csv") }
        let silent = reps.count - ColumnScan.distinctCodes(performance.reps, count: reps.count, threads: threads)
        if silent > 0 { warnings.append("\(silent) rep(s) have no rows in performance.csv") }
        return warnings
    }

    // MARK: Helpers

    /// For each code of an id column's dictionary, the first row holding it.
    static func rowOfCode(_ file: ParsedTable, _ column: String) -> [Int32] {
        guard let ids = file.text(column) else { return [] }
        var rows = [Int32](repeating: -1, count: ids.categories.count)
        for (row, code) in ids.codes.enumerated() where code >= 0 && rows[Int(code)] < 0 {
            rows[Int(code)] = Int32(row)
        }
        return rows
    }

    static func display(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }
}
