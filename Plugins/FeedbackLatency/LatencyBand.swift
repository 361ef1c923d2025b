/// How soon feedback followed the observed call.
enum LatencyBand: Int, CaseIterable {
    case sameDay
    case oneToThreeDays
    case later

    /// `same_day` under 24 hours, `one_to_three_days` from 24 to 72 hours, `later` above.
    init(hours: Double) {
        self = hours < 24 ? .sameDay : hours <= 72 ? .oneToThreeDays : .later
    }

    var id: String {
        switch self {
        case .sameDay: "same_day"
        case .oneToThreeDays: "one_to_three_days"
        case .later: "later"
        }
    }
}
