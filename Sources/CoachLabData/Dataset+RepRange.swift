extension Dataset {
    /// The first rep-level table (performance, coaching sessions, assignments, programs)
    /// with a row of a rep outside `reps`, or nil when every row's rep is inside: what a
    /// computation told that the rows are those of `reps` checks before it leaves the
    /// others out.
    public func tableWithRows(outside reps: Range<Int>) -> DatasetTable? {
        func outside(_ codes: some Sequence<Int32>) -> Bool { codes.contains { !reps.contains(Int($0)) } }
        if outside(performance.reps) { return .performance }
        if let coachingSessions, outside(coachingSessions.reps) { return .coachingSessions }
        if let assignments, outside(assignments.reps) { return .assignments }
        if let programs, outside(programs.reps) { return .programs }
        return nil
    }
}
