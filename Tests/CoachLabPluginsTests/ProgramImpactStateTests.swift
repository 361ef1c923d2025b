import CoachLabGenerator
import CoachLabIngestion
import CoachLabPluginAPI
import CoachLabPluginTestKit
import CoachLabPlugins
import CoachLabTestSupport
import Testing

/// program-impact computed from whole-rep parts: every option keeps the decomposition
/// contract (any split of the reps, merged in any order, read back from its records), parts
/// without a programme's enrolments or without rows still merge into the whole, and a state
/// that holds a rep twice or was edited is refused with a message.
@Suite struct ProgramImpactStateTests {
    /// A staggered rollout of two programmes (the second added by hand, larger, so that the
    /// default programme is only known once every part's enrolments are counted), with reps
    /// missing a month, reps without rows, and reps lacking a trait.
    static let dataset: Dataset = {
        let folder = TestFiles.temporaryDirectory("program-state-org")
        var model = OrgModel()
        model.program = ProgramRollout(cohorts: 3, effect: 0.05)
        _ = try! OrgGenerator(reps: 240, months: 14, seed: 11, model: model).write(to: folder.path)
        var dataset = try! DatasetLoader().load(folder: folder.path).dataset
        let programs = dataset.programs!
        let months = Array(Set(dataset.performance.periods)).sorted()
        // A larger pilot, for the first 220 reps only.
        let pilot = (0..<220).map { Int32($0) }
        dataset.programs = Programs(
            reps: programs.reps + pilot,
            names: programs.reps.indices.map { programs.names[$0]! } + pilot.map { _ in "pilot" },
            startPeriods: programs.startPeriods + pilot.map { months[Int($0) % months.count] - 1 })
        return dataset
    }()

    static let optionSets: [[String: String]] = [
        [:], ["program": "pilot"], ["control": "never-treated", "outcome": "attained"],
        ["covariates": "tenure,region,segment,tier", "min-managers": "2"],
        ["treatment": "first-session"], ["treatment": "first-session", "covariates": "tier,region", "control": "never-treated"],
    ]

    func plugin() throws -> any DecomposableMetric {
        try #require(BuiltinPlugins.registry().plugin(id: "program-impact") as? any DecomposableMetric)
    }

    @Test(arguments: optionSets)
    func everyOptionKeepsTheDecompositionContract(options: [String: String]) throws {
        let violations = PluginContract.violations(of: try plugin(), on: Self.dataset, options: options)
        #expect(violations.isEmpty, "\(options): \(violations)")
    }

    /// Parts of one rep each: most hold no enrolment of some programme, or no rows at all.
    @Test func partsOfOneRepMergeIntoTheWhole() throws {
        let plugin = try plugin()
        let options = try PluginOptions.resolve([:], for: plugin.descriptor)
        let dataset = Self.dataset.narrowed(for: plugin.descriptor)
        let whole = try plugin.compute(PluginContext(dataset: dataset, options: options))
        #expect(whole.notes.contains { $0.contains("this evaluates 'pilot'") })
        var states = try (0..<dataset.reps.count).map {
            try plugin.erasedWholeState(PluginContext(dataset: dataset.keepingRows(ofRep: $0), options: options))
        }
        var random = SplitMixGenerator(seed: 7)
        states.shuffle(using: &random)
        let merged = try states.dropFirst().reduce(states[0]) { try plugin.erasedMerge($0, $1) }
        #expect(try plugin.erasedFinalize(merged, options: options) == whole)
    }

    @Test func aRepInTwoStatesIsRefused() throws {
        let plugin = try plugin()
        let options = try PluginOptions.resolve([:], for: plugin.descriptor)
        let dataset = Self.dataset.narrowed(for: plugin.descriptor)
        let a = try plugin.partial(Partial.Context(dataset: dataset, options: options, reps: 0..<100))
        let b = try plugin.partial(Partial.Context(dataset: dataset, options: options, reps: 90..<240))
        #expect(throws: Partial.MergeError.self) { try plugin.erasedMerge(a, b) }
        do {
            _ = try plugin.erasedMerge(a, b)
        } catch {
            #expect(error.message.contains("rep \(dataset.reps.ids[90]) (row 91 of reps.csv) is in both states"), "\(error.message)")
        }
    }

