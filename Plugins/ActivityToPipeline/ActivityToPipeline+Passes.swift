import CoachLabPluginAPI
import CoachLabKernels

extension ActivityToPipeline {
    /// The seven models, as stages (0 calls … 4 attainment): the funnel's four links, then
    /// each outcome on calls and meetings together.
    static let specifications: [(outcome: Int, regressors: [Int])] =
        (1..<Funnel.stages.count).map { ($0, [$0 - 1]) } + (2..<Funnel.stages.count).map { ($0, [0, 1]) }

    /// The first pass over the rows `context` covers: each model's moments, the models each
    /// rep has rows in, and the histogram of calls.
    public func firstPass(_ context: Partial.Context) throws(PluginError) -> FunnelState {
        _ = try scenario(context.options)
        let dataset = context.dataset
        let performance = dataset.performance
        let rows = context.rows(of: .performance)
        var state = FunnelState(
            columnsPresent: [performance.calls != nil, performance.meetings != nil,
                             performance.opportunitiesCreated != nil, performance.pipelineValues != nil],
            managerCount: dataset.managers.count, repCount: dataset.reps.count)
        state.rows = rows.count
        guard let calls = performance.calls, let meetings = performance.meetings else { return state }
        let (opportunities, pipeline) = (performance.opportunitiesCreated, performance.pipelineValues)
        let (quotas, bookings) = (performance.quotas, performance.bookings)
        let gathered = Kernels.exactLogLogMoments(
            stages: [.values(calls), .values(meetings), opportunities.map { .values($0) } ?? .missing,
                     pipeline.map { .values($0) } ?? .missing, .ratio(bookings, over: quotas)],
            models: Self.specifications, rows: rows, reps: performance.reps,
            managerOfRep: dataset.reps.managers, managerCount: dataset.managers.count, repCount: dataset.reps.count)
        state.models = gathered.models
        state.repModels = gathered.repModels
        var histogram = CallsHistogram.Builder()
        for row in rows where !calls[row].isNaN {
            histogram.add(calls: calls[row], opportunities?[row] ?? .nan, pipeline?[row] ?? .nan,
                          quotas[row] > 0 ? bookings[row] / quotas[row] : .nan)
        }
        state.histogram = histogram.histogram()
        return state
    }

    /// The second pass over the rows `context` covers, given `first`, the merged first pass
    /// of all rows: the groups of the activity curve each rep has rows in.
    public func secondPass(_ context: Partial.Context, given first: FunnelState) throws(PluginError) -> CurveRepsState {
        let dataset = context.dataset
        var state = CurveRepsState(repCount: dataset.reps.count)
        guard state.repGroups.count == first.repCount else {
            throw PluginError(pluginID: descriptor.id, message: "was given a first pass of \(first.repCount) reps; reps.csv has \(dataset.reps.count)")
        }
        guard let calls = dataset.performance.calls, let groups = CallsGroups(first.histogram) else { return state }
        let reps = dataset.performance.reps
        for row in context.rows(of: .performance) {
            let value = calls[row]
            if value.isNaN { continue }
            state.repGroups[Int(reps[row])] |= 1 << groups.group(of: value)
        }
        return state
    }

    /// The scenario the options give; a ``PluginError`` naming what is wrong with it.
    func scenario(_ options: PluginOptions) throws(PluginError) -> Scenario {
        switch Scenario.parse(options[Self.scenario]) {
        case .success(let parsed): return parsed
        case .failure(let error): throw PluginError(pluginID: descriptor.id, message: "scenario: \(error.message)")
        }
    }
}
