extension Dataset {
    /// The dataset that a copy of its files holding only the slice's reps and months would
    /// load to.
    ///
    /// - Reps: those whose values meet every condition (all reps without one).
    /// - Managers: with a condition, those left with a rep; without, all.
    /// - performance.csv: the kept reps' rows in the window.
    /// - coaching_sessions.csv: the kept reps' sessions by a kept manager dated in the window.
    /// - assignments.csv: the kept reps' assignments set (`assigned_on`) in the window; one
    ///   whose session is left out names none.
    /// - programs.csv: the kept reps' enrolments, their start months as they are.
    ///
    /// Rows keep their order, and text columns are encoded afresh in order of first
    /// appearance, as a load of the copy encodes them.
    /// - Throws: ``Dataset/Slice/Failure`` for an unknown or absent column, a value that matches no
    ///   rep, or a slice without a rep-month.
    /// - Complexity: O(rows of every table).
    public func sliced(_ slice: Dataset.Slice) throws(Dataset.Slice.Failure) -> Dataset {
        var keepRep = [Bool](repeating: true, count: reps.count)
        for condition in slice.conditions {
            let matches = try condition.matches(in: self)
            for rep in keepRep.indices where keepRep[rep] { keepRep[rep] = matches[rep] != condition.negated }
        }
        guard keepRep.contains(true) else {
            throw Dataset.Slice.Failure("no rep meets every condition of the slice (\(slice.description))")
        }
        var keepManager = [Bool](repeating: slice.conditions.isEmpty, count: managers.count)
        for rep in keepRep.indices where keepRep[rep] { keepManager[Int(reps.managers[rep])] = true }
        let newRep = SliceIndex(keepRep), newManager = SliceIndex(keepManager)

        let performanceRows = (0..<performance.count).filter { row in
            keepRep[Int(performance.reps[row])] && slice.contains(month: performance.periods[row])
        }
        guard !performanceRows.isEmpty else {
            let span = performance.periods.withUnsafeBufferPointer { MonthIndex.span(of: $0) }
            let months = span.first <= span.last ? " (its months run from \(MonthIndex.format(span.first)) to \(MonthIndex.format(span.last)))" : ""
            throw Dataset.Slice.Failure("the slice (\(slice.description)) holds no rep-month of performance.csv\(months)")
        }

        var sliced = self
        sliced.managers = managers.kept(newManager)
        sliced.reps = reps.kept(newRep, managers: newManager)
        sliced.performance = performance.kept(performanceRows, reps: newRep, repCount: newRep.count)
        var newSession: SliceIndex?
        if let sessions = coachingSessions {
            let keep = (0..<sessions.count).map { session in
                keepRep[Int(sessions.reps[session])] && keepManager[Int(sessions.managers[session])]
                    && (!slice.hasWindow || slice.contains(month: CivilDate.monthIndex(sessions.dates[session])))
            }
            newSession = SliceIndex(keep)
            sliced.coachingSessions = sessions.kept(newSession!, reps: newRep, managers: newManager)
        }
        if let assignments {
            let rows = (0..<assignments.count).filter { row in
                keepRep[Int(assignments.reps[row])]
                    && (!slice.hasWindow || (assignments.assignedOn[row] != CivilDate.missing
                        && slice.contains(month: CivilDate.monthIndex(assignments.assignedOn[row]))))
            }
            sliced.assignments = assignments.kept(rows, reps: newRep, sessions: newSession)
        }
        if let programs {
            let rows = (0..<programs.count).filter { keepRep[Int(programs.reps[$0])] }
            sliced.programs = Programs(
                reps: rows.map { newRep[programs.reps[$0]] }, names: programs.names.kept(rows),
                startPeriods: rows.map { programs.startPeriods[$0] })
        }
        return sliced
    }
}

/// The new row of each kept row of a table (-1 for one left out), rows kept in order.
struct SliceIndex {
    let newRow: [Int32]
    let count: Int
    let kept: [Int]

    init(_ keep: [Bool]) {
        var next: Int32 = 0
        var kept: [Int] = []
        newRow = keep.enumerated().map { row, keeps in
            guard keeps else { return -1 }
            kept.append(row)
            defer { next += 1 }
            return next
        }
        count = Int(next)
        self.kept = kept
    }

    /// The new row of old row `row`, -1 when it is left out (or `row` is -1).
    subscript(row: Int32) -> Int32 { row < 0 ? -1 : newRow[Int(row)] }
}

