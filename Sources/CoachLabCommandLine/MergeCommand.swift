import ArgumentParser
import CoachLabDistributed

struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Merge partial states into one (exactly; in any order and grouping).",
        discussion: "Each input may hold several states one after another. States of other dimension tables, plugins, versions or options, and a shard seen twice, are refused.")

    @Argument(help: "State files, or - for standard input.")
    var states: [String] = ["-"]

    @Option(name: .shortAndLong, help: "Write the merged state to this file instead of standard output.")
    var output: String?

    func run() throws {
        try OutputCollisions.refuse([("--output", output)], inputs: states)
        try OutputTarget(path: output).write(StateFileCodec.encode(StateInputs.merged(states)))
    }
}
