import CoachLabData

/// Each programme's start month per rep, from programs.csv.
enum ProgramStarts {
    /// Per programme, by name in increasing order: the month each rep's treatment starts
    /// (``MonthIndex/missing`` for a rep not in it), indexed by rep.
    /// - Complexity: O(enrolments + programmes × reps).
    static func byProgram(_ programs: Programs, reps: Int) -> [(name: String, starts: [Int32])] {
        let names = programs.names()
        let position = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, $0) })
        var starts = [[Int32]](repeating: [Int32](repeating: MonthIndex.missing, count: reps), count: names.count)
        for enrolment in 0..<programs.count {
            guard let name = programs.names[enrolment], let program = position[name] else { continue }
            starts[program][Int(programs.reps[enrolment])] = programs.startPeriods[enrolment]
        }
        return zip(names, starts).map { ($0, $1) }
    }
}
