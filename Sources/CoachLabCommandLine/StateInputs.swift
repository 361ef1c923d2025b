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
            let documents = try decoded[index]!.get()
            for (number, file) in documents.enumerated() {
                // A stream of several states names the one at fault.
                files.append((documents.count == 1 ? name : "\(name) (state \(number + 1) of \(documents.count))", file))
            }
        }
        var merger = StateMerger(registry: registry)
        // The folder a state names as its dataset (the `--dimensions` of `partial`) names
        // reps by id when it is here and holds the state's dimension tables.
        merger.repIDs = { file in
            InputFile.isFolder(file.dataset) ? ShardLoader.repIDs(folder: file.dataset, matching: file.dimensions) : nil
        }
        do {
            return try merger.merge(files)
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
