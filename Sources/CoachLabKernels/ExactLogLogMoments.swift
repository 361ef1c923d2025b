import CoachLabData
import CoachLabPluginAPI
import CoachLabStatistics

/// A stage of log-log models: a column, one column over another where that one is above
/// zero (attainment: bookings over quota), or missing from the dataset.
package enum StageColumn: Sendable {
    case values(Column<Double>)
    case ratio(Column<Double>, over: Column<Double>)
    case missing

    var isMissing: Bool { if case .missing = self { true } else { false } }
}

/// What ``Kernels/exactLogLogMoments(stages:models:rows:reps:managerOfRep:managerCount:repCount:)``
/// gathers.
package struct ExactLogLogMoments: Sendable {
    /// Each model's exact per-manager moments; nil for a model with a missing stage.
    package var models: [ExactClusterMoments?]
    /// Per rep, bit m set when the rep has rows in model m.
    package var repModels: [UInt8]
}

extension Kernels {
    /// Rows gathered at once before the models take them.
    static let logLogBlock = 1_024

    /// For each model — log(stage `outcome`) ~ 1 + log(stage r) for its one or two
    /// `regressors` — the exact per-manager moments over the rows `rows` where the outcome
    /// and every regressor are above zero, with Σ of the outcome itself; and the models each
    /// rep has rows in. Rows are taken a block at a time, each model in turn over the block
    /// and each plane of its sums in turn (``ExactClusterMoments``), so that what a pass adds
    /// to stays in cache although rows come in no order of manager.
    /// - Complexity: O(rows × models).
    package static func exactLogLogMoments(
        stages: [StageColumn], models: [(outcome: Int, regressors: [Int])], rows: Range<Int>,
        reps: Column<Int32>, managerOfRep: [Int32], managerCount: Int, repCount: Int
    ) -> ExactLogLogMoments {
        precondition(models.allSatisfy { (1...2).contains($0.regressors.count) }, "one or two regressors per model")
        var gathered = ExactLogLogMoments(
            models: models.map { model in
                ([model.outcome] + model.regressors).contains { stages[$0].isMissing }
                    ? nil : ExactClusterMoments(k: model.regressors.count + 1, managerCount: managerCount)
            },
            repModels: Array(repeating: 0, count: repCount))
        let block = logLogBlock
        var values = [[Double]](repeating: [Double](repeating: .nan, count: block), count: stages.count)
        var logs = values
        var managers = [Int32](repeating: 0, count: block)
        var included = [UInt8](repeating: 0, count: block)
        for start in stride(from: rows.lowerBound, to: rows.upperBound, by: block) {
            let count = min(block, rows.upperBound - start)
            for (s, stage) in stages.enumerated() {
                switch stage {
                case .values(let column):
                    for i in 0..<count { values[s][i] = column[start + i] }
                case .ratio(let numerator, let denominator):
                    for i in 0..<count {
                        let below = denominator[start + i]
                        values[s][i] = below > 0 ? numerator[start + i] / below : .nan
                    }
                case .missing:
                    continue
                }
                for i in 0..<count { logs[s][i] = values[s][i] > 0 ? Double.log(values[s][i]) : .nan }
            }
            for i in 0..<count {
                managers[i] = managerOfRep[Int(reps[start + i])]
                included[i] = 0
            }
            for (m, model) in models.enumerated() where gathered.models[m] != nil {
                let second = model.regressors.count > 1 ? model.regressors[1] : model.regressors[0]
                logs[model.outcome].withUnsafeBufferPointer { y in
                logs[model.regressors[0]].withUnsafeBufferPointer { x1 in
                logs[second].withUnsafeBufferPointer { x2 in
                values[model.outcome].withUnsafeBufferPointer { outcomes in
                managers.withUnsafeBufferPointer { managers in
                included.withUnsafeMutableBufferPointer { included in
                    gathered.models[m]!.add(
                        count, managers: managers.baseAddress!, y: y.baseAddress!, x1: x1.baseAddress!,
                        x2: model.regressors.count > 1 ? x2.baseAddress! : nil, values: outcomes.baseAddress!,
                        included: included.baseAddress!, bit: 1 << UInt8(m))
                }}}}}}
            }
            for i in 0..<count { gathered.repModels[Int(reps[start + i])] |= included[i] }
        }
        return gathered
    }
}
