/// The tables `coachlab export` writes, each one tidy table with one header.
public enum ExportTableName: String, Sendable, CaseIterable {
    /// One row per row of performance.csv, joined with its rep, manager, coaching and
    /// programme counts.
    case repMonths = "rep-months"
    case reps
    case managers
    case sessions
    case assignments
    /// Every coaching event (sessions, assignments due and completed, programme starts) in
    /// one long table.
    case events
}
