/// Why a row was left out under `--on-error skip`: the categories rejected rows are
/// counted by (in the result notes and JSON) and named by in the rejects file.
public enum RejectReason: String, Sendable, CaseIterable, Comparable, Codable {
    case notANumber = "not_a_number"
    case notAWholeNumber = "not_a_whole_number"
    case notADate = "not_a_date"
    case notAPeriod = "not_a_period"
    case ambiguousDate = "ambiguous_date"
    case invalidText = "invalid_text"
    case wrongFieldCount = "wrong_field_count"
    case missingValue = "missing_value"
    case unknownReference = "unknown_reference"
    case duplicateID = "duplicate_id"
    case duplicateRepPeriod = "duplicate_rep_period"
    case outOfRange = "out_of_range"
    case unknownCategory = "unknown_category"
    case inconsistentDates = "inconsistent_dates"
    case inconsistentAmounts = "inconsistent_amounts"

    /// The reason in words, for notes.
    public var words: String {
        switch self {
        case .notANumber: "not a number"
        case .notAWholeNumber: "not a whole number"
        case .notADate: "not a date"
        case .notAPeriod: "not a period"
        case .ambiguousDate: "a date or period two patterns read differently"
        case .invalidText: "invalid UTF-8 text"
        case .wrongFieldCount: "wrong number of fields"
        case .missingValue: "a required value missing"
        case .unknownReference: "an id not found in the table it refers to"
        case .duplicateID: "a duplicate id"
        case .duplicateRepPeriod: "a duplicate rep-period"
        case .outOfRange: "a value out of range"
        case .unknownCategory: "an unrecognised category"
        case .inconsistentDates: "a due date before the assigned date"
        case .inconsistentAmounts: "bookings that disagree with attainment × quota"
        }
    }

    public static func < (lhs: RejectReason, rhs: RejectReason) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
