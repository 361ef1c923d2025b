import ArgumentParser

@main
struct CoachLabCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "coachlab",
        abstract: "Does coaching move quota attainment? Answers from your CSV exports.",
        discussion: """
            A dataset is a folder of CSV files: managers.csv, reps.csv and performance.csv, \
            optionally coaching_sessions.csv and assignments.csv (see Datasets/README.md).

            Start with:  coachlab validate DATASET   then   coachlab run DATASET
            """,
        version: "0.1.0",
        subcommands: [
            RunCommand.self, ReportCommand.self, ValidateCommand.self, PluginsCommand.self, GenerateCommand.self,
            PartialCommand.self, MergeCommand.self, MappingCommand.self,
        ]
    )
}