    @Test(arguments: [
        ("panel\t3\t", "panel\t3\tx", "not a valid Int32"),
        ("panel\t4\t", "panel\t4000\t", "is not a row of a table of 240 rows"),
        ("panel\t5\t", "panel\t5\t2400\t2399\t", "are not a span of the calendar"),
        ("panel\t6\t", "panel\t6\t-\t-\t0.5", "fields, expected 3"),
        ("program\t0\t", "program\t0\tpilot\t-1", "not a count from 0 to"),
        ("reps\t", "reps\t241", "241 reps, but the state's dimension tables have 240"),
    ])
    func anEditedStateIsRefused(edit: (prefix: String, replacement: String, message: String)) throws {
        let plugin = try plugin()
        let options = try PluginOptions.resolve(["covariates": "tenure"], for: plugin.descriptor)
        let dataset = Self.dataset.narrowed(for: plugin.descriptor)
        var writer = Partial.Writer()
        try plugin.partial(Partial.Context(dataset: dataset, options: options, reps: 0..<240)).encode(to: &writer)
        var lines = writer.lines
        let index = try #require(lines.firstIndex { $0.hasPrefix(edit.prefix) }, "\(edit.prefix)")
        // The replacement's fields in place of the line's first ones.
        var fields = lines[index].split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
        let replacement = edit.replacement.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
        fields.replaceSubrange(0..<min(fields.count, replacement.count), with: replacement)
        lines[index] = fields.joined(separator: "\t")
        var edited = Partial.Writer()
        for line in lines {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            edited.record(fields[0], Array(fields.dropFirst()) as [any Partial.Field])
        }
        var reader = Partial.Reader(edited, bounds: Partial.Bounds(covering: Self.dataset))
        #expect(throws: Partial.FormatError.self) { _ = try plugin.erasedDecode(&reader) }
        reader = Partial.Reader(edited, bounds: Partial.Bounds(covering: Self.dataset))
        do {
            _ = try plugin.erasedDecode(&reader)
        } catch {
            #expect(error.line == index + 1 && error.message.contains(edit.message), "\(error)")
        }
    }

    /// A value that is not a number, or a rep listed twice, is refused where it is written.
    @Test func aMissingAttainmentOrARepListedTwiceIsRefused() throws {
        let plugin = try plugin()
        let options = try PluginOptions.resolve([:], for: plugin.descriptor)
        let dataset = Self.dataset.narrowed(for: plugin.descriptor)
        var writer = Partial.Writer()
        try plugin.partial(Partial.Context(dataset: dataset, options: options, reps: 0..<240)).encode(to: &writer)
        let first = try #require(writer.lines.firstIndex { $0.hasPrefix("panel\t") && !$0.hasSuffix("gap") && !$0.contains("-\t-") })
        var fields = writer.lines[first].split(separator: "\t").map(String.init)
        fields[4] = "nan"
        for (lines, message) in [
            (writer.lines.enumerated().map { $0.offset == first ? fields.joined(separator: "\t") : $0.element }, "attainment is not a number"),
            (Array(writer.lines[...first]) + [writer.lines[first]] + writer.lines[(first + 1)...], "out of order or listed twice"),
        ] {
            var edited = Partial.Writer()
            for line in lines {
                let parts = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
                edited.record(parts[0], Array(parts.dropFirst()) as [any Partial.Field])
            }
            var reader = Partial.Reader(edited, bounds: Partial.Bounds(covering: Self.dataset))
            do {
                _ = try plugin.erasedDecode(&reader)
                Issue.record("an edited state was read: \(message)")
            } catch {
                #expect(error.message.contains(message), "\(error)")
            }
        }
    }
}

private extension Dataset {
    /// The dataset with the rows of rep `rep` alone in every rep-level table, as a part of
    /// one rep holds them.
    func keepingRows(ofRep rep: Int) -> Dataset {
        var part = self
        let code = Int32(rep)
        let rows = performance.reps.indices.filter { performance.reps[$0] == code }
        part.performance = Performance(
            reps: Column(rows.map { performance.reps[$0] }), periods: Column(rows.map { performance.periods[$0] }),
            quotas: Column(rows.map { performance.quotas[$0] }), bookings: Column(rows.map { performance.bookings[$0] }))
        if let programs {
            let kept = programs.reps.indices.filter { programs.reps[$0] == code }
            part.programs = Programs(reps: kept.map { programs.reps[$0] }, names: kept.map { programs.names[$0]! },
                                     startPeriods: kept.map { programs.startPeriods[$0] })
        }
        return part
    }
}
