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

    /// How many passes over the rows the state takes; ``Partial/Passes/one`` unless the
    /// metric says otherwise (``TwoPassMetric``).
    var passes: Partial.Passes { get }

    /// The second pass's state of the rows `context` covers, given `firstPass`, the merged
    /// first-pass state of all rows: for a metric of two ``passes``. A metric of one pass
    /// throws (the default).
    func partial(_ context: Partial.Context, given firstPass: State) throws(PluginError) -> State
}

extension Partial {
    /// How many passes over the rows a metric's state takes.
    public enum Passes: Sendable {
        /// Each part's state is computed from its rows alone.
        case one
        /// The first pass's states, merged, fix what the second pass needs of all rows (a
        /// model's coefficients, before each cluster's scores): every part is computed
        /// twice, the second time given the merged first pass (``TwoPassMetric``).
        case two
    }
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

    /// ``Partial/Passes/one``: each part's state from its rows alone.
    public var passes: Partial.Passes { .one }

    /// Throws: a metric of one pass has no second.
    public func partial(_ context: Partial.Context, given firstPass: State) throws(PluginError) -> State {
        throw PluginError(pluginID: descriptor.id, message: "takes one pass over the rows; it has no second pass")
    }

    /// Finalises on one thread, whatever `threads` allows.
    public func finalize(_ state: State, options: PluginOptions, threads: Int) throws(PluginError) -> MetricResult {
        try finalize(state, options: options)
    }

    /// The partial state of all of `context`'s rows, finalised.
    public func compute(_ context: PluginContext) throws(PluginError) -> MetricResult {
        try finalize(wholeState(context), options: context.options, threads: context.threads)
    }

    /// The state of all of `context`'s rows: the large tables split into one part per
    /// thread, the parts computed at once and merged in order, and for a metric of two
    /// ``passes`` the same parts computed again given the merged first pass. Exact merges
    /// make the state independent of the split.
    public func wholeState(_ context: PluginContext) throws(PluginError) -> State {
        let first = try firstPass(context)
        guard passes == .two else { return first }
        return try secondPass(context, given: first)
    }

    /// The first pass over all of `context`'s rows, which for a metric of one pass is its
    /// whole state: what `coachlab partial` writes of a shard unless given a first pass.
    public func firstPass(_ context: PluginContext) throws(PluginError) -> State {
        try stateOverParts(context) { part throws(PluginError) in try partial(part) }
    }

    /// The second pass over all of `context`'s rows, given `first`, the merged first pass
    /// of all of them (for a metric of two ``passes``).
    public func secondPass(_ context: PluginContext, given first: State) throws(PluginError) -> State {
        try stateOverParts(context) { part throws(PluginError) in try partial(part, given: first) }
    }

    /// `pass` run on the parts of `context`'s rows that ``parallelism`` chooses, at once,
    /// and the parts' states merged in order.
    private func stateOverParts(
        _ context: PluginContext, _ pass: @Sendable (Partial.Context) throws(PluginError) -> State
    ) throws(PluginError) -> State {
        let dataset = context.dataset
        let options = context.options
        switch parallelism {
        case .withinPartial:
            return try pass(Partial.Context(dataset: dataset, options: options, threads: context.threads))
        case .wholeReps:
            let reps = context.reps ?? 0..<dataset.reps.count
            // Parts below ~2k reps cost more to merge than they save.
            let parts = max(1, min(context.threads, reps.count / 2_048))
            return try mergedParts(parts) { part in
                let range = (reps.lowerBound + reps.count * part / parts)..<(reps.lowerBound + reps.count * (part + 1) / parts)
                return Partial.Context(dataset: dataset, options: options, reps: range)
            } pass: { context throws(PluginError) in try pass(context) }
        case .splitRows:
            let large = DatasetTable.allCases.filter { !$0.isDimension && dataset.tables.contains($0) }
            let rows = large.map { dataset.rowCount(of: $0) }.max() ?? 0
            // Parts below ~16k rows cost more to merge than they save.
            let parts = max(1, min(context.threads, rows / 16_384))
            return try mergedParts(parts) { part in
                var ranges: [DatasetTable: Range<Int>] = [:]
                for table in large {
                    let count = dataset.rowCount(of: table)
                    ranges[table] = (count * part / parts)..<(count * (part + 1) / parts)
                }
                return Partial.Context(dataset: dataset, options: options, rowRanges: ranges)
            } pass: { context throws(PluginError) in try pass(context) }
        }
    }

    /// `pass` on each of `parts` contexts at once, merged in order.
    private func mergedParts(
        _ parts: Int, context: @Sendable (Int) -> Partial.Context,
        pass: @Sendable (Partial.Context) throws(PluginError) -> State
    ) throws(PluginError) -> State {
        let states = SharedBuffer<Result<State, PluginError>?>(repeating: nil, count: parts)
        Parallel.forEachPart(of: parts, parts: parts) { owned in
            for part in owned {
                do throws(PluginError) {
                    states[part] = .success(try pass(context(part)))
                } catch {
                    states[part] = .failure(error)
                }
            }
        }
        // Each state is taken out of the buffer: the merged one then holds its storage alone,
        // and merging into it does not copy it.
        func taken(_ part: Int) throws(PluginError) -> State {
            defer { states[part] = nil }
            return try states[part]!.get()
        }
        var merged = try taken(0)
        for part in 1..<parts { merged.merge(try taken(part)) }
        return merged
    }

    // Type-erased steps, for the commands that move states between processes.

    /// ``wholeState(_:)``, its state's type erased.
    public func erasedWholeState(_ context: PluginContext) throws(PluginError) -> any PartialState {
        try wholeState(context)
    }

    /// ``firstPass(_:)``, its state's type erased.
    public func erasedFirstPass(_ context: PluginContext) throws(PluginError) -> any PartialState {
        try firstPass(context)
    }

    /// ``secondPass(_:given:)``, its states' types erased; a ``PluginError`` when `first`
    /// is not this plugin's.
    public func erasedSecondPass(_ context: PluginContext, given first: any PartialState) throws(PluginError) -> any PartialState {
        guard let first = first as? State else {
            throw PluginError(pluginID: descriptor.id, message: "was given another plugin's state")
        }
        return try secondPass(context, given: first)
    }

    /// `a` merged with `b`; the reason they cannot be merged when either is not this
    /// plugin's state or ``PartialState/mergeProblem(with:)`` gives one.
    public func erasedMerge(_ a: any PartialState, _ b: any PartialState) throws(Partial.MergeError) -> any PartialState {
        var merged = a
        try erasedMerge(into: &merged, b)
        return merged
    }

    /// Merges `b` into `a` in place, so that a state held nowhere else is not copied; the
    /// reason they cannot be merged (and `a` unchanged) as ``erasedMerge(_:_:)`` gives it.
    public func erasedMerge(into a: inout any PartialState, _ b: any PartialState) throws(Partial.MergeError) {
        guard var merged = a as? State, let b = b as? State else { throw Partial.MergeError("the states are not this plugin's") }
        if let problem = merged.mergeProblem(with: b) { throw Partial.MergeError(problem) }
        // `a` lets go of the state's storage, so that `merged` holds it alone and
        // merging does not copy it.
        a = b
        merged.merge(b)
        a = merged
    }

    /// Why `a` and `b` cannot be merged: either is not this plugin's state, or
    /// ``PartialState/mergeProblem(with:)`` gives a reason; nil when they can.
    public func erasedMergeProblem(_ a: any PartialState, _ b: any PartialState) -> String? {
        guard let a = a as? State, let b = b as? State else { return "the states are not this plugin's" }
        return a.mergeProblem(with: b)
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
