/// performance.csv: one row per rep per month, in file order.
///
/// Numbers are `Double` with NaN for a missing value; integer columns hold whole numbers.
/// Optional columns are nil when the file lacks them or the run did not ask for them.
public struct Performance: Sendable {
    /// The row of reps.csv of each rep-period.
    public var reps: [Int32]
    /// ``MonthIndex`` of each rep-period.
    public var periods: [Int32]
    public var quotas: [Double]
    public var bookings: [Double]
    public var calls: [Double]?
    public var meetings: [Double]?
    public var opportunitiesCreated: [Double]?
    public var pipelineValues: [Double]?
    /// The rows of each rep, in month order.
    public var byRep: RepPeriodIndex

    public init(
        reps: [Int32], periods: [Int32], quotas: [Double], bookings: [Double],
        calls: [Double]? = nil, meetings: [Double]? = nil, opportunitiesCreated: [Double]? = nil,
        pipelineValues: [Double]? = nil, byRep: RepPeriodIndex
    ) {
        self.reps = reps
        self.periods = periods
        self.quotas = quotas
        self.bookings = bookings
        self.calls = calls
        self.meetings = meetings
        self.opportunitiesCreated = opportunitiesCreated
        self.pipelineValues = pipelineValues
        self.byRep = byRep
    }

    public var count: Int { reps.count }

    /// The activity column named as in performance.csv, when loaded.
    public func metric(named name: String) -> [Double]? {
        switch name {
        case "quota": quotas
        case "bookings": bookings
        case "calls": calls
        case "meetings": meetings
        case "opportunities_created": opportunitiesCreated
        case "pipeline_value": pipelineValues
        default: nil
        }
    }

    /// The columns an assignment's `target_metric` may name.
    public static let metricNames = [
        "quota", "bookings", "calls", "meetings", "opportunities_created", "pipeline_value",
    ]
}
