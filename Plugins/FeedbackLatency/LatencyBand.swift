/// How soon feedback followed the observed call.
enum LatencyBand: Int, CaseIterable {
    case sameDay
    case oneToThreeDays
    case later

    /// `same_day` under 24 hours, `one_to_three_days` from 24 to 72 hours, `later` above.
    init(hours: Double) {
        self = hours < 24 ? .sameDay : hours <= 72 ? .oneToThreeDays : .later
    }

    /// The band's name for people.
    var label: String {
        switch self {
        case .sameDay: "Same day (under 24 h)"
        case .oneToThreeDays: "1 to 3 days"
        case .later: "Later than 3 days"
        }
    }

    /// Each band's id and name for people, for a table's `band` column.
    static var labels: [String: String] {
        Dictionary(uniqueKeysWithValues: allCases.map { ($0.id, $0.label) })
    }

    var id: String {
        switch self {
        case .sameDay: "same_day"
        case .oneToThreeDays: "one_to_three_days"
        case .later: "later"
        }
    }
}