private extension Managers {
    func kept(_ index: SliceIndex) -> Managers {
        Managers(ids: index.kept.map { ids[$0] }, tiers: index.kept.map { tiers[$0] },
                 coachingScores: coachingScores.map { scores in index.kept.map { scores[$0] } })
    }
}

private extension Reps {
    func kept(_ index: SliceIndex, managers: SliceIndex) -> Reps {
        Reps(ids: index.kept.map { ids[$0] }, managers: index.kept.map { managers[self.managers[$0]] },
             hireDates: hireDates.map { dates in index.kept.map { dates[$0] } },
             regions: regions?.kept(index.kept), segments: segments?.kept(index.kept))
    }
}

private extension Performance {
    func kept(_ rows: [Int], reps newRep: SliceIndex, repCount: Int) -> Performance {
        func column(_ values: Column<Double>?) -> Column<Double>? {
            values.map { values in Column(rows.map { values[$0] }) }
        }
        let repOfRow = rows.map { newRep[reps[$0]] }
        let periodOfRow = rows.map { periods[$0] }
        // As the loader orders them: file order when it is month order for every rep.
        let order = RepMonthOrder.isAscending(reps: repOfRow, periods: periodOfRow, repCount: repCount)
            ? nil : RepMonthOrder.permutation(reps: repOfRow, periods: periodOfRow, repCount: repCount)
        return Performance(
            reps: Column(repOfRow), periods: Column(periodOfRow), quotas: column(quotas)!, bookings: column(bookings)!,
            calls: column(calls), meetings: column(meetings), opportunitiesCreated: column(opportunitiesCreated),
            pipelineValues: column(pipelineValues), monthOrder: order.map(Column.init))
    }
}

private extension CoachingSessions {
    func kept(_ index: SliceIndex, reps newRep: SliceIndex, managers newManager: SliceIndex) -> CoachingSessions {
        let rows = index.kept
        return CoachingSessions(
            ids: rows.map { ids[$0] }, reps: rows.map { newRep[reps[$0]] }, managers: rows.map { newManager[managers[$0]] },
            dates: rows.map { dates[$0] }, durationsMinutes: rows.map { durationsMinutes[$0] }, kinds: rows.map { kinds[$0] },
            encodedFocusAreas: encodedFocusAreas?.kept(rows),
            feedbackDelayHours: feedbackDelayHours.map { delays in rows.map { delays[$0] } })
    }
}

private extension Assignments {
    func kept(_ rows: [Int], reps newRep: SliceIndex, sessions newSession: SliceIndex?) -> Assignments {
        Assignments(
            ids: rows.map { ids[$0] }, sessions: rows.map { newSession?[sessions[$0]] ?? -1 },
            reps: rows.map { newRep[reps[$0]] }, assignedOn: rows.map { assignedOn[$0] }, dueOn: rows.map { dueOn[$0] },
            completedOn: rows.map { completedOn[$0] }, focusAreas: focusAreas?.kept(rows),
            targetMetrics: targetMetrics.map { metrics in rows.map { metrics[$0] } },
            targetValues: targetValues.map { values in rows.map { values[$0] } })
    }
}

extension CategoricalColumn {
    /// The column of `rows` only, its categories those the rows use, in order of first use.
    func kept(_ rows: [Int]) -> CategoricalColumn {
        var newCode = [Int32](repeating: -1, count: categories.count)
        var kept: [String] = []
        let codes = rows.map { row -> Int32 in
            let code = self.codes[row]
            guard code != Self.missing else { return Self.missing }
            if newCode[Int(code)] < 0 {
                newCode[Int(code)] = Int32(kept.count)
                kept.append(categories[Int(code)])
            }
            return newCode[Int(code)]
        }
        return CategoricalColumn(codes: codes, categories: kept)
    }
}

extension FocusAreas {
    /// The areas of `sessions` only, names those they use, in order of first use.
    func kept(_ sessions: [Int]) -> FocusAreas {
        var newCode = [Int32](repeating: -1, count: names.count)
        var kept: [String] = []
        var starts: [Int32] = [0]
        var codes: [Int32] = []
        starts.reserveCapacity(sessions.count + 1)
        for session in sessions {
            for code in self.codes(of: session) {
                if newCode[Int(code)] < 0 {
                    newCode[Int(code)] = Int32(kept.count)
                    kept.append(names[Int(code)])
                }
                codes.append(newCode[Int(code)])
            }
            starts.append(Int32(codes.count))
        }
        return FocusAreas(names: kept, starts: starts, codes: codes)
    }
}
