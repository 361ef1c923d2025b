import CoachLabData
import CoachLabCache

/// The cached form of a loaded dataset: every column as written by ``CacheWriter``, then
/// the load's report. A dataset alone (a block of `run --blocks`) is its first part.
package enum DatasetCodec {
    static func encode(_ loaded: LoadedDataset, to out: inout CacheWriter) {
        encode(loaded.dataset, to: &out)
        encode(loaded.report, to: &out)
    }

    static func decode(_ input: inout CacheReader, source: String) throws(CacheReader.Corrupt) -> LoadedDataset {
        let dataset = try decodeDataset(&input, source: source)
        return LoadedDataset(dataset: dataset, report: try decodeReport(&input))
    }

    /// Writes every table's columns.
    package static func encode(_ dataset: Dataset, to out: inout CacheWriter) {
        out.strings(dataset.managers.ids)
        out.array(dataset.managers.tiers.map { UInt8($0.rawValue) })
        out.optionalArray(dataset.managers.coachingScores)

        out.strings(dataset.reps.ids)
        out.array(dataset.reps.managers)
        out.optionalArray(dataset.reps.hireDates)
        categorical(dataset.reps.regions, &out)
        categorical(dataset.reps.segments, &out)

        let performance = dataset.performance
        out.column(performance.reps)
        out.column(performance.periods)
        out.column(performance.quotas)
        out.column(performance.bookings)
        out.optionalColumn(performance.calls)
        out.optionalColumn(performance.meetings)
        out.optionalColumn(performance.opportunitiesCreated)
        out.optionalColumn(performance.pipelineValues)
        out.optionalColumn(performance.monthOrder)

        out.flag(dataset.coachingSessions != nil)
        if let sessions = dataset.coachingSessions {
            out.strings(sessions.ids)
            out.array(sessions.reps)
            out.array(sessions.managers)
            out.array(sessions.dates)
            out.array(sessions.durationsMinutes)
            out.array(sessions.kinds.map { UInt8(CoachingSessions.Kind.allCases.firstIndex(of: $0)!) })
            out.flag(sessions.encodedFocusAreas != nil)
            if let areas = sessions.encodedFocusAreas {
                out.strings(areas.names)
                out.array(areas.starts)
                out.array(areas.codes)
            }
            out.optionalArray(sessions.feedbackDelayHours)
        }

        out.flag(dataset.assignments != nil)
        if let assignments = dataset.assignments {
            out.strings(assignments.ids)
            out.array(assignments.sessions)
            out.array(assignments.reps)
            out.array(assignments.assignedOn)
            out.array(assignments.dueOn)
            out.array(assignments.completedOn)
            categorical(assignments.focusAreas, &out)
            out.flag(assignments.targetMetrics != nil)
            if let metrics = assignments.targetMetrics {
                out.array(metrics.map { $0.map { Int32(Performance.metricNames.firstIndex(of: $0) ?? -1) } ?? -1 })
            }
            out.optionalArray(assignments.targetValues)
        }

        out.flag(dataset.programs != nil)
        if let programs = dataset.programs {
            out.array(programs.reps)
            out.array(programs.names.codes)
            out.strings(programs.names.categories)
            out.array(programs.startPeriods)
        }

    }

    private static func encode(_ report: LoadReport, to out: inout CacheWriter) {
        out.integer(report.tables.count)
        for table in report.tables {
            out.string(table.table.rawValue)
            out.string(table.file)
            out.integer(table.rows)
            out.strings(table.columnsFound)
            out.strings(table.columnsUsed)
            out.strings(table.columnsUnknown)
            out.string(table.lines.path)
            out.integer(table.rejected.count)
            for row in table.rejected { rejected(row, &out) }
            out.integer(table.footer?.lines ?? -1)
            out.strings(table.footer?.texts ?? [])
        }
        out.integer(report.missingQuota)
        out.integer(report.zeroQuota)
        out.strings(report.warnings)
        out.flag(report.periods != nil)
        out.integer(Int(report.periods?.lowerBound ?? 0))
        out.integer(Int(report.periods?.upperBound ?? 0))
    }

    /// Reads what ``encode(_:to:)-(Dataset,_)`` wrote, refusing tables whose shapes or
    /// references do not agree.
    package static func decodeDataset(_ input: inout CacheReader, source: String) throws(CacheReader.Corrupt) -> Dataset {
        let managers = Managers(
            ids: try input.strings(),
            tiers: try input.array(UInt8.self).map { CoachingTier(rawValue: Int($0)) ?? .meets },
            coachingScores: try input.optionalArray(Double.self))
        let reps = Reps(
            ids: try input.strings(), managers: try input.array(Int32.self),
            hireDates: try input.optionalArray(Int32.self),
            regions: try categorical(&input), segments: try categorical(&input))
        let performance = Performance(
            reps: try input.column(), periods: try input.column(), quotas: try input.column(), bookings: try input.column(),
            calls: try input.optionalColumn(), meetings: try input.optionalColumn(),
            opportunitiesCreated: try input.optionalColumn(), pipelineValues: try input.optionalColumn(),
            monthOrder: try input.optionalColumn())
        var sessions: CoachingSessions?
        if try input.flag() {
            let ids = try input.strings()
            let sessionReps: [Int32] = try input.array()
            let sessionManagers: [Int32] = try input.array()
            let dates: [Int32] = try input.array()
            let durations: [Double] = try input.array()
            let kinds = try input.array(UInt8.self).map { CoachingSessions.Kind.allCases[min(Int($0), CoachingSessions.Kind.allCases.count - 1)] }
            var focusAreas: FocusAreas?
            if try input.flag() {
                let names = try input.strings()
                let starts: [Int32] = try input.array()
                let codes: [Int32] = try input.array()
                // Checked before it is trusted: starts ascend from 0 to the codes' end, one
                // per session and one more, and every code names an area.
                guard starts.count == ids.count + 1, starts.first == 0, Int(starts[starts.count - 1]) == codes.count,
                      zip(starts, starts.dropFirst()).allSatisfy({ $0 <= $1 }),
                      codes.allSatisfy({ $0 >= 0 && Int($0) < names.count }) else { throw CacheReader.Corrupt() }
                focusAreas = FocusAreas(names: names, starts: starts, codes: codes)
            }
            sessions = CoachingSessions(
                ids: ids, reps: sessionReps, managers: sessionManagers, dates: dates, durationsMinutes: durations,
                kinds: kinds, encodedFocusAreas: focusAreas, feedbackDelayHours: try input.optionalArray())
        }
        var assignments: Assignments?
        if try input.flag() {
            let ids = try input.strings()
            let sessionRows: [Int32] = try input.array()
            let assignmentReps: [Int32] = try input.array()
            let assignedOn: [Int32] = try input.array()
            let dueOn: [Int32] = try input.array()
            let completedOn: [Int32] = try input.array()
            let focusAreas = try categorical(&input)
            var metrics: [String?]?
            if try input.flag() {
                metrics = try input.array(Int32.self).map { $0 >= 0 && Int($0) < Performance.metricNames.count ? Performance.metricNames[Int($0)] : nil }
            }
            assignments = Assignments(
                ids: ids, sessions: sessionRows, reps: assignmentReps, assignedOn: assignedOn, dueOn: dueOn,
                completedOn: completedOn, focusAreas: focusAreas, targetMetrics: metrics,
                targetValues: try input.optionalArray())
        }
        var programs: Programs?
        if try input.flag() {
            let programReps: [Int32] = try input.array()
            let names = CategoricalColumn(codes: try input.array(), categories: try input.strings())
            programs = Programs(reps: programReps, names: names, startPeriods: try input.array())
        }
        let dataset = Dataset(
            source: source, managers: managers, reps: reps, performance: performance,
            coachingSessions: sessions, assignments: assignments, programs: programs)
        try checkShapes(dataset, threads: input.threads)
        return dataset
    }

    private static func decodeReport(_ input: inout CacheReader) throws(CacheReader.Corrupt) -> LoadReport {
        var tables: [LoadReport.TableReport] = []
        let tableCount = try input.integer()
        guard (0...DatasetTable.allCases.count).contains(tableCount) else { throw CacheReader.Corrupt() }
        for _ in 0..<tableCount {
            guard let table = DatasetTable(rawValue: try input.string()) else { throw CacheReader.Corrupt() }
            let file = try input.string()
            let rows = try input.integer()
            let found = try input.strings()
            let used = try input.strings()
            let unknown = try input.strings()
            let path = try input.string()
            var report = LoadReport.TableReport(
                table: table, file: file, rows: rows, columnsFound: found, columnsUsed: used,
                columnsUnknown: unknown, lines: LineLocator(path: path))
            let rejectedCount = try input.integer()
            guard rejectedCount >= 0 else { throw CacheReader.Corrupt() }
            for _ in 0..<rejectedCount { report.rejected.append(try rejected(&input)) }
            let footerLines = try input.integer()
            let footerTexts = try input.strings()
            if footerLines >= 0 { report.footer = ReportFooter(lines: footerLines, texts: footerTexts) }
            tables.append(report)
        }
        var report = LoadReport(
            tables: tables, missingQuota: try input.integer(), zeroQuota: try input.integer(), warnings: try input.strings())
        let hasPeriods = try input.flag()
        let (first, last) = (try input.integer(), try input.integer())
        if hasPeriods {
            guard let first = Int32(exactly: first), let last = Int32(exactly: last), first <= last else { throw CacheReader.Corrupt() }
            report.periods = first...last
        }
        return report
    }

    /// A row left out (`--on-error skip`) and why, as the rejects file and the run's notes
    /// need it.
    private static func rejected(_ row: RejectedRow, _ out: inout CacheWriter) {
        let problem = row.problem
        out.integer(row.fileRow)
        out.string(problem.file)
        out.integer(problem.line ?? -1)
        for text in [problem.column, problem.value] {
            out.flag(text != nil)
            out.string(text ?? "")
        }
        out.string(problem.message)
        out.string(problem.reason?.rawValue ?? "")
    }

    private static func rejected(_ input: inout CacheReader) throws(CacheReader.Corrupt) -> RejectedRow {
        let fileRow = try input.integer()
        let file = try input.string()
        let line = try input.integer()
        var texts: [String?] = []
        for _ in 0..<2 {
            let present = try input.flag()
            let text = try input.string()
            texts.append(present ? text : nil)
        }
        let message = try input.string()
        let reasonName = try input.string()
        guard fileRow >= 0, line >= -1 else { throw CacheReader.Corrupt() }
        var reason: RejectReason?
        if !reasonName.isEmpty {
            guard let known = RejectReason(rawValue: reasonName) else { throw CacheReader.Corrupt() }
            reason = known
        }
        return RejectedRow(fileRow: fileRow, problem: InputProblem(
            file: file, line: line < 0 ? nil : line, column: texts[0], message: message, value: texts[1], reason: reason))
    }

    private static func categorical(_ column: CategoricalColumn?, _ out: inout CacheWriter) {
        out.flag(column != nil)
        if let column {
            out.array(column.codes)
            out.strings(column.categories)
        }
    }

    private static func categorical(_ input: inout CacheReader) throws(CacheReader.Corrupt) -> CategoricalColumn? {
        guard try input.flag() else { return nil }
        return CategoricalColumn(codes: try input.array(), categories: try input.strings())
    }

    /// Every index in range and every column of a table the same length: a cache that
    /// passed its checksum but disagrees with itself is still refused.
    private static func checkShapes(_ dataset: Dataset, threads: Int) throws(CacheReader.Corrupt) {
        let managers = dataset.managers.count
        let reps = dataset.reps.count
        let performance = dataset.performance
        let rows = performance.count
        guard dataset.managers.tiers.count == managers,
              dataset.reps.managers.count == reps, dataset.reps.managers.allSatisfy({ $0 >= 0 && Int($0) < managers }),
              performance.periods.count == rows, performance.quotas.count == rows, performance.bookings.count == rows,
              ColumnScan.allWithin(performance.reps, 0..<Int32(clamping: reps), threads: threads),
              [performance.calls, performance.meetings, performance.opportunitiesCreated, performance.pipelineValues]
                .allSatisfy({ $0 == nil || $0!.count == rows }),
              performance.monthOrder.map({ $0.count == rows && ColumnScan.allWithin($0, 0..<Int32(clamping: rows), threads: threads) }) ?? true
        else { throw CacheReader.Corrupt() }
        if let sessions = dataset.coachingSessions {
            guard sessions.reps.count == sessions.count, sessions.managers.count == sessions.count,
                  sessions.reps.allSatisfy({ $0 >= 0 && Int($0) < reps }),
                  sessions.managers.allSatisfy({ $0 >= 0 && Int($0) < managers })
            else { throw CacheReader.Corrupt() }
        }
        if let assignments = dataset.assignments {
            guard assignments.reps.count == assignments.count, assignments.reps.allSatisfy({ $0 >= 0 && Int($0) < reps })
            else { throw CacheReader.Corrupt() }
        }
        if let programs = dataset.programs {
            let names = programs.names
            guard names.count == programs.count, programs.startPeriods.count == programs.count,
                  programs.reps.allSatisfy({ $0 >= 0 && Int($0) < reps }),
                  names.codes.allSatisfy({ $0 >= 0 && Int($0) < names.categories.count })
            else { throw CacheReader.Corrupt() }
        }
    }
}
