import CoachLabSystem
import CoachLabData

/// Where the `encoding:` line that reads a table's file goes, for the message about a file
/// that is not UTF-8: under the table in the mapping file, or in a mapping yet to be drafted.
public struct EncodingAdvice: Sendable, Hashable {
    var table: String
    /// The mapping file, as messages name it; nil without one.
    var mappingFile: String?
    /// The line of the mapping that names the table; nil when the mapping does not.
    var tableLine: Int?

    public init(table: DatasetTable, mapping: DatasetMapping?) {
        self.table = table.rawValue
        mappingFile = mapping?.file
        tableLine = mapping?.tables[table]?.line
    }

    /// The sentence telling how to read the file as `encoding`.
    public func text(for encoding: TextEncoding) -> String {
        let line = "encoding: \(encoding.rawValue)"
        guard let mappingFile else {
            return "read the folder through a mapping with the line `\(line)` under tables.\(table) (coachlab mapping init drafts one), or save the file as UTF-8"
        }
        let file = DisplayText.escaped(mappingFile)
        guard let tableLine else {
            return "add the line `\(line)` at the top of \(file) (for every file), or under tables.\(table)"
        }
        return "add the line `\(line)` under tables.\(table) in \(file) (the table starts on line \(tableLine))"
    }
}
