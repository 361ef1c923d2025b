import CoachLabData
/// The points that rep trends' windows name by id. A point is a row of these columns: its
/// month the row's period, its value bookings / quota, divided as the kernel divides.
///
/// A state computed from a dataset names the dataset's own rows (a window is then 32
/// bytes instead of 80, and the state half the memory); a state read back or merged
/// holds its points in arrays of its own, each point's value as divided before.
struct TrendPoints: Sendable {
    private var storage: Storage

    private enum Storage: Sendable {
        case rows(months: Column<Int32>, quotas: Column<Double>, bookings: Column<Double>)
        case own(months: [Int32], values: [Double])
    }

    /// The rows of `performance`.
    init(_ performance: Performance) {
        storage = .rows(months: performance.periods, quotas: performance.quotas, bookings: performance.bookings)
    }

    /// Points of their own, id `i` being month `months[i]` and value `values[i]`.
    init(months: [Int32], values: [Double]) {
        precondition(months.count == values.count, "a value per month")
        storage = .own(months: months, values: values)
    }

    /// Whether the points are arrays of their own, which ``extend(_:)`` appends to.
    var isOwn: Bool {
        if case .own = storage { true } else { false }
    }

    /// Calls `body` with the points as buffers, for loops over many of them.
    func withBuffers<R>(_ body: (Buffers) -> R) -> R {
        switch storage {
        case .rows(let months, let quotas, let bookings):
            months.withUnsafeBufferPointer { months in
            quotas.withUnsafeBufferPointer { quotas in
            bookings.withUnsafeBufferPointer { bookings in
                body(Buffers(months: months, quotas: quotas, values: bookings))
            }}}
        case .own(let months, let values):
            months.withUnsafeBufferPointer { months in
            values.withUnsafeBufferPointer { values in
                body(Buffers(months: months, quotas: nil, values: values))
            }}
        }
    }

    /// Runs `body` with a builder that appends to these points, which must be their own:
    /// the ids already given keep naming the same points.
    mutating func extend<R>(_ body: (inout PointsBuilder) -> R) -> R {
        guard case .own(let months, let values) = storage else { preconditionFailure("points of their own") }
        // Let go of the stored arrays first, so that the builder appends to them in place.
        storage = .own(months: [], values: [])
        var builder = PointsBuilder(months: months, values: values)
        defer { self = builder.points }
        return body(&builder)
    }

    struct Buffers {
        let months: UnsafeBufferPointer<Int32>
        /// Each point's divisor, the row's quota; nil for points of their own, whose values
        /// are already divided.
        let quotas: UnsafeBufferPointer<Double>?
        let values: UnsafeBufferPointer<Double>

        @inline(__always)
        func point(_ id: Int32) -> MonthWindow.Point {
            MonthWindow.Point(month: months[Int(id)], value: value(id))
        }

        @inline(__always)
        func value(_ id: Int32) -> Double {
            guard let quotas else { return values[Int(id)] }
            return values[Int(id)] / quotas[Int(id)]
        }

        /// The points `window` holds, in month order.
        func points(_ window: MonthWindow) -> [MonthWindow.Point] {
            (0..<window.count).map { point(window.id(at: $0)) }
        }
    }
}

/// Points gathered into arrays of their own, as a state read back or merged holds them.
struct PointsBuilder {
    private var months: [Int32]
    private var values: [Double]

    init() {
        months = []
        values = []
    }

    /// A builder appending to these points (``TrendPoints/extend(_:)``).
    fileprivate init(months: consuming [Int32], values: consuming [Double]) {
        self.months = months
        self.values = values
    }

    /// A window of `points`, added in the order given, its ids naming them here.
    mutating func window(keepsEarliest: Bool, _ points: [MonthWindow.Point]) -> MonthWindow {
        var window = MonthWindow(keepsEarliest: keepsEarliest)
        for point in points { add(point, to: &window) }
        return window
    }

    /// The window of the points `first` holds and then those `second` holds (two states'
    /// windows of one rep, merged), without gathering them into an array.
    mutating func window(
        _ first: MonthWindow, in firstPoints: TrendPoints.Buffers, _ second: MonthWindow, in secondPoints: TrendPoints.Buffers
    ) -> MonthWindow {
        var window = MonthWindow(keepsEarliest: first.keepsEarliest)
        for index in 0..<first.count { add(firstPoints.point(first.id(at: index)), to: &window) }
        for index in 0..<second.count { add(secondPoints.point(second.id(at: index)), to: &window) }
        return window
    }

    /// The window of the points `window` holds in `points`, named here.
    mutating func window(copying window: MonthWindow, from points: TrendPoints.Buffers) -> MonthWindow {
        var copy = MonthWindow(keepsEarliest: window.keepsEarliest)
        for index in 0..<window.count { add(points.point(window.id(at: index)), to: &copy) }
        return copy
    }

    private mutating func add(_ point: MonthWindow.Point, to window: inout MonthWindow) {
        precondition(months.count < Int(Int32.max), "more points than 32-bit ids can name")
        let id = Int32(months.count)
        months.append(point.month)
        values.append(point.value)
        months.withUnsafeBufferPointer { window.add(id: id, month: point.month, months: $0) }
    }

    var points: TrendPoints { TrendPoints(months: months, values: values) }
}
