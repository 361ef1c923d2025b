import CoachLabDistributed
import CoachLabPluginAPI
import CoachLabRendering
import CoachLabRunner

/// The report of a merged state: what `run` reports for the same rows.
enum StateReport {
    /// - Parameters:
    ///   - threads: threads each plugin's finalize step may use.
    ///   - keepingRepTables: false to drop each result's tables of one row per rep as soon as
    ///     it is made (``MetricResult/leavingOutRepTables()``), when the output leaves them out.
    static func report(
        from state: consuming StateFile, expecting expectations: ShardExpectations, threads: Int = 1, keepingRepTables: Bool = true
    ) throws -> RunReport {
        let failures = expectations.failures(of: state)
        guard failures.isEmpty else {
            throw CLIError("the state does not cover what was expected: " + failures.joined(separator: "; ") + " (a shard is missing, failed or was merged twice)")
        }
        let registry = ActivePlugins.registry
        try checkPasses(of: state, registry: registry)
        var results: [MetricResult] = []
        var methods: [String: String] = [:]
        // Each plugin's state is let go once it is finalised, so that the states and the
        // results are never all held at once.
        var sections = Array(state.plugins.reversed())
        state.plugins = []
        while let section = sections.popLast() {
            guard let plugin = registry.plugin(id: section.id) as? any DecomposableMetric else {
                throw CLIError("plugin '\(section.id)' is not available to finalise")
            }
            do {
                let result = try plugin.erasedFinalize(section.state, options: section.options, threads: threads)
                results.append(keepingRepTables ? result : result.leavingOutRepTables())
            } catch {
                throw CLIError(error.description)
            }
            methods[section.id] = plugin.descriptor.description
        }
        let report = RunReport(dataset: state.dataset, results: results, description: description(of: state), methods: methods)
        guard let missing = state.repsWithoutRows else { return report }
        if missing > 0 && expectations.isEmpty {
            StandardError.write("warning: \(HumanFormat.grouped(missing)) of the \(HumanFormat.grouped(state.dimensions.reps)) reps in reps.csv are in no shard of the state: if a shard is missing, the results leave its reps out; check with --expect-rows or --expect-shards\n")
        }
        return RepsWithoutRows(count: missing, reps: state.dimensions.reps).noted(in: report)
    }

    /// Refuses a state whose plugins of two passes lack the second, or whose second passes
    /// cover other shards than the first pass they were given.
    private static func checkPasses(of state: StateFile, registry: PluginRegistry) throws {
        let twoPass = state.plugins.filter { (registry.plugin(id: $0.id) as? any DecomposableMetric)?.passes == .two }
        if let first = twoPass.first(where: { $0.state.awaitsSecondPass }) {
            throw CLIError("plugin '\(first.id)' takes two passes over the rows and this state holds its first only: merge every part's first pass, run `coachlab partial PART --given MERGED` on each part and report on the merge of those (docs/SCALE-OUT.md)")
        }
        guard !twoPass.isEmpty || state.firstPassShards != nil else { return }
        guard let given = state.firstPassShards else {
            throw CLIError("plugin '\(twoPass[0].id)' holds a second pass, but the state does not record the first pass it was given (its '@first-pass' line)")
        }
        guard given == ShardRecord.digest(of: state.shards) else {
            throw CLIError("the second passes cover other shards than the first pass they were given: run the second pass on every part of the first, each given the merge of all of them, and merge all of them")
        }
    }

    /// The dataset description `run` gives, from what the shards recorded.
    private static func description(of state: StateFile) -> DatasetDescription {
        let performance = state.shards.filter { $0.table == .performance }
        let missing = performance.reduce(0) { $0 + $1.missingQuota }
        let zero = performance.reduce(0) { $0 + $1.zeroQuota }
        return DatasetDescription(
            managers: state.dimensions.managers, reps: state.dimensions.reps,
            repMonths: performance.reduce(0) { $0 + $1.rows },
            firstPeriod: performance.compactMap(\.firstPeriod).min().map(MonthIndex.format) ?? "—",
            lastPeriod: performance.compactMap(\.lastPeriod).max().map(MonthIndex.format) ?? "—",
            excludedRepMonths: missing + zero,
            exclusionReasons: DatasetDescription.exclusionReasons(missingQuota: missing, zeroQuota: zero))
    }
}
