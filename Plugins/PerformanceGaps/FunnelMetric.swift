import CoachLabPluginAPI

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
    var role: ValueRole {
        switch self {
        case .calls, .meetings, .pipelinePerOpportunity: .quantity
        case .opportunitiesPerCall: .statistic
        case .winRate: .proportion
        }
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

/// One rep's totals over its months, from which the funnel metrics are ratios.
struct FunnelTotals {
    var months = 0
    var calls = 0.0, callMonths = 0
    var meetings = 0.0, meetingMonths = 0
    /// Over months where both parts of each ratio are present.
    var opportunitiesWithCalls = 0.0, callsWithOpportunities = 0.0
    var pipelineWithOpportunities = 0.0, opportunitiesWithPipeline = 0.0
    var bookingsWithPipeline = 0.0, pipelineWithBookings = 0.0

    mutating func add(_ performance: Performance, row: Int) {
        months += 1
        let calls = performance.calls?[row] ?? .nan
        let meetings = performance.meetings?[row] ?? .nan
        let opportunities = performance.opportunitiesCreated?[row] ?? .nan
        let pipeline = performance.pipelineValues?[row] ?? .nan
        let bookings = performance.bookings[row]
        if !calls.isNaN { self.calls += calls; callMonths += 1 }
        if !meetings.isNaN { self.meetings += meetings; meetingMonths += 1 }
        if !calls.isNaN && !opportunities.isNaN { opportunitiesWithCalls += opportunities; callsWithOpportunities += calls }
        if !opportunities.isNaN && !pipeline.isNaN { pipelineWithOpportunities += pipeline; opportunitiesWithPipeline += opportunities }
        if !pipeline.isNaN && !bookings.isNaN { bookingsWithPipeline += bookings; pipelineWithBookings += pipeline }
    }

    /// The rep's value of `metric`; nil without data or with a zero denominator.
    func value(_ metric: FunnelMetric) -> Double? {
        func ratio(_ a: Double, _ b: Double) -> Double? { b > 0 ? a / b : nil }
        switch metric {
        case .calls: return callMonths > 0 ? calls / Double(callMonths) : nil
        case .meetings: return meetingMonths > 0 ? meetings / Double(meetingMonths) : nil
        case .opportunitiesPerCall: return ratio(opportunitiesWithCalls, callsWithOpportunities)
        case .pipelinePerOpportunity: return ratio(pipelineWithOpportunities, opportunitiesWithPipeline)
        case .winRate: return ratio(bookingsWithPipeline, pipelineWithBookings)
        }
    }
}
