import CoachLabData
import CoachLabSystem

/// Refuses, before anything is computed, an output path that names one of the command's
/// inputs (the same device and inode, whatever the spelling or links): `-o` or `--rejects`
/// pointed at performance.csv would silently replace the data the results came from.
enum OutputCollisions {
    /// - Parameters:
    ///   - outputs: each output's flag and path (nil when not given, `-` for standard output).
    ///   - inputs: the files the command reads.
    static func refuse(_ outputs: [(flag: String, path: String?)], inputs: [String]) throws {
        for case let (flag, path?) in outputs where path != "-" {
            if let input = FileIdentity.input(among: inputs, sameAs: path) {
                let same = input == path ? "" : " (it is \(input))"
                throw CLIError("\(flag) \(shown(path)) is an input of this command\(same); writing it would replace the input: choose another path")
            }
        }
    }
}
