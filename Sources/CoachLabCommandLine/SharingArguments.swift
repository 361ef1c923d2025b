import ArgumentParser
import CoachLabData
import CoachLabRendering

/// How an HTML report is made fit to share, the same for `run --format html` and `report`:
/// small groups withheld and rep-level tables left out by default, ids pseudonymised on
/// request.
struct SharingArguments: ParsableArguments {
    @Option(help: "HTML: suppress any row describing fewer than this many reps (1 shows every row, rep-level tables included).")
    var minGroupSize: Int?

    @Flag(help: "HTML: replace rep and manager ids by stable pseudonyms (a keyed hash).")
    var pseudonymize = false

    @Option(help: "The key of the pseudonyms (default: a new random one, printed once).")
    var salt: String?

    func validate() throws {
        if let minGroupSize, minGroupSize < 1 { throw ValidationError("--min-group-size must be at least 1") }
        if salt != nil && !pseudonymize { throw ValidationError("--salt goes with --pseudonymize") }
    }

    /// Refuses what sharing cannot do: rules for a format they do not shape, or pseudonyms
    /// with `--by column` naming each segment by an id.
    func validate(format: OutputFormat, segmentedBy column: String?) throws {
        if format != .html && (minGroupSize != nil || pseudonymize) {
            throw ValidationError("--min-group-size and --pseudonymize shape an HTML report; add --format html")
        }
        if pseudonymize, let column, column == "rep_id" || column == "manager_id" {
            throw ValidationError("--by \(column) names each segment by its id, which --pseudonymize would have to hide")
        }
    }

    /// The privacy rules for a report whose rep and manager ids are `identifiers`; a new
    /// random salt is printed once to standard error, so the pseudonyms can be reproduced.
    func privacy(identifiers: [String: Privacy.IdentifierKind]) -> Privacy {
        var privacy = Privacy(minimumGroupSize: minGroupSize ?? 5)
        if pseudonymize {
            let key = salt ?? (0..<4).map { _ in String(UInt32.random(in: 0...UInt32.max), radix: 16) }.joined()
            if salt == nil { StandardError.write("pseudonym salt (keep it to reproduce these pseudonyms): \(key)\n") }
            privacy.salt = key
            privacy.identifiers = identifiers
        }
        return privacy
    }

    /// The dataset's rep and manager ids, for ``privacy(identifiers:)``.
    static func identifiers(of dataset: Dataset) -> [String: Privacy.IdentifierKind] {
        var identifiers: [String: Privacy.IdentifierKind] = [:]
        for id in dataset.managers.ids { identifiers[id] = .manager }
        for id in dataset.reps.ids { identifiers[id] = .rep }
        return identifiers
    }
}
