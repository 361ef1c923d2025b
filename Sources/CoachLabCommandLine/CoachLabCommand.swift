import ArgumentParser
import CoachLabPluginAPI
import CoachLabPlugins
import CoachLabRunner

/// The `coachlab` command line, as a library: the `coachlab` executable is one call to
/// `main()`, and a researcher's package gets every command (`run`, `report`, `partial`,
/// `merge`, `plugins`, …) over plugins of their own beside the built-in ones with one call
/// too:
///
/// ```swift
/// import CoachLabCommandLine
///
/// CoachLabCommand.main(adding: [MyMetric()])
/// ```
public struct CoachLabCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "coachlab",
        abstract: "Does coaching move quota attainment? Answers from your CSV exports.",
        discussion: """
            A dataset is a folder of CSV files: managers.csv, reps.csv and performance.csv, \
            optionally coaching_sessions.csv and assignments.csv (see Datasets/README.md).

            Start with:  coachlab validate DATASET   then   coachlab run DATASET
            """,
        version: "0.1.0",
        subcommands: [
            RunCommand.self, ReportCommand.self, ValidateCommand.self, ExportCommand.self, PluginsCommand.self, GenerateCommand.self,
            SplitCommand.self, PartialCommand.self, MergeCommand.self, MappingCommand.self,
        ]
    )

    public init() {}

    /// Parses the process's arguments and runs the command they name; on an error prints
    /// it (no stack trace) and exits with a non-zero status. An argument that is not UTF-8
    /// is refused by name first (``ArgumentBytes``).
    public static func main() {
        if let problem = ArgumentBytes.problem() { exit(withError: CLIError(problem)) }
        main(nil)
    }

    /// Parses the process's arguments and runs the command they name with `plugins` as the
    /// known plugins; on an error prints it (no stack trace) and exits with a non-zero
    /// status, as `main()` does.
    public static func main(plugins: PluginRegistry) {
        ActivePlugins.$registry.withValue(plugins) { main() }
    }

    /// ``main(plugins:)`` with the built-in plugins and then `plugins`; a plugin whose id is
    /// not kebab-case or is taken stops with an error naming it.
    public static func main(adding plugins: [any MetricPlugin]) {
        let registry: PluginRegistry
        do {
            registry = try BuiltinPlugins.registry().adding(plugins)
        } catch {
            exit(withError: CLIError("the plugins cannot be registered: \(error)"))
        }
        main(plugins: registry)
    }

    /// Runs the command `arguments` name (without the program's name) with `plugins` as the
    /// known plugins, in this process, and throws what it throws instead of exiting: for
    /// tests, and for programs that call the command line as a step of their own.
    public static func run(_ arguments: [String], plugins: PluginRegistry = BuiltinPlugins.registry()) throws {
        try ActivePlugins.$registry.withValue(plugins) {
            var command = try parseAsRoot(arguments)
            try command.run()
        }
    }
}

/// The plugins the commands know: the built-ins, or those ``CoachLabCommand/main(plugins:)``
/// was given.
enum ActivePlugins {
    @TaskLocal static var registry = BuiltinPlugins.registry()
}
