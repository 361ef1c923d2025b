import CoachLabStatistics

/// A change in activity to project, as `calls=+100%` or `calls=+50%,meetings=-10%`.
struct Scenario: Equatable {
    /// The relative change of each activity (calls, meetings): 1.0 = +100%.
    var changes: [String: Double]

    static let activities = ["calls", "meetings"]

    /// Parses `text`; nil with a reason when it is not a scenario.
    static func parse(_ text: String) -> Result<Scenario, ScenarioError> {
        var changes: [String: Double] = [:]
        for part in text.split(separator: ",") {
            let pieces = part.split(separator: "=", maxSplits: 1).map { $0.trimmingSpaces }
            guard pieces.count == 2, activities.contains(pieces[0]) else {
                return .failure(ScenarioError("'\(part)' is not ACTIVITY=CHANGE% with ACTIVITY calls or meetings"))
            }
            var number = pieces[1]
            guard number.hasSuffix("%") else { return .failure(ScenarioError("'\(pieces[1])' should be a percentage such as +100%")) }
            number.removeLast()
            guard let percent = Double(number.hasPrefix("+") ? String(number.dropFirst()) : number), percent.isFinite, percent > -100 else {
                return .failure(ScenarioError("'\(pieces[1])' is not a change above -100%"))
            }
            changes[pieces[0]] = percent / 100
        }
        guard !changes.isEmpty else { return .failure(ScenarioError("the scenario is empty")) }
        return .success(Scenario(changes: changes))
    }

    /// The log of (1 + change) for each regressor in order (calls, meetings).
    var logFactors: [Double] { Self.activities.map { Double.log(onePlus: changes[$0] ?? 0) } }

    var description: String {
        Self.activities.compactMap { name in
            changes[name].map { "\(name)=\($0 >= 0 ? "+" : "")\(Self.percent($0))%" }
        }.joined(separator: ",")
    }

    private static func percent(_ share: Double) -> String {
        let value = share * 100
        return value == value.rounded() ? String(Int(value)) : String(value)
    }
}

struct ScenarioError: Error {
    var message: String
    init(_ message: String) { self.message = message }
}

extension Substring {
    fileprivate var trimmingSpaces: String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}
