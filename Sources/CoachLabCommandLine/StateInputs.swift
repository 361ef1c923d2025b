import CoachLabDistributed
import CoachLabIngestion
import CoachLabPluginAPI
import CoachLabSystem
import CoachLabRunner

/// Reads state files named on the command line (`-` for standard input) and merges them.
enum StateInputs {
    static func merged(_ paths: [String]) throws -> StateFile {
        let registry = ActivePlugins.registry
        // Files are read and decoded at once, a file per thread (decoding is most of a
        // merge); a failure is reported for the first failing file in command-line order.
        let decoded = SharedBuffer<Result<[StateFile], CLIError>?>(repeating: nil, count: paths.count)
        Parallel.forEachPart(of: paths.count, parts: AvailableCores.count) { owned in
            for index in owned { decoded[index] = Self.decode(paths[index], registry: registry) }
        }
        var files: [(source: String, file: StateFile)] = []
        for (index, path) in paths.enumerated() {
            let name = InputFile.displayName(path)
            for file in try decoded[index]!.get() { files.append((name, file)) }
        }
        do {
            return try StateMerger(registry: registry).merge(files)
        } catch {
            throw CLIError(error.description)
        }
    }

    private static func decode(_ path: String, registry: PluginRegistry) -> Result<[StateFile], CLIError> {
        do {
            let bytes = try InputFile.read(
                path, limit: StateFileCodec.maximumBytes, kind: "state",
                refusingStart: { StateFileCodec.couldStartState($0) ? nil : StateFileCodec.notAState })
            return .success(try StateFileCodec.decode(
                String(decoding: bytes, as: UTF8.self), source: InputFile.displayName(path), registry: registry))
        } catch let error as CLIError {
            return .failure(error)
        } catch {
            return .failure(CLIError("\(error)"))
        }
    }
}
