import CoachLabPluginAPI

/// When each rep was first reached, as the evaluation reads it: a programme's start month
/// (programs.csv), or the month of the rep's first coaching session (coaching_sessions.csv)
/// — being coached at all as the treatment.
struct Treatment {
    enum Source: String, CaseIterable {
        case program
        case firstSession = "first-session"
    }

    let source: Source
    /// The programme evaluated, or `first-session`.
    let name: String
    /// Each rep's first treated month (a ``MonthIndex`` value), nil where never reached.
    let starts: [Int32?]
    let notes: [String]

    /// The tables `source` reads, and the option that cannot go with it, checked before a
    /// part is read.
    static func check(_ source: Source, program asked: String, dataset: Dataset, pluginID: String) throws(PluginError) {
        switch source {
        case .program:
            guard dataset.programs != nil else { throw PluginError(pluginID: pluginID, message: "needs programs.csv") }
        case .firstSession:
            guard dataset.coachingSessions != nil else {
                throw PluginError(pluginID: pluginID, message: "treatment=first-session needs coaching_sessions.csv")
            }
            guard asked.isEmpty else {
                throw PluginError(pluginID: pluginID, message: "option program names a programme of programs.csv; with treatment=first-session there is none")
            }
        }
    }

    /// The treatment of every rep of `state`, the merged state of all reps.
    static func make(_ source: Source, program asked: String, state: PanelState, pluginID: String) throws(PluginError) -> Treatment {
        var starts = [Int32?](repeating: nil, count: state.repIDs.count)
        switch source {
        case .program:
            let names = state.programs.map(\.name)
            guard !names.isEmpty else { throw PluginError(pluginID: pluginID, message: "programs.csv names no programme") }
            guard asked.isEmpty || names.contains(asked) else {
                throw PluginError(pluginID: pluginID, message: "programs.csv has no programme '\(asked)'; it has \(names.joined(separator: ", "))")
            }
            // Without a choice, the programme with the most enrolments (the first by name on a tie).
            let program = asked.isEmpty ? largest(state.programs) : asked
            let index = names.firstIndex(of: program)!
            for row in state.rows {
                if let enrolment = row.enrolments.first(where: { $0.program == index }) { starts[Int(row.rep)] = enrolment.start }
            }
            var notes: [String] = []
            if asked.isEmpty && names.count > 1 {
                notes.append("programs.csv names \(names.count) programmes (\(names.joined(separator: ", "))); this evaluates '\(program)', the one with the most reps: choose another with --option program=NAME.")
            }
            return Treatment(source: source, name: program, starts: starts, notes: notes)
        case .firstSession:
            guard asked.isEmpty else {
                throw PluginError(pluginID: pluginID, message: "option program names a programme of programs.csv; with treatment=first-session there is none")
            }
            for row in state.rows { starts[Int(row.rep)] = row.firstSession }
            return Treatment(source: source, name: source.rawValue, starts: starts, notes: [
                "The treatment is a rep's first coaching session (any kind, coaching_sessions.csv): the estimate compares reps in the months after they were first coached with reps not yet coached. Reps coached from the first month of the data have no month before to compare from.",
            ])
        }
    }

    /// How the findings name the treatment.
    struct Words {
        let reached, after, notYet, never, start, groups: String
    }

    var words: Words {
        switch source {
        case .program:
            Words(reached: "Reps reached by the programme", after: "after it starts", notYet: "reps not yet reached",
                  never: "reps never reached", start: "the programme started", groups: "reached and unreached reps")
        case .firstSession:
            Words(reached: "Reps once coached", after: "after their first coaching session", notYet: "reps not yet coached",
                  never: "reps never coached", start: "their first sessions", groups: "coached and not-yet-coached reps")
        }
    }

    /// The programme with the most enrolments, the first by name on a tie.
    static func largest(_ programs: [PanelState.ProgramCount]) -> String {
        programs.max { ($0.enrolments, $1.name) < ($1.enrolments, $0.name) }!.name
    }
}
