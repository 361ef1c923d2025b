import CoachLabPluginAPI
import CoachLabStatistics

extension ActivityToPipeline {
    /// The seven models, as stages (0 calls … 4 attainment): the funnel's four links, then
    /// each outcome on calls and meetings together.
    static let specifications: [(outcome: Int, regressors: [Int])] =
        (1..<Funnel.stages.count).map { ($0, [$0 - 1]) } + (2..<Funnel.stages.count).map { ($0, [0, 1]) }

    /// Rows gathered at once before the models take them.
    static let blockRows = 4_096

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
        let present = state.models.indices.filter { state.models[$0] != nil }
        var moments = present.map { state.models[$0]! }
        var histogram = CallsHistogram.Builder()
        // A block of rows at a time, each model over the block in turn: one model's sums for
        // every manager stay in cache while its rows are added.
        let block = Self.blockRows
        var values = [[Double]](repeating: [Double](repeating: 0, count: block), count: 5)
        var logs = values
        var managers = [Int32](repeating: 0, count: block)
        var included = [UInt8](repeating: 0, count: block)
        for start in stride(from: rows.lowerBound, to: rows.upperBound, by: block) {
            let count = min(block, rows.upperBound - start)
            for i in 0..<count {
                let row = start + i
                values[0][i] = calls[row]
                values[1][i] = meetings[row]
                values[2][i] = opportunities?[row] ?? .nan
                values[3][i] = pipeline?[row] ?? .nan
                values[4][i] = quotas[row] > 0 ? bookings[row] / quotas[row] : .nan
                for stage in 0..<5 { logs[stage][i] = values[stage][i] > 0 ? Double.log(values[stage][i]) : .nan }
                managers[i] = managerOfRep[Int(reps[row])]
                included[i] = 0
                if !values[0][i].isNaN { histogram.add(calls: values[0][i], values[2][i], values[3][i], values[4][i]) }
            }
            for (position, m) in present.enumerated() {
                let (outcome, inputs) = Self.specifications[m]
                logs[outcome].withUnsafeBufferPointer { y in
                logs[inputs[0]].withUnsafeBufferPointer { x1 in
                logs[inputs.count > 1 ? inputs[1] : inputs[0]].withUnsafeBufferPointer { x2 in
                values[outcome].withUnsafeBufferPointer { outcomes in
                managers.withUnsafeBufferPointer { managers in
                included.withUnsafeMutableBufferPointer { included in
                    moments[position].add(
                        count, managers: managers.baseAddress!, y: y.baseAddress!, x1: x1.baseAddress!,
                        x2: inputs.count > 1 ? x2.baseAddress! : nil, values: outcomes.baseAddress!,
                        included: included.baseAddress!, bit: 1 << UInt8(m))
                }}}}}}
            }
            for i in 0..<count { state.repModels[Int(reps[start + i])] |= included[i] }
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
