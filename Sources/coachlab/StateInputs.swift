import CoachLabDistributed
import CoachLabPlugins

/// Reads state files named on the command line (`-` for standard input) and merges them.
enum StateInputs {
    static func merged(_ paths: [String]) throws -> StateFile {
        let registry = BuiltinPlugins.registry()
        var files: [(source: String, file: StateFile)] = []
        for path in paths {
            let bytes = try InputFile.read(path)
            let name = InputFile.displayName(path)
            do {
                for file in try StateFileCodec.decode(String(decoding: bytes, as: UTF8.self), source: name, registry: registry) {
                    files.append((name, file))
                }
            } catch {
                throw CLIError(error.description)
            }
        }
        do {
            return try StateMerger(registry: registry).merge(files)
        } catch {
            throw CLIError(error.description)
        }
    }
}
