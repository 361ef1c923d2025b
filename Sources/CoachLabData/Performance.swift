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
    /// Rows in an order where each rep's rows run from earliest to latest month; nil when
    /// file order already does (see ``RepMonthOrder``), so kernels stream the columns.
    public var monthOrder: [Int32]?

    public init(
        reps: [Int32], periods: [Int32], quotas: [Double], bookings: [Double],
        calls: [Double]? = nil, meetings: [Double]? = nil, opportunitiesCreated: [Double]? = nil,
        pipelineValues: [Double]? = nil, monthOrder: [Int32]? = nil
    ) {
        self.reps = reps
        self.periods = periods
        self.quotas = quotas
        self.bookings = bookings
        self.calls = calls
        self.meetings = meetings
        self.opportunitiesCreated = opportunitiesCreated
        self.pipelineValues = pipelineValues
        self.monthOrder = monthOrder
    }

    public var count: Int { reps.count }

    /// Calls `body` with each row index in an order where every rep's rows run from
    /// earliest to latest month.
    @inlinable
    public func forEachRowInMonthOrder(_ body: (Int) -> Void) {
        if let monthOrder {
            for row in monthOrder { body(Int(row)) }
        } else {
            for row in 0..<count { body(row) }
        }
    }

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
