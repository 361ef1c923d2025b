import CoachLabPluginAPI

/// The partial state of program-impact over some reps (each with all its rows): per rep of
/// the part, its row of the rep × month panel as ``ProgramPanel`` reads it (its attainment in
/// each month from its first row to its last, or that some month lacks one) and when it was
/// reached (its first month in each programme of programs.csv, or the month of its first
/// coaching session); each programme's enrolments in the part; and what the result needs of
/// the dimension tables. The estimator needs every rep's panel at once, so the state does
/// not reduce the rows: merging gathers the reps' rows, and its size grows with reps × months.
public struct PanelState: PartialState, Equatable {
    var repIDs: [String]
    /// Each rep's manager, a row of ``managerIDs``: the estimate's clusters.
    var repManagers: [Int32]
    var managerIDs: [String]
    var managerTiers: [CoachingTier]
    /// The columns of reps.csv the chosen covariates read.
    var traits: RepCovariates.TraitColumns
    /// The programmes the part's reps are enrolled in, sorted by name, each with its
    /// enrolments (rows of programs.csv): the default programme is the one with the most.
    var programs: [ProgramCount] = []
    /// The panel rows of the part's reps that have a row in a table the plugin reads, in
    /// order of rep.
    var rows: [RepPanelRow] = []

    struct ProgramCount: Equatable {
        var name: String
        var enrolments: Int
    }

    /// One rep's row of the panel and its starts.
    struct RepPanelRow: Equatable {
        var rep: Int32
        /// The first and last month of its rows of performance.csv; nil without one.
        var months: ClosedRange<Int32>?
        /// Its attainment in each month of ``months`` when every one has one (a row with a
        /// quota above zero); nil when some month lacks it, and so does the data's span. A
        /// slice of one buffer per part: the reps' rows are never copied one by one.
        var attainments: ArraySlice<Double>?
        /// Its first month in each programme it is enrolled in (treatment=program), in order of
        /// programme (an index into ``PanelState/programs``).
        var enrolments: [Enrolment] = []
        /// The month of its first coaching session (treatment=first-session).
        var firstSession: Int32?

        static func == (a: RepPanelRow, b: RepPanelRow) -> Bool {
            a.rep == b.rep && a.months == b.months && a.enrolments == b.enrolments && a.firstSession == b.firstSession
                && a.attainments?.map(\.bitPattern) == b.attainments?.map(\.bitPattern)
        }
    }

    struct Enrolment: Equatable {
        var program: Int
        var start: Int32
    }

    init(repIDs: [String], repManagers: [Int32], managerIDs: [String], managerTiers: [CoachingTier],
         traits: RepCovariates.TraitColumns) {
        self.repIDs = repIDs
        self.repManagers = repManagers
        self.managerIDs = managerIDs
        self.managerTiers = managerTiers
        self.traits = traits
    }

    /// The first and last month of the rows of performance.csv the state covers.
    var span: ClosedRange<Int32>? {
        var span: ClosedRange<Int32>?
        for row in rows {
            guard let months = row.months else { continue }
            span = span.map { min($0.lowerBound, months.lowerBound)...max($0.upperBound, months.upperBound) } ?? months
        }
        return span
    }

    public mutating func merge(_ other: PanelState) {
        precondition(other.repIDs.count == repIDs.count, "states of different dimension tables")
        // The programmes of both, by name; each side's enrolments renumbered into them.
        let names = Set(programs.map(\.name) + other.programs.map(\.name)).sorted()
        let index = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, $0) })
        var counts = names.map { ProgramCount(name: $0, enrolments: 0) }
        for program in programs + other.programs { counts[index[program.name]!].enrolments += program.enrolments }
        let ours = programs.map { index[$0.name]! }, theirs = other.programs.map { index[$0.name]! }
        func renumbered(_ row: RepPanelRow, _ map: [Int]) -> RepPanelRow {
            var row = row
            for e in row.enrolments.indices { row.enrolments[e].program = map[row.enrolments[e].program] }
            return row
        }
        let renumber = programs.map(\.name) != names, renumberOther = other.programs.map(\.name) != names
        var merged: [RepPanelRow] = []
        merged.reserveCapacity(rows.count + other.rows.count)
        var i = 0, j = 0
        while i < rows.count || j < other.rows.count {
            if j == other.rows.count || (i < rows.count && rows[i].rep < other.rows[j].rep) {
                merged.append(renumber ? renumbered(rows[i], ours) : rows[i])
                i += 1
            } else {
                merged.append(renumberOther ? renumbered(other.rows[j], theirs) : other.rows[j])
                j += 1
            }
        }
        rows = merged
        programs = counts
    }

    public func mergeProblem(with other: PanelState) -> String? {
        guard other.repIDs == repIDs, other.repManagers == repManagers, other.managerIDs == managerIDs,
              other.managerTiers == managerTiers, other.traits == traits else {
            return "the states were computed against different reps or managers"
        }
        var i = 0, j = 0
        while i < rows.count && j < other.rows.count {
            if rows[i].rep == other.rows[j].rep {
                let rep = Int(rows[i].rep)
                return "rep \(repIDs[rep]) (row \(rep + 1) of reps.csv) is in both states: a rep's panel row must come from one part"
            }
            if rows[i].rep < other.rows[j].rep { i += 1 } else { j += 1 }
        }
        let limit = Partial.Bounds.maximumRows
        for program in other.programs {
            if let ours = programs.first(where: { $0.name == program.name }), ours.enrolments > limit - program.enrolments {
                return "programme \(program.name)'s enrolments would overflow"
            }
        }
        return nil
    }
}
