import CoachLabData

extension TidyTable {
    /// Why a table cannot be exported from a dataset.
    public struct Unavailable: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    /// The table `name` of `dataset`, its texts encoded for `format`.
    /// - Throws: ``Unavailable`` for sessions or assignments when the dataset has no such file.
    public static func make(_ name: ExportTableName, of dataset: Dataset, format: ExportFormat) throws(Unavailable) -> TidyTable {
        let table: TidyTable? = switch name {
        case .repMonths: repMonths(dataset, format: format)
        case .reps: reps(dataset, format: format)
        case .managers: managers(dataset, format: format)
        case .sessions: sessions(dataset, format: format)
        case .assignments: assignments(dataset, format: format)
        case .events: events(dataset, format: format)
        }
        guard let table else {
            let file = switch name {
            case .sessions: DatasetTable.coachingSessions.fileName
            case .assignments: DatasetTable.assignments.fileName
            default: "\(DatasetTable.coachingSessions.fileName), \(DatasetTable.assignments.fileName) or \(DatasetTable.programs.fileName)"
            }
            throw Unavailable(description: "\(dataset.source) has no \(file), so there is no \(name.rawValue) table to export")
        }
        return table
    }
}
