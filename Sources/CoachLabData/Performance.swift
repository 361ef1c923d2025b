/// performance.csv: one row per rep per month, in file order.
///
/// Numbers are `Double` with NaN for a missing value; integer columns hold whole numbers.
/// Optional columns are nil when the file lacks them or the run did not ask for them.
/// Columns are ``Column``s: a dataset from the column cache reads them where the cache
/// file is mapped.
public struct Performance: Sendable {
    /// The row of reps.csv of each rep-period.
    public var reps: Column<Int32>
    /// ``MonthIndex`` of each rep-period.
    public var periods: Column<Int32>
    public var quotas: Column<Double>
    public var bookings: Column<Double>
    public var calls: Column<Double>?
    public var meetings: Column<Double>?
    public var opportunitiesCreated: Column<Double>?
    public var pipelineValues: Column<Double>?
    /// Rows in an order where each rep's rows run from earliest to latest month; nil when
    /// file order already does (see ``RepMonthOrder``), so kernels stream the columns.
    public var monthOrder: Column<Int32>?

    public init(
        reps: Column<Int32>, periods: Column<Int32>, quotas: Column<Double>, bookings: Column<Double>,
        calls: Column<Double>? = nil, meetings: Column<Double>? = nil, opportunitiesCreated: Column<Double>? = nil,
        pipelineValues: Column<Double>? = nil, monthOrder: Column<Int32>? = nil
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
    public func metric(named name: String) -> Column<Double>? {
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
