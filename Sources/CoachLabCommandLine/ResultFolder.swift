import CoachLabData
import CoachLabRendering
import CoachLabSystem

/// `--format csv --output DIR`: the results as a folder of tidy CSV files
/// (``CSVTableFiles``) rather than one file of stacked blocks. The output names a folder
/// when it is one already or ends in `/` (then made, with any missing parents); any other
/// path is the single file it always was.
enum ResultFolder {
    /// Whether `path` names a folder for the tables.
    static func names(_ path: String?) -> Bool {
        guard let path else { return false }
        return path.hasSuffix("/") || InputFile.isFolder(path)
    }

    /// Writes every file of `report` into `folder`, each whole (complete or absent). Files
    /// of an earlier run that this one does not write are left as they are.
    static func write(_ report: RunReport, to folder: String) throws {
        if let code = Directories.make(folder) {
            throw CLIError("\(DisplayText.escaped(folder, limit: 300)): cannot be made a folder (\(WholeFileWrites.Failure(code: code).reason))")
        }
        let base = folder.hasSuffix("/") ? folder : folder + "/"
        for file in CSVTableFiles().files(report) {
            let path = base + file.name
            do {
                try WholeFileWrites.write(to: path, file.write)
            } catch {
                throw CLIError("\(DisplayText.escaped(path, limit: 300)): cannot be written (\(error.reason))")
            }
        }
    }
}
