import CoachLabPluginAPI
import CoachLabKernels

/// The first pass of activity-to-pipeline over some rows: each model's exact per-manager
/// moments, which models each rep has rows in, and the histogram of calls. Moments and
/// histograms add; a rep's models are a set of bits, joined with OR — so a rep whose rows lie
/// in several shards counts once, and any split of the rows merges to the state of all of them.
public struct FunnelState: PartialState, Equatable {
    /// The models, in ``ActivityToPipeline/specifications`` order.
    static let modelCount = 7

    /// Whether performance.csv has calls, meetings, opportunities_created, pipeline_value.
    var columnsPresent: [Bool]
    /// Rows of performance.csv.
    var rows = 0
    /// Rows of managers.csv, the clusters of every model.
    let managerCount: Int
    /// Each model's moments; nil for a model whose columns performance.csv lacks.
    var models: [ExactClusterMoments?]
    /// Per rep, bit m set when the rep has rows in model m.
    var repModels: [UInt8]
    var histogram = CallsHistogram()

    /// No rows, for these columns and dimension tables.
    init(columnsPresent: [Bool], managerCount: Int, repCount: Int) {
        precondition(columnsPresent.count == 4, "calls, meetings, opportunities, pipeline")
        self.columnsPresent = columnsPresent
        self.managerCount = managerCount
        models = ActivityToPipeline.specifications.map { specification in
            let stages = [specification.outcome] + specification.regressors
            return stages.allSatisfy { $0 >= 4 || columnsPresent[$0] }
                ? ExactClusterMoments(k: specification.regressors.count + 1, managerCount: managerCount) : nil
        }
        repModels = Array(repeating: 0, count: repCount)
    }

    var repCount: Int { repModels.count }

    /// Whether performance.csv has calls and meetings, without which nothing is modelled.
    var hasActivity: Bool { columnsPresent[0] && columnsPresent[1] }

    /// The reps with rows in model `model`.
    func reps(inModel model: Int) -> Int { repModels.count { $0 & (1 << model) != 0 } }

    public mutating func merge(_ other: FunnelState) {
        precondition(mergeProblem(with: other) == nil, "states of the same columns and dimension tables")
        rows += other.rows
        for m in models.indices { models[m]?.merge(other.models[m]!) }
        for rep in repModels.indices { repModels[rep] |= other.repModels[rep] }
        histogram.merge(other.histogram)
    }

    public func mergeProblem(with other: FunnelState) -> String? {
        guard other.repCount == repCount && other.managerCount == managerCount else {
            return "the states were computed against different reps or managers"
        }
        guard other.columnsPresent == columnsPresent else {
            return "the states were computed from shards with different columns of performance.csv"
        }
        return nil
    }
}
