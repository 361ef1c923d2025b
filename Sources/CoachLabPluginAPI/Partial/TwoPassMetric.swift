/// A decomposable metric whose rows are read twice: the first pass's states, merged, fix
/// what the second pass needs of all rows. A regression clustered by manager is one: its
/// coefficients come from sums over every rep, and each manager's scores from his reps'
/// residuals at those coefficients, so a part can only form its scores once the fit of all
/// parts is known.
///
/// `coachlab run` makes both passes over its threads' parts; across machines, `coachlab
/// partial PART` writes the first pass, `coachlab merge` joins them, and `coachlab partial
/// PART --given MERGED` the second (docs/SCALE-OUT.md). The state is a
/// ``Partial/TwoPassState``: the merged first pass travels with every second-pass state, so
/// finalize sees both.
public protocol TwoPassMetric: DecomposableMetric where State == Partial.TwoPassState<FirstPass, SecondPass> {
    associatedtype FirstPass: PartialState & Equatable
    associatedtype SecondPass: PartialState

    /// The first pass's state of the rows `context` covers.
    func firstPass(_ context: Partial.Context) throws(PluginError) -> FirstPass

    /// The second pass's state of the rows `context` covers, given `first`, the merged first
    /// pass of all rows.
    func secondPass(_ context: Partial.Context, given first: FirstPass) throws(PluginError) -> SecondPass

    /// The result from both passes over all rows.
    func finalize(_ first: FirstPass, _ second: SecondPass, options: PluginOptions, threads: Int) throws(PluginError) -> MetricResult
}

extension TwoPassMetric {
    /// ``Partial/Passes/two``.
    public var passes: Partial.Passes { .two }

    /// The first pass of the rows `context` covers.
    public func partial(_ context: Partial.Context) throws(PluginError) -> State {
        State(first: try firstPass(context))
    }

    /// The second pass of the rows `context` covers, carrying `merged`, the merged first
    /// pass of all rows; a ``PluginError`` when `merged` is a second pass.
    public func partial(_ context: Partial.Context, given merged: State) throws(PluginError) -> State {
        guard !merged.hasSecondPass else {
            throw PluginError(pluginID: descriptor.id, message: "was given a state of its second pass where the merged first pass belongs")
        }
        return State(first: merged.first, second: try secondPass(context, given: merged.first))
    }

    /// ``finalize(_:options:threads:)`` on one thread.
    public func finalize(_ state: State, options: PluginOptions) throws(PluginError) -> MetricResult {
        try finalize(state, options: options, threads: 1)
    }

    /// The result of a state holding both passes; a ``PluginError`` that says how to make
    /// the second when it holds the first only.
    public func finalize(_ state: State, options: PluginOptions, threads: Int) throws(PluginError) -> MetricResult {
        guard let second = state.second else {
            throw PluginError(pluginID: descriptor.id, message: "takes two passes over the rows and its state holds the first only: merge every part's first pass, run `coachlab partial PART --given MERGED` on each part and report on the merge of those (docs/SCALE-OUT.md)")
        }
        return try finalize(state.first, second, options: options, threads: max(1, threads))
    }
}
