import CoachLabData
/// The points that rep trends' windows name by id. A point is a row of these columns: its
/// month the row's period, its value bookings / quota, divided as the kernel divides.
///
/// A state computed from a dataset names the dataset's own rows (a window is then 32
/// bytes instead of 80, and the state half the memory); a state read back or merged
/// holds its points in columns of its own, with quota 1 (x / 1 is x, to the bit).
struct TrendPoints: Sendable {
    let months: Column<Int32>
    let quotas: Column<Double>
    let bookings: Column<Double>

    /// The rows of `performance`.
    init(_ performance: Performance) {
        months = performance.periods
        quotas = performance.quotas
        bookings = performance.bookings
    }

    /// Points of their own, id `i` being month `months[i]` and value `values[i]`.
    init(months: [Int32], values: [Double]) {
        self.months = Column(months)
        quotas = Column([Double](repeating: 1, count: values.count))
        bookings = Column(values)
    }

    /// Calls `body` with the points as buffers, for loops over many of them.
    func withBuffers<R>(_ body: (Buffers) -> R) -> R {
        months.withUnsafeBufferPointer { months in
        quotas.withUnsafeBufferPointer { quotas in
        bookings.withUnsafeBufferPointer { bookings in
            body(Buffers(months: months, quotas: quotas, bookings: bookings))
        }}}
    }

    struct Buffers {
        let months: UnsafeBufferPointer<Int32>
        let quotas: UnsafeBufferPointer<Double>
        let bookings: UnsafeBufferPointer<Double>

        @inline(__always)
        func point(_ id: Int32) -> MonthWindow.Point {
            MonthWindow.Point(month: months[Int(id)], value: value(id))
        }

        @inline(__always)
        func value(_ id: Int32) -> Double { bookings[Int(id)] / quotas[Int(id)] }

        /// The points `window` holds, in month order.
        func points(_ window: MonthWindow) -> [MonthWindow.Point] {
            (0..<window.count).map { point(window.id(at: $0)) }
        }
    }
}

/// Points gathered into columns of their own, as a state read back or merged holds them.
struct PointsBuilder {
    private var months: [Int32] = []
    private var values: [Double] = []

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

    private mutating func add(_ point: MonthWindow.Point, to window: inout MonthWindow) {
        precondition(months.count < Int(Int32.max), "more points than 32-bit ids can name")
        let id = Int32(months.count)
        months.append(point.month)
        values.append(point.value)
        months.withUnsafeBufferPointer { window.add(id: id, month: point.month, months: $0) }
    }

    var points: TrendPoints { TrendPoints(months: months, values: values) }
}
