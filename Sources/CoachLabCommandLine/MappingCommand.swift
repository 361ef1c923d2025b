import ArgumentParser
import CoachLabData
import CoachLabIngestion

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CoachLabSystem

struct MappingCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mapping",
        abstract: "Map a CRM export's files, headers and value formats onto the canonical dataset.",
        discussion: "Draft a mapping with `coachlab mapping init EXPORT_DIR -o mapping.yaml`, check it with `coachlab validate EXPORT_DIR --mapping mapping.yaml`, then pass --mapping to run. Format: docs/MAPPING.md.",
        subcommands: [MappingInitCommand.self])
}

struct MappingInitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Draft a mapping file from the headers and first rows of an export folder's CSV files.",
        discussion: "Obvious matches are filled in; what cannot be told from the files is left as a commented TODO.")

    @Argument(help: "The export folder (its .csv files are read: headers and the first rows).")
    var exportFolder: String

    @Option(name: .shortAndLong, help: "Write the draft here instead of standard output (an existing file is kept unless --force).")
    var output: String?

    @Flag(help: "Overwrite --output if it exists.")
    var force = false

    func run() throws {
        if let output, !force, access(output, F_OK) == 0 {
            throw CLIError("\(shown(output)) already exists; pass --force to overwrite it")
        }
        let exportFiles = (DirectoryEntries.names(in: exportFolder) ?? []).map { exportFolder + "/" + $0 }
        try OutputCollisions.refuse([("--output", output)], inputs: exportFiles)
        let draft: MappingDraft
        do {
            draft = try MappingDraft(folder: exportFolder)
        } catch {
            throw CLIError(error.description)
        }
        try OutputTarget(path: output).write(draft.render())
    }
}
