import CoachLabSystem
/// A metric computed as *partial → merge → finalize*: a state per piece of the large
/// tables, states merged exactly, the result derived from the merged state alone.
///
/// A metric written this way is only ever computed this way: `coachlab run` splits the
/// rows among its threads through the same three steps that `coachlab partial | merge |
/// report` run across machines, so the two cannot disagree. A metric that cannot be
/// decomposed conforms to ``MetricPlugin`` alone; the distributed commands then refuse it
/// by name (docs/SCALE-OUT.md lists which built-ins are which).
public protocol DecomposableMetric: MetricPlugin {
    associatedtype State: PartialState

    /// The state of the rows `context` covers.
    func partial(_ context: Partial.Context) throws(PluginError) -> State

    /// The result from the merged state of all rows. It sees no dataset: whatever it needs
    /// of the dimension tables (a manager's tier, a rep's id) the state carries.
    func finalize(_ state: State, options: PluginOptions) throws(PluginError) -> MetricResult

    /// The same result, on up to `threads` threads: for a metric whose finalize step is
    /// itself large (one entry per rep to reduce and sort). The default finalises on one.
    /// The result must not depend on `threads`, to the bit.
    func finalize(_ state: State, options: PluginOptions, threads: Int) throws(PluginError) -> MetricResult

    /// How a run spreads the metric over threads; ``Partial/Parallelism/splitRows`` unless
    /// the metric says otherwise.
    var parallelism: Partial.Parallelism { get }
}

extension Partial {
    /// How `coachlab run` spreads a decomposable metric over its threads. Either way the
    /// state is the one ``DecomposableMetric/partial(_:)`` gives for all rows, to the bit.
    public enum Parallelism: Sendable {
        /// One part of the rows per thread, the parts' states computed at once and merged.
        case splitRows
        /// One part of the reps per thread (``Partial/Context/reps``), each part every row of
        /// its reps in every table: for a metric that joins a rep's rows across tables (its
        /// sessions to its months), which a split of each table's rows would cut apart. A
        /// shard for `coachlab partial` is then a whole-rep part (`coachlab split`).
        case wholeReps
        /// One `partial` over all rows, given every thread (``Partial/Context/threads``): for a
        /// state far larger than a part's rows need, such as one entry per rep, that the
        /// metric fills by disjoint groups of reps at once instead of copying it per thread
        /// and merging the copies.
        case withinPartial
    }
}

extension DecomposableMetric {
    /// ``Partial/Parallelism/splitRows``: one part of the rows per thread.
    public var parallelism: Partial.Parallelism { .splitRows }

    /// Finalises on one thread, whatever `threads` allows.
    public func finalize(_ state: State, options: PluginOptions, threads: Int) throws(PluginError) -> MetricResult {
        try finalize(state, options: options)
    }

    /// The partial state of all of `context`'s rows, finalised.
    public func compute(_ context: PluginContext) throws(PluginError) -> MetricResult {
        try finalize(wholeState(context), options: context.options, threads: context.threads)
    }

    /// The state of all of `context`'s rows: the large tables split into one part per
    /// thread, the parts computed at once and merged in order. Exact merges make the state
    /// independent of the split.
    public func wholeState(_ context: PluginContext) throws(PluginError) -> State {
        let dataset = context.dataset
        if parallelism == .withinPartial {
            return try partial(Partial.Context(dataset: dataset, options: context.options, threads: context.threads))
        }
        if parallelism == .wholeReps {
            return try wholeRepsState(context)
        }
        let large = DatasetTable.allCases.filter { !$0.isDimension && dataset.tables.contains($0) }
        let rows = large.map { dataset.rowCount(of: $0) }.max() ?? 0
        // Parts below ~16k rows cost more to merge than they save.
        let parts = max(1, min(context.threads, rows / 16_384))
        let states = SharedBuffer<Result<State, PluginError>?>(repeating: nil, count: parts)
        let options = context.options
        Parallel.forEachPart(of: parts, parts: parts) { owned in
            for part in owned {
                var ranges: [DatasetTable: Range<Int>] = [:]
                for table in large {
                    let count = dataset.rowCount(of: table)
                    ranges[table] = (count * part / parts)..<(count * (part + 1) / parts)
                }
                let partContext = Partial.Context(dataset: dataset, options: options, rowRanges: ranges)
                do throws(PluginError) {
                    states[part] = .success(try partial(partContext))
                } catch {
                    states[part] = .failure(error)
                }
            }
        }
        var merged: State?
        for part in 0..<parts {
            let state = try states[part]!.get()
            if merged == nil { merged = state } else { merged!.merge(state) }
        }
        return merged!
    }

    /// The state of all reps: one contiguous range of reps per thread, the parts computed
    /// at once and merged in order.
    private func wholeRepsState(_ context: PluginContext) throws(PluginError) -> State {
        let dataset = context.dataset
        // Parts below ~4k reps cost more to merge than they save.
        let parts = max(1, min(context.threads, dataset.reps.count / 4_096))
        let states = SharedBuffer<Result<State, PluginError>?>(repeating: nil, count: parts)
        let options = context.options
        let repCount = dataset.reps.count
        Parallel.forEachPart(of: parts, parts: parts) { owned in
            for part in owned {
                let reps = (repCount * part / parts)..<(repCount * (part + 1) / parts)
                do throws(PluginError) {
                    states[part] = .success(try partial(Partial.Context(dataset: dataset, options: options, reps: reps)))
                } catch {
                    states[part] = .failure(error)
                }
            }
        }
        var merged = try states[0]!.get()
        for part in 1..<parts { merged.merge(try states[part]!.get()) }
        return merged
    }

    // Type-erased steps, for the commands that move states between processes.

    /// ``wholeState(_:)``, its state's type erased.
    public func erasedWholeState(_ context: PluginContext) throws(PluginError) -> any PartialState {
        try wholeState(context)
    }

    /// `a` merged with `b`; the reason they cannot be merged when either is not this
    /// plugin's state or ``PartialState/mergeProblem(with:)`` gives one.
    public func erasedMerge(_ a: any PartialState, _ b: any PartialState) throws(Partial.MergeError) -> any PartialState {
        guard var a = a as? State, let b = b as? State else { throw Partial.MergeError("the states are not this plugin's") }
        if let problem = a.mergeProblem(with: b) { throw Partial.MergeError(problem) }
        a.merge(b)
        return a
    }

    /// This plugin's state read from `reader`, its type erased.
    public func erasedDecode(_ reader: inout Partial.Reader) throws(Partial.FormatError) -> any PartialState {
        try State(decoding: &reader)
    }

    /// The result of `state`, which must be this plugin's; a ``PluginError`` when it is another's.
    public func erasedFinalize(_ state: any PartialState, options: PluginOptions, threads: Int = 1) throws(PluginError) -> MetricResult {
        guard let state = state as? State else {
            throw PluginError(pluginID: descriptor.id, message: "was given another plugin's state")
        }
        return try finalize(state, options: options, threads: max(1, threads))
    }
}
