import CoachLabPluginAPI
import CoachLabKernels

/// A stage of the sales funnel, measured per rep over its months.
enum FunnelMetric: Int, CaseIterable {
    case calls
    case meetings
    case opportunitiesPerCall
    case pipelinePerOpportunity
    case winRate

    var id: String {
        switch self {
        case .calls: "calls"
        case .meetings: "meetings"
        case .opportunitiesPerCall: "opportunities_per_call"
        case .pipelinePerOpportunity: "pipeline_per_opportunity"
        case .winRate: "win_rate"
        }
    }

    /// How its values read.
    var role: MetricResult.Role {
        switch self {
        case .calls, .meetings, .pipelinePerOpportunity: .quantity
        case .opportunitiesPerCall: .statistic
        case .winRate: .proportion
        }
    }

    /// Each stage's id and name for people (and `none`), for a table's stage columns.
    static var labels: [String: String] {
        Dictionary(uniqueKeysWithValues: allCases.map { ($0.id, $0.label) }).merging(["none": "None"]) { first, _ in first }
    }

    var label: String {
        switch self {
        case .calls: "Calls/month"
        case .meetings: "Meetings/month"
        case .opportunitiesPerCall: "Opps per call"
        case .pipelinePerOpportunity: "Pipeline per opp"
        case .winRate: "Bookings/pipeline"
        }
    }
}

/// One rep's totals over its months, from which the funnel metrics are ratios. Sums are
/// exact, so the totals of any split of the rep's months merge into those of the whole.
struct FunnelTotals: Sendable, Equatable {
    var months = 0
    var callMonths = 0
    var meetingMonths = 0
    /// calls, meetings; then, over months where both parts of each ratio are present:
    /// opportunities & calls, pipeline & opportunities, bookings & pipeline.
    var sums = FunnelSums()

    static let calls = 0, meetings = 1
    static let opportunitiesWithCalls = 2, callsWithOpportunities = 3
    static let pipelineWithOpportunities = 4, opportunitiesWithPipeline = 5
    static let bookingsWithPipeline = 6, pipelineWithBookings = 7

    /// Adds one month; NaN for a value that is missing or whose column is absent.
    mutating func add(_ row: PerformanceRow) {
        let (calls, meetings, opportunities, pipeline, bookings) = (row.calls, row.meetings, row.opportunities, row.pipeline, row.bookings)
        months += 1
        if !calls.isNaN { sums[Self.calls].add(calls); callMonths += 1 }
        if !meetings.isNaN { sums[Self.meetings].add(meetings); meetingMonths += 1 }
        if !calls.isNaN && !opportunities.isNaN {
            sums[Self.opportunitiesWithCalls].add(opportunities)
            sums[Self.callsWithOpportunities].add(calls)
        }
        if !opportunities.isNaN && !pipeline.isNaN {
            sums[Self.pipelineWithOpportunities].add(pipeline)
            sums[Self.opportunitiesWithPipeline].add(opportunities)
        }
        if !pipeline.isNaN && !bookings.isNaN {
            sums[Self.bookingsWithPipeline].add(bookings)
            sums[Self.pipelineWithBookings].add(pipeline)
        }
    }

    mutating func merge(_ other: FunnelTotals) {
        months += other.months
        callMonths += other.callMonths
        meetingMonths += other.meetingMonths
        for index in 0..<FunnelSums.count { sums[index].merge(other.sums[index]) }
    }

    /// The rep's value of `metric`; nil without data, with a zero denominator or a sum
    /// too large to hold.
    func value(_ metric: FunnelMetric) -> Double? {
        func ratio(_ a: Int, _ b: Int) -> Double? {
            guard let top = sums[a].value, let bottom = sums[b].value, bottom > 0 else { return nil }
            return top / bottom
        }
        switch metric {
        case .calls: return callMonths > 0 ? sums[Self.calls].value.map { $0 / Double(callMonths) } : nil
        case .meetings: return meetingMonths > 0 ? sums[Self.meetings].value.map { $0 / Double(meetingMonths) } : nil
        case .opportunitiesPerCall: return ratio(Self.opportunitiesWithCalls, Self.callsWithOpportunities)
        case .pipelinePerOpportunity: return ratio(Self.pipelineWithOpportunities, Self.opportunitiesWithPipeline)
        case .winRate: return ratio(Self.bookingsWithPipeline, Self.pipelineWithBookings)
        }
    }
}
