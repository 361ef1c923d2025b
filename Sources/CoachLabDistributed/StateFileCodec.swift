import CoachLabPluginAPI

/// Writes and reads state files (docs/STATE-FORMAT.md).
///
/// Lines of the file itself start with `@`; a plugin's records sit between its `@plugin`
/// and `@end-plugin` lines. The last line, `@end` with the number of lines before it,
/// makes a truncated state (a shard that died mid-write) an error rather than less data.
/// A stream may hold several state documents one after another — what an engine that
/// collects the output of many `partial` processes produces — and reads as all of them.
public enum StateFileCodec {
    public static func encode(_ file: StateFile) -> String {
        var lines = ["@coachlab-state\t\(StateFile.formatVersion)"]
        lines.append("@dataset\t" + file.dataset.stateText)
        lines.append("@dimensions\t\(file.dimensions.hexHash)\t\(file.dimensions.managers)\t\(file.dimensions.reps)")
        for shard in file.shards {
            lines.append([
                "@shard", shard.id.stateText, shard.table.rawValue, String(shard.rows),
                String(shard.missingQuota), String(shard.zeroQuota),
                shard.firstPeriod.map { String($0) } ?? "-", shard.lastPeriod.map { String($0) } ?? "-",
            ].joined(separator: "\t"))
        }
        for section in file.plugins {
            let options = section.options.values.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)".stateText }
            lines.append((["@plugin", section.id, section.version] + options).joined(separator: "\t"))
            var writer = StateWriter()
            section.state.encode(to: &writer)
            lines.append(contentsOf: writer.lines)
            lines.append("@end-plugin")
        }
        lines.append("@end\t\(lines.count)")
        return lines.joined(separator: "\n") + "\n"
    }

    /// Every state document in `text`.
    /// - Parameters:
    ///   - source: the file's name, for messages.
    ///   - registry: the plugins whose states may appear.
    /// - Throws: ``StateFileError`` naming the source and line.
    public static func decode(_ text: String, source: String, registry: PluginRegistry) throws(StateFileError) -> [StateFile] {
        var files: [StateFile] = []
        var lines = Lines(text)
        while let first = lines.nextNonEmpty() {
            files.append(try decodeDocument(first: first, lines: &lines, source: source, registry: registry))
        }
        if files.isEmpty { throw StateFileError(source: source, line: nil, "holds no state (is it the output of `coachlab partial`?)") }
        return files
    }

    private static func decodeDocument(
        first: (number: Int, text: Substring), lines: inout Lines, source: String, registry: PluginRegistry
    ) throws(StateFileError) -> StateFile {
        func fail(_ line: Int?, _ message: String) -> StateFileError { StateFileError(source: source, line: line, message) }
        let start = first.number
        let magic = first.text.split(separator: "\t", omittingEmptySubsequences: false)
        guard magic.first == "@coachlab-state" else {
            throw fail(start, "is not a CoachLab state (it should start with '@coachlab-state')")
        }
        guard magic.count == 2, let version = Int(magic[1]), version == StateFile.formatVersion else {
            throw fail(start, "state format '\(magic.dropFirst().joined(separator: " "))' is not version \(StateFile.formatVersion), which this coachlab reads")
        }
        var dataset: String?
        var dimensions: DimensionFingerprint?
        var shards: [ShardRecord] = []
        var sections: [StateFile.PluginSection] = []
        while true {
            guard let (number, text) = lines.next() else {
                throw fail(lines.count, "the state is truncated: it has no '@end' line (did the process that wrote it fail?)")
            }
            let fields = text.split(separator: "\t", omittingEmptySubsequences: false)
            switch fields[0] {
            case "@dataset":
                guard fields.count == 2, let name = String(stateText: fields[1]) else { throw fail(number, "malformed '@dataset' line") }
                dataset = name
            case "@dimensions":
                guard fields.count == 4, let hash = UInt64(fields[1], radix: 16), let managers = Int(fields[2]), let reps = Int(fields[3]) else {
                    throw fail(number, "malformed '@dimensions' line")
                }
                dimensions = DimensionFingerprint(hash: hash, managers: managers, reps: reps)
            case "@shard":
                shards.append(try shard(fields, line: number, source: source))
            case "@plugin":
                sections.append(try section(fields, line: number, lines: &lines, source: source, registry: registry))
            case "@end":
                guard fields.count == 2, Int(fields[1]) == number - start else {
                    throw fail(number, "the state's '@end' line does not match its length: lines are missing or were added")
                }
                guard let dataset, let dimensions else { throw fail(number, "the state lacks its '@dataset' or '@dimensions' line") }
                return StateFile(dataset: dataset, dimensions: dimensions, shards: shards, plugins: sections)
            default:
                throw fail(number, "unexpected line '\(text.prefix(40))'")
            }
        }
    }

    private static func shard(_ fields: [Substring], line: Int, source: String) throws(StateFileError) -> ShardRecord {
        guard fields.count == 8, let id = String(stateText: fields[1]), let table = DatasetTable(rawValue: String(fields[2])),
              let rows = Int(fields[3]), let missing = Int(fields[4]), let zero = Int(fields[5]), rows >= 0 else {
            throw StateFileError(source: source, line: line, "malformed '@shard' line")
        }
        func period(_ text: Substring) -> Int32?? {
            text == "-" ? .some(nil) : Int32(text).map { .some($0) }
        }
        guard let first = period(fields[6]), let last = period(fields[7]) else {
            throw StateFileError(source: source, line: line, "malformed period in '@shard' line")
        }
        return ShardRecord(id: id, table: table, rows: rows, missingQuota: missing, zeroQuota: zero, firstPeriod: first, lastPeriod: last)
    }

    private static func section(
        _ fields: [Substring], line: Int, lines: inout Lines, source: String, registry: PluginRegistry
    ) throws(StateFileError) -> StateFile.PluginSection {
        guard fields.count >= 3 else { throw StateFileError(source: source, line: line, "malformed '@plugin' line") }
        let id = String(fields[1])
        guard let plugin = registry.plugin(id: id) else {
            throw StateFileError(source: source, line: line, "holds a state of plugin '\(id)', which this coachlab does not have")
        }
        guard let decomposable = plugin as? any DecomposableMetric else {
            throw StateFileError(source: source, line: line, "plugin '\(id)' cannot be computed in shards")
        }
        // A state of another version of the plugin may hold other records, or the same ones
        // meaning something else: named as such rather than misread.
        guard fields[2] == plugin.descriptor.version else {
            throw StateFileError(
                source: source, line: line,
                "holds a state of plugin '\(id)' version \(fields[2]), but this coachlab computes version \(plugin.descriptor.version); recompute the shards with this coachlab")
        }
        var options: [String: String] = [:]
        for field in fields.dropFirst(3) {
            guard let pair = String(stateText: field), let equals = pair.firstIndex(of: "=") else {
                throw StateFileError(source: source, line: line, "malformed option '\(field)'")
            }
            options[String(pair[..<equals])] = String(pair[pair.index(after: equals)...])
        }
        var records: [StateRecord] = []
        while true {
            guard let (number, text) = lines.next() else {
                throw StateFileError(source: source, line: lines.count, "the state is truncated inside plugin '\(id)'")
            }
            if text == "@end-plugin" { break }
            if text.hasPrefix("@") { throw StateFileError(source: source, line: number, "plugin '\(id)' has no '@end-plugin' line") }
            records.append(StateRecord(text: text, line: number))
        }
        var reader = StateReader(records: records)
        do throws(StateFormatError) {
            let state = try decomposable.erasedDecode(&reader)
            try reader.expectEnd()
            return StateFile.PluginSection(id: id, version: String(fields[2]), options: PluginOptions(options), state: state)
        } catch {
            throw StateFileError(source: source, line: error.line, "plugin '\(id)': \(error.message)")
        }
    }

    /// The lines of a text with their 1-based numbers; a final line break ends the last line.
    struct Lines {
        private let all: [Substring]
        private var position = 0

        init(_ text: String) {
            var lines = StateRecord.cut(Substring(text), at: 0x0A)
            // A final line break ends the last line rather than starting an empty one.
            if lines.last == "" { lines.removeLast() }
            all = lines.map { $0.utf8.last == 0x0D ? Substring($0.utf8.dropLast()) : $0 }
        }

        var count: Int { all.count }

        mutating func next() -> (number: Int, text: Substring)? {
            guard position < all.count else { return nil }
            defer { position += 1 }
            return (position + 1, all[position])
        }

        mutating func nextNonEmpty() -> (number: Int, text: Substring)? {
            while let line = next() {
                if !line.text.isEmpty { return line }
            }
            return nil
        }
    }
}

/// Why a state file could not be read or merged.
public struct StateFileError: Error, Sendable, CustomStringConvertible {
    public var source: String
    public var line: Int?
    public var message: String

    public init(source: String, line: Int?, _ message: String) {
        self.source = source
        self.line = line
        self.message = message
    }

    public var description: String {
        source + (line.map { ":\($0)" } ?? "") + ": " + message
    }
}
