import CoachLabPluginAPI
import CoachLabStatistics

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
        let (quotas, bookings, reps) = (performance.quotas, performance.bookings, performance.reps)
        let managerOfRep = dataset.reps.managers
        let specifications = Self.specifications
        let present = state.models.indices.filter { state.models[$0] != nil }
        var moments = present.map { state.models[$0]! }
        var histogram = CallsHistogram.Builder()
        withUnsafeTemporaryAllocation(of: Double.self, capacity: 10) { scratch in
            // The stages' values, then their logs (NaN where not above zero).
            let values = UnsafeMutableBufferPointer(rebasing: scratch[0..<5])
            let logs = UnsafeMutableBufferPointer(rebasing: scratch[5..<10])
            withUnsafeTemporaryAllocation(of: Double.self, capacity: 3) { x in
                x[0] = 1
                let regressors = UnsafeBufferPointer(x)
                for row in rows {
                    values[0] = calls[row]
                    values[1] = meetings[row]
                    values[2] = opportunities?[row] ?? .nan
                    values[3] = pipeline?[row] ?? .nan
                    values[4] = quotas[row] > 0 ? bookings[row] / quotas[row] : .nan
                    for stage in 0..<5 { logs[stage] = values[stage] > 0 ? Double.log(values[stage]) : .nan }
                    let rep = Int(reps[row])
                    let manager = Int(managerOfRep[rep])
                    var bits: UInt8 = 0
                    models: for (position, m) in present.enumerated() {
                        let (outcome, inputs) = specifications[m]
                        let y = logs[outcome]
                        if y.isNaN { continue }
                        for (j, input) in inputs.enumerated() {
                            if logs[input].isNaN { continue models }
                            x[j + 1] = logs[input]
                        }
                        moments[position].add(manager: manager, x: regressors, y: y, value: values[outcome])
                        bits |= 1 << m
                    }
                    state.repModels[rep] |= bits
                    if !values[0].isNaN { histogram.add(calls: values[0], values[2], values[3], values[4]) }
                }
            }
        }
        for (position, m) in present.enumerated() { state.models[m] = moments[position] }
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
