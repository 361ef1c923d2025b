import CoachLabPluginAPI
import CoachLabSystem
import CoachLabRunner

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
        if let given = file.firstPassShards { lines.append("@first-pass\t" + given.hexDigits) }
        for shard in file.shards {
            lines.append([
                "@shard", shard.id.stateText, shard.table.rawValue, String(shard.rows),
                String(shard.missingQuota), String(shard.zeroQuota),
                shard.firstPeriod.map { String($0) } ?? "-", shard.lastPeriod.map { String($0) } ?? "-",
                shard.fingerprint.hexDigits, shard.layout.hexDigits,
            ].joined(separator: "\t"))
        }
        // The rep-months, one line per rep, come as one string of many lines.
        let repMonths = file.repMonths.text
        var linesWithin = 0
        if repMonths.count > 0 {
            lines.append(repMonths.lines)
            linesWithin = repMonths.count - 1
        }
        for section in file.plugins {
            let options = section.options.values.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)".stateText }
            lines.append((["@plugin", section.id, section.version] + options).joined(separator: "\t"))
            var writer = Partial.Writer()
            section.state.encode(to: &writer)
            lines.append(contentsOf: writer.lines)
            lines.append("@end-plugin")
        }
        lines.append("@end\t\(lines.count + linesWithin)")
        return lines.joined(separator: "\n") + "\n"
    }

    /// The most bytes `coachlab merge` and `report` read of one input: a state of several
    /// million reps. Anything longer is refused rather than read until memory runs out.
    public static let maximumBytes = 4 << 30

    /// Whether `prefix`, the first bytes of an input (all of them if it is shorter), can
    /// start a state: blank lines, then `@coachlab-state` and a tab. Lets a reader refuse
    /// `/dev/zero` or a CSV file after its first read instead of at the end.
    public static func couldStartState(_ prefix: some Collection<UInt8>) -> Bool {
        let magic = Array("@coachlab-state\t".utf8)
        let content = prefix.drop { $0 == 0x0A || $0 == 0x0D }
        return zip(content, magic).allSatisfy { $0 == $1 }
    }

    /// What an input that does not start as a state is told.
    public static let notAState = "is not a CoachLab state (it should start with '@coachlab-state')"

    /// Every state document in `text`.
    /// - Parameters:
    ///   - source: the file's name, for messages.
    ///   - registry: the plugins whose states may appear.
    /// - Throws: ``StateFileError`` naming the source and line.
    public static func decode(_ text: String, source: String, registry: PluginRegistry) throws(StateFileError) -> [StateFile] {
        var files: [StateFile] = []
        var lines = StateLines(text)
        while let first = lines.nextNonEmpty() {
            files.append(try decodeDocument(first: first, lines: &lines, source: source, registry: registry))
        }
        if files.isEmpty { throw StateFileError(source: source, line: nil, "holds no state (is it the output of `coachlab partial`?)") }
        return files
    }

    /// A plugin's section as found, read once the document's shards and dimensions are
    /// known (they bound its counts and tables).
    private struct PendingSection {
        var id: String
        var version: String
        var options: PluginOptions
        var plugin: any DecomposableMetric
        var records: StateLines
        var lastLine: Int?
    }

    private static func decodeDocument(
        first: (number: Int, text: Substring), lines: inout StateLines, source: String, registry: PluginRegistry
    ) throws(StateFileError) -> StateFile {
        func fail(_ line: Int?, _ message: String) -> StateFileError { StateFileError(source: source, line: line, message) }
        let start = first.number
        let magic = first.text.split(separator: "\t", omittingEmptySubsequences: false)
        guard magic.first == "@coachlab-state" else {
            throw fail(start, notAState)
        }
        if magic.count == 2 && magic[1] == "1" {
            throw fail(start, "is a state of format version 1, from an older coachlab: it records neither its shards' row fingerprints nor their rep-months, without which a merge cannot refuse rows it already holds; recompute the states with this coachlab (`coachlab partial`)")
        }
        guard magic.count == 2, let version = Int(magic[1]), version == StateFile.formatVersion else {
            throw fail(start, "state format '\(DisplayText.escaped(magic.dropFirst().joined(separator: " "), limit: 40))' is not version \(StateFile.formatVersion), which this coachlab reads")
        }
        var dataset: String?
        var dimensions: DimensionFingerprint?
        var shards: [ShardRecord] = []
        var ledger = ShardLedger()
        var rows = 0
        var coverage: RepMonthCoverage.Reader?
        var pending: [PendingSection] = []
        var firstPassShards: UInt64?
        while true {
            guard let (number, text) = lines.next() else {
                throw fail(lines.nextNumber - 1, "the state is truncated: it has no '@end' line (did the process that wrote it fail?)")
            }
            // Rep-months, a line per rep, are read from their bytes, without a list of fields.
            if text.utf8.starts(with: RepMonthCoverage.lineName.utf8),
               text.utf8.count == RepMonthCoverage.lineName.utf8.count || text.utf8.dropFirst(RepMonthCoverage.lineName.utf8.count).first == 0x09 {
                guard let dimensions else { throw fail(number, "a '\(RepMonthCoverage.lineName)' line before the '@dimensions' line") }
                if coverage == nil { coverage = coverageReader(reps: dimensions.reps, shards: shards) }
                if let problem = coverage!.read(text) { throw fail(number, problem) }
                continue
            }
            let fields = text.split(separator: "\t", omittingEmptySubsequences: false)
            switch fields[0] {
            case "@dataset":
                guard dataset == nil else { throw fail(number, "a second '@dataset' line") }
                guard fields.count == 2, let name = String(stateText: fields[1]) else { throw fail(number, "malformed '@dataset' line") }
                dataset = name
            case "@dimensions":
                guard dimensions == nil else { throw fail(number, "a second '@dimensions' line") }
                let limit = Partial.Bounds.maximumDimensionRows
                guard fields.count == 4, fields[1].utf8.count == 16, let hash = UInt64(fields[1], radix: 16),
                      let managers = Int(fields[2]), let reps = Int(fields[3]),
                      (0...limit).contains(managers), (0...limit).contains(reps) else {
                    throw fail(number, "malformed '@dimensions' line (a 16-digit hash, then managers and reps from 0 to \(limit))")
                }
                dimensions = DimensionFingerprint(hash: hash, managers: managers, reps: reps)
            case "@first-pass":
                guard firstPassShards == nil else { throw fail(number, "a second '@first-pass' line") }
                guard fields.count == 2, fields[1].utf8.count == 16, let digest = UInt64(fields[1], radix: 16) else {
                    throw fail(number, "malformed '@first-pass' line (16 hexadecimal digits)")
                }
                firstPassShards = digest
            case "@shard":
                guard coverage == nil else { throw fail(number, "a '@shard' line after the '\(RepMonthCoverage.lineName)' lines") }
                let shard = try shard(fields, line: number, source: source)
                if let problem = ledger.add(shard, from: "") { throw fail(number, problem) }
                let (sum, overflow) = rows.addingReportingOverflow(shard.rows)
                guard !overflow, sum <= Partial.Bounds.maximumRows else {
                    throw fail(number, "the shards add up to more than \(Partial.Bounds.maximumRows) rows, more than a state may cover")
                }
                rows = sum
                shards.append(shard)
            case "@plugin":
                let section = try section(fields, line: number, lines: &lines, source: source, registry: registry)
                guard !pending.contains(where: { $0.id == section.id }) else {
                    throw fail(number, "plugin '\(section.id)' appears twice")
                }
                pending.append(section)
            case "@end":
                guard fields.count == 2, Int(fields[1]) == number - start else {
                    throw fail(number, "the state's '@end' line does not match its length: lines are missing or were added")
                }
                guard let dataset, let dimensions else { throw fail(number, "the state lacks its '@dataset' or '@dimensions' line") }
                let repMonths: RepMonthCoverage
                switch (coverage ?? coverageReader(reps: dimensions.reps, shards: shards)).finish() {
                case .success(let read): repMonths = read
                case .failure(let mismatch): throw fail(number, mismatch.message)
                }
                let bounds = Partial.Bounds(rows: rows, managers: dimensions.managers, reps: dimensions.reps)
                var sections: [StateFile.PluginSection] = []
                for section in pending {
                    var reader = Partial.Reader(lines: section.records, lastLine: section.lastLine, bounds: bounds)
                    do throws(Partial.FormatError) {
                        let state = try section.plugin.erasedDecode(&reader)
                        try reader.expectEnd()
                        sections.append(StateFile.PluginSection(
                            id: section.id, version: section.version, options: section.options, state: state))
                    } catch {
                        throw StateFileError(source: source, line: error.line, "plugin '\(section.id)': \(error.message)")
                    }
                }
                return StateFile(
                    dataset: dataset, dimensions: dimensions, shards: shards, repMonths: repMonths, plugins: sections,
                    firstPassShards: firstPassShards)
            default:
                throw fail(number, "unexpected line '\(DisplayText.escaped(text, limit: 40))'")
            }
        }
    }

    /// The reader of a document's `@rep-months` lines, bounded by its shards of performance.csv.
    private static func coverageReader(reps: Int, shards: [ShardRecord]) -> RepMonthCoverage.Reader {
        let performance = shards.filter { $0.table == .performance }
        let first = performance.compactMap(\.firstPeriod).min()
        let last = performance.compactMap(\.lastPeriod).max()
        return RepMonthCoverage.Reader(
            reps: reps, rows: performance.reduce(0) { $0 + $1.rows },
            periods: first.flatMap { first in last.map { first...$0 } })
    }

    /// A `@shard` line: counts within the format's bounds and within each other (rows
    /// with a missing or zero quota among the rows), periods in the calendar and in order,
    /// periods with rows and none without, hashes of 16 hexadecimal digits.
    private static func shard(_ fields: [Substring], line: Int, source: String) throws(StateFileError) -> ShardRecord {
        guard fields.count == 10, let id = String(stateText: fields[1]), let table = DatasetTable(rawValue: String(fields[2])),
              let rows = Int(fields[3]), let missing = Int(fields[4]), let zero = Int(fields[5]),
              (0...Partial.Bounds.maximumRows).contains(rows), missing >= 0, zero >= 0, missing <= rows, zero <= rows - missing else {
            throw StateFileError(source: source, line: line, "malformed '@shard' line (its row counts must be whole numbers from 0 to \(Partial.Bounds.maximumRows), missing and zero quotas among its rows)")
        }
        func period(_ text: Substring) -> Int32?? {
            text == "-" ? .some(nil) : Int32(text).flatMap { MonthIndex.representable.contains($0) ? .some($0) : nil }
        }
        guard let first = period(fields[6]), let last = period(fields[7]), (first == nil) == (last == nil),
              (first ?? 0) <= (last ?? 0) else {
            throw StateFileError(source: source, line: line, "malformed period in '@shard' line")
        }
        // Rows of performance.csv have months, and a rep-month each (the '@rep-months' lines
        // are checked against both).
        guard table != .performance || (first == nil) == (rows == 0) else {
            throw StateFileError(source: source, line: line, "malformed period in '@shard' line: a shard of performance.csv has months when it has rows")
        }
        func hash(_ text: Substring) -> UInt64? { text.utf8.count == 16 ? UInt64(text, radix: 16) : nil }
        guard let fingerprint = hash(fields[8]), let layout = hash(fields[9]) else {
            throw StateFileError(source: source, line: line, "malformed '@shard' line (its fingerprint and layout are 16 hexadecimal digits each)")
        }
        return ShardRecord(id: id, table: table, rows: rows, missingQuota: missing, zeroQuota: zero, firstPeriod: first,
                           lastPeriod: last, fingerprint: fingerprint, layout: layout)
    }

    private static func section(
        _ fields: [Substring], line: Int, lines: inout StateLines, source: String, registry: PluginRegistry
    ) throws(StateFileError) -> PendingSection {
        guard fields.count >= 3 else { throw StateFileError(source: source, line: line, "malformed '@plugin' line") }
        let id = String(fields[1])
        guard let plugin = registry.plugin(id: id) else {
            throw StateFileError(source: source, line: line, "holds a state of plugin '\(DisplayText.escaped(id, limit: 80))', which this coachlab does not have")
        }
        guard let decomposable = plugin as? any DecomposableMetric else {
            throw StateFileError(source: source, line: line, "plugin '\(id)' cannot be computed in shards")
        }
        // A state of another version of the plugin may hold other records, or the same ones
        // meaning something else: named as such rather than misread.
        guard fields[2] == plugin.descriptor.version else {
            throw StateFileError(
                source: source, line: line,
                "holds a state of plugin '\(id)' version \(DisplayText.escaped(fields[2], limit: 40)), but this coachlab computes version \(plugin.descriptor.version); recompute the shards with this coachlab")
        }
        let options = try options(fields.dropFirst(3), of: plugin.descriptor, line: line, source: source)
        let recordsStart = lines.position
        let firstRecord = lines.nextNumber
        var recordsEnd = recordsStart
        var lastLine: Int?
        while true {
            guard let (number, text) = lines.next() else {
                throw StateFileError(source: source, line: lines.nextNumber - 1, "the state is truncated inside plugin '\(id)'")
            }
            if text == "@end-plugin" { break }
            if text.hasPrefix("@") { throw StateFileError(source: source, line: number, "plugin '\(id)' has no '@end-plugin' line") }
            recordsEnd = lines.position
            lastLine = number
        }
        return PendingSection(
            id: id, version: String(fields[2]), options: options, plugin: decomposable,
            records: lines.lines(from: recordsStart, to: recordsEnd, firstNumber: firstRecord), lastLine: lastLine)
    }

    /// The options of a `@plugin` line, checked as the command line checks them: each one
    /// the plugin has, once, with a value it accepts; all of them, as `partial` writes
    /// them resolved.
    private static func options(
        _ fields: ArraySlice<Substring>, of descriptor: PluginDescriptor, line: Int, source: String
    ) throws(StateFileError) -> PluginOptions {
        var given: [String: String] = [:]
        for field in fields {
            guard let pair = String(stateText: field), let equals = pair.firstIndex(of: "="),
                  given.updateValue(String(pair[pair.index(after: equals)...]), forKey: String(pair[..<equals])) == nil else {
                throw StateFileError(source: source, line: line, "malformed or repeated option '\(DisplayText.escaped(field, limit: 80))'")
            }
        }
        let resolved: PluginOptions
        do {
            resolved = try PluginOptions.resolve(given, for: descriptor)
        } catch {
            throw StateFileError(source: source, line: line, "plugin '\(descriptor.id)' \(error.message)")
        }
        if let missing = resolved.values.keys.sorted().first(where: { given[$0] == nil }) {
            throw StateFileError(source: source, line: line, "plugin '\(descriptor.id)' lacks its option '\(missing)' (a state names every option)")
        }
        return resolved
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

    /// One line, its text from the state (ids, records, options) escaped by ``DisplayText``
    /// and cut past a thousand characters.
    public var description: String {
        DisplayText.escaped(source) + (line.map { ":\($0)" } ?? "") + ": " + DisplayText.escaped(message, limit: 1000)
    }
}
