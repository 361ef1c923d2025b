import ArgumentParser
import CoachLabPluginAPI

struct PluginsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plugins",
        abstract: "List the metric plugins: id, title, what each needs and accepts.")

    func run() {
        var out = ""
        for plugin in ActivePlugins.registry.plugins {
            let descriptor = plugin.descriptor
            out += "\(descriptor.id)  (v\(descriptor.version))\n"
            out += "  \(descriptor.title): \(descriptor.summary)\n"
            let tables = descriptor.requiredTables.sorted().map(\.fileName)
            out += "  needs: " + tables.joined(separator: ", ")
            if !descriptor.columns.isEmpty {
                out += "; columns " + descriptor.columns.map(\.description).sorted().joined(separator: ", ")
            }
            out += "\n"
            for alternative in descriptor.requiredTablesWhen {
                out += "  with --option \(alternative.option)=\(alternative.value), needs: "
                    + alternative.requiredTables.sorted().map(\.fileName).joined(separator: ", ") + "\n"
            }
            for option in descriptor.options {
                out += "  option --option \(option.name)=VALUE: \(option.summary) (default \(option.defaultValue))\n"
            }
            out += "\n"
        }
        print(out, terminator: "")
    }
}
